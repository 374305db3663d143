// The log panel in the real extension host, on real containers of the sample
// image: a crash-looping init() shows each run's traceback with restart marks
// between runs, the webview renders the rows, a frame link opens score.py at
// the failing line, and several services stream apart, each closed tab
// ending its stream.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/platform/commandIds';
import type { LogSource } from '../../../src/core/logs/logSource';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import { docker, readableTempDir, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor, waitHealthy } from '../../support/docker';
import { screenshot, typeInLogFilter, wheelInLogPanel } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const runLabel = `com.azureml-debug.test-run=${uniqueName('logs')}`;
const repo = path.resolve(__dirname, '../../../..');

/** Sockets the extension host holds open (the Docker log streams among them). */
function socketSet(): Set<unknown> {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return new Set(handles.filter((h) => (h as { constructor?: { name?: string } }).constructor?.name === 'Socket' && !(h as { destroyed?: boolean }).destroyed));
}

function openSockets(): number {
  return socketSet().size;
}

describe('log panel (real Docker engine)', function () {
  this.timeout(120000);
  let api: TestApi;
  let app: string;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';

  const nodeFor = (id: string) =>
    waitFor('the service node', () => {
      const tree = api.tree!;
      return tree
        .getChildren()
        .flatMap((c) => tree.getChildren(c))
        .find((n: ServiceTreeNode) => n.type === 'service' && n.serviceId === id);
    });

  before(async () => {
    api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    // The Docker connection starts when the services view is first shown.
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api.model.connection('docker')?.status === 'connected', 30000);
    // The broken app lives outside the workspace; the bind mount is how the panel maps its frames.
    app = readableTempDir('aml-logs-app-');
    fs.cpSync(path.join(repo, 'test/fixtures/apps/init-raises'), app, { recursive: true });
  });

  after(async () => {
    for (const id of api.logs?.tabIds() ?? []) api.logs?.close(id);
    await removeLabelled(runLabel);
    if (app) fs.rmSync(app, { recursive: true, force: true });
  });

  it('shows every run of a crash loop with restart marks, and a frame link opens score.py at the line', async () => {
    const name = uniqueName('aml-crashloop');
    const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel, '--restart', 'on-failure:2',
      '-v', `${app}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', SAMPLE_IMAGE);
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, await nodeFor(id));
    const tab = `docker:${id}`;
    // Three runs (two restarts), each failing in init().
    const entries = await waitFor(
      'three runs in the panel',
      () => {
        const es = api.logs!.entriesFor(tab);
        const reasons = es.filter((e) => e.text.includes('Reason: Worker failed to boot.')).length;
        // The third run over: its server banner and runit's verdict come after "Reason: ...", and no run follows.
        const over = /Exit code 3 is not normal\. Killing image\./.test([...es].reverse().find((e) => e.text.trim() !== '')?.text ?? '');
        return reasons === 3 && over && es.filter((e) => e.kind === 'restart').length === 2 ? es : undefined;
      },
      60000,
    );
    const marks = entries.flatMap((e, i) => (e.kind === 'restart' ? [i] : []));
    for (const m of marks) {
      // runit starts each run (nginx/run or gunicorn/run first) and its finish script ends a crashed one.
      assert.match(entries[m + 1].text, / - (gunicorn|nginx)\/run/, 'a restart mark sits right before the next run');
      assert.match(entries[m - 1].text, /Exit code 3 is not normal\. Killing image\./, 'and right after the run that crashed');
    }
    // Each run's init() traceback is set apart (the real server also logs tracebacks of its own, e.g. "Error while fetching model IDs").
    assert.equal(entries.filter((e) => e.traceback === 'start' && e.text.includes('Encountered Exception')).length, 3);
    assert.ok(entries.filter((e) => e.text.includes("User's init function failed")).every((e) => e.level === 'error'));
    // The source reopened after each restart from the last timestamp: nothing twice.
    const stamped = entries.filter((e) => e.kind === 'line').map((e) => `${e.stream} ${e.time} ${e.text}`);
    assert.equal(new Set(stamped).size, stamped.length, 'no line is duplicated across the reopened streams');

    const newest = [...entries].reverse().find((e) => e.text.trim() !== '')!.text;
    // What the webview shows: the same rows, the newest in sight, with the frame link.
    let last: unknown;
    const probe = await waitFor('the webview to show the last run', async () => {
      const p = await api.logs!.probeWebview();
      last = p && { ...p, shown: p.shown.slice(-3), entries: entries.length };
      // The newest line: runit's verdict on the last run (the server's banner and "Reason: ..." come before it).
      return p && p.active === tab && p.rows === entries.length && p.shown.some((s) => s.includes(newest)) ? p : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; the webview said ${JSON.stringify(last)}`);
    });
    assert.ok(probe.shown.length > 0);
    // Three runs of output and two restart marks arrived while it followed: nothing the user did unpinned it.
    assert.equal(probe.follow, true);
    // The frames of the tracebacks (a real run prints its banner after the traceback, so they may be out of sight unfiltered).
    api.logs!.present(tab, { filter: 'File "/' });
    const frames = await waitFor('the traceback frames', async () => {
      const p = await api.logs!.probeWebview();
      return p?.links.length ? p : undefined;
    });
    const link = frames.links.find((l) => l.path === '/var/azureml-app/score.py');
    assert.deepEqual(link, { path: '/var/azureml-app/score.py', line: 16 });
    assert.ok(frames.shown.some((s) => s.includes('azureml_inference_server_http')), 'server frames are shown');
    assert.ok(!frames.links.some((l) => l.path.includes('azureml_inference_server_http')), 'server frames are not links');
    // A real run is over a hundred lines (runit's runtime information, pip freeze, the banner): the last restart is scrolled to.
    api.logs!.present(tab, { filter: '', reveal: 'lastRestart' });
    await waitFor('a restart mark rendered', async () => ((await api.logs!.probeWebview())?.shown.some((s) => s.includes('Restarted')) ? true : undefined));
    await screenshot('log-panel-crash-loop');

    assert.equal(await api.logs!.openFrame(tab, link.path, link.line), true);
    const editor = await waitFor('score.py open at the failing line', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.fsPath === path.join(app, 'score.py') ? e : undefined;
    });
    assert.equal(editor.selection.active.line, 15);
    assert.match(editor.document.lineAt(15).text, /raise ValueError/);

    // "Previous run": only the run before the last restart, in the webview.
    api.logs!.present(tab, { reveal: 'previousRun' });
    const previous = await waitFor('the previous run alone', async () => {
      const p = await api.logs!.probeWebview();
      return p?.rows === marks[1] - marks[0] - 1 ? p : undefined;
    });
    // Revealed at its start, which runit's start lines open.
    assert.ok(previous.shown.some((s) => / - (gunicorn|nginx)\/run/.test(s)), previous.shown.join('\n'));
    assert.ok(!previous.shown.some((s) => s.includes('Restarted')));
    // The filter, back over all runs: each run's three ValueError lines (init()'s two, and the one
    // ending the server's own "Error while fetching model IDs" traceback), and the marks between runs.
    api.logs!.present(tab, { filter: 'ValueError', reveal: 'lastRestart' });
    const filtered = await waitFor('the filtered rows', async () => {
      const p = await api.logs!.probeWebview();
      return p?.rows === 3 * 3 + 2 ? p : undefined;
    });
    assert.ok(filtered.shown.every((s) => s.includes('ValueError') || s.includes('Restarted')));
    api.logs!.present(tab, { filter: '' });

    const doc = await api.logs!.openDocument(tab, true);
    assert.equal(doc.languageId, 'azureml-log');
    // A read-only snapshot, not an untitled buffer: nothing asks to save it (nor blocks a debug start).
    assert.equal(doc.uri.scheme, 'azureml-log');
    assert.equal(doc.isUntitled, false);
    assert.equal(doc.isDirty, false);
    const text = doc.getText().split('\n');
    assert.equal(text.filter((l) => /^──────── Restarted · .* ────────$/.test(l)).length, 2);
    assert.ok(text.some((l) => /^\d{4}-\d\d-\d\dT\S+Z {3}File "\/var\/azureml-app\/score\.py", line 16, in init$/.test(l)));
  });

  it('takes a burst of 100,000 lines into a bounded tab, with only the rows in sight in the DOM', async () => {
    // A source of our own (the LogSource contract any source implements), writing one burst.
    let opened = 0;
    let disposed = 0;
    const source: LogSource = {
      id: 'burst:1',
      title: 'burst',
      open: (_options, sink) => {
        opened++;
        let text = '';
        for (let i = 0; i < 100_000; i++) text += `2026-11-23T19:00:00.${String(i).padStart(9, '0')}Z 2026-11-23 19:00:00,000 | root | INFO | burst line ${i}\n`;
        sink.data({ text, stream: 'stdout' });
        return { dispose: () => void disposed++ };
      },
    };
    const id = api.logs!.show(source);
    const capacity = vscode.workspace.getConfiguration('azuremlDebug').get<number>('logs.maxLines', 50000);
    assert.equal(api.logs!.linesFor(id).length, capacity);
    assert.equal(api.logs!.linesFor(id).at(-1), '2026-11-23 19:00:00,000 | root | INFO | burst line 99999');
    let last: unknown;
    const probe = await waitFor('the burst in the webview', async () => {
      const p = await api.logs!.probeWebview();
      last = p && { ...p, shown: p.shown.slice(-3) };
      return p?.active === id && p.rows === capacity && p.shown.some((s) => s.includes('burst line 99999')) ? p : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; the webview said ${JSON.stringify(last)}`);
    });
    assert.ok(probe.shown.length < 200, `only visible rows are in the DOM (${probe.shown.length})`);
    api.logs!.close(id);
    // The tab read the history's last lines apart, then let that read go once its stream held them.
    assert.equal(opened, 2);
    assert.equal(disposed, 2, 'closing the tab disposed its stream');
  });

  it('keeps every key typed in the filter box while the extension answers for an older text', async () => {
    // A service whose log holds 3,000 scoring lines, opened from its tree node.
    const name = uniqueName('aml-logs-filter');
    const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel, '--label', `amlServiceName=${name}`,
      '--entrypoint', 'sh', SAMPLE_IMAGE, '-c', "seq -f 'scored request %g in 1.2 ms' 1 3000; exec sleep infinity");
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, await nodeFor(id));
    const tab = `docker:${id}`;
    await waitFor('the 3,000 lines in the tab', () => api.logs!.linesFor(tab).length === 3000 || undefined);
    // Keys a little slower than the box's 60 ms wait: each text typed goes to
    // the extension, and its answer lands after the next key. The box used to
    // take that answer and lose the key typed since.
    const value = await typeInLogFilter([{ text: 'request 7', delayMs: 62, pauseMs: 0 }]);
    assert.equal(value, 'request 7', 'the filter box holds every key typed');
    // And the extension filtered by the whole text: request 7, 70-79 and 700-799.
    let last: unknown;
    const probe = await waitFor('the filtered rows', async () => {
      const p = await api.logs!.probeWebview();
      last = p && { ...p, shown: p.shown.slice(0, 3) };
      return p?.active === tab && p.rows === 111 ? p : undefined;
    }).catch((err: Error) => {
      throw new Error(`${err.message}; the webview said ${JSON.stringify(last)}`);
    });
    assert.ok(probe.shown.length > 0 && probe.shown.every((row) => row.includes('request 7')), JSON.stringify(probe.shown.slice(0, 5)));
    await screenshot('log-panel-filter-typed');
    api.logs!.present(tab, { filter: '' });
    api.logs!.close(tab);
  });

  it('opens a service\'s log on its newest line right after the user scrolled another', async () => {
    // Two services that logged 2,000 and 3,000 lines.
    const started = async (tag: string, lines: number) => {
      const name = uniqueName(`aml-logs-${tag}`);
      const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel, '--label', `amlServiceName=${name}`,
        '--entrypoint', 'sh', SAMPLE_IMAGE, '-c', `seq -f '${tag} line %g' 1 ${lines}; exec sleep infinity`);
      await waitFor(`${tag} to log`, async () => (await docker('logs', '--tail', '1', id)).includes(`${tag} line ${lines}`) || undefined);
      return id;
    };
    const first = await started('first', 2000);
    const second = await started('second', 3000);
    const inSight = (tab: string, count: number, last: string) => async () => {
      const p = await api.logs!.probeWebview();
      return p?.active === tab && p.rows === count && p.follow && p.shown.some((row) => row.includes(last)) ? p : undefined;
    };
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, await nodeFor(first));
    await waitFor('the first log at its newest line', inSight(`docker:${first}`, 2000, 'first line 2000'));
    // The user scrolls up through the first log, then opens the second within the second after.
    assert.ok(await wheelInLogPanel(-5000), 'the runner turned the wheel');
    await waitFor('the first log paused by the scroll', async () => ((await api.logs!.probeWebview())?.follow === false) || undefined);
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, await nodeFor(second));
    // The new tab's empty first rows make Chromium clamp the view to the top,
    // and dispatch that scroll a frame later. When the tab's first lines have
    // landed by then, the scroll reads "not at the bottom"; taken as the
    // user's (their wheel was under a second before), it left the new log
    // paused at its top. That landing is a race this test does not control
    // (the bench lost it about one run in three); the rule is pinned by
    // test/unit/logs/userScroll.test.ts.
    let last: unknown;
    await waitFor('the second log at its newest line, following', async () => {
      const p = await api.logs!.probeWebview();
      last = p && { ...p, shown: p.shown.slice(-2) };
      return (await inSight(`docker:${second}`, 3000, 'second line 3000')()) ?? undefined;
    }, 15000).catch((err: Error) => {
      throw new Error(`${err.message}; the webview said ${JSON.stringify(last)}`);
    });
    await screenshot('log-panel-opened-after-scroll');
    for (const id of [first, second]) api.logs!.close(`docker:${id}`);
  });

  it('streams several services apart, and closing a tab ends its stream', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      ids.push(await docker('run', '-d', '--name', uniqueName(`aml-logs-${i}`), '--label', TEST_LABEL, '--label', runLabel,
        '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE));
    }
    const socketsBefore = socketSet();
    for (const id of ids) await vscode.commands.executeCommand(CommandIds.serviceShowLogs, await nodeFor(id));
    for (const id of ids) {
      await waitFor('init done in its tab', () => api.logs!.linesFor(`docker:${id}`).some((t) => t.includes("Users's init has completed successfully")));
    }
    assert.ok(ids.every((id) => api.logs!.tabIds().includes(`docker:${id}`)));
    // A request to the first service shows in its tab only.
    const port = api.model.get('docker', ids[0])!.scoringPort!.hostPort;
    await waitHealthy(port);
    const res = await fetch(`http://127.0.0.1:${port}/score`, { method: 'POST', body: fs.readFileSync(path.join(workspace, 'sample-request.json')) });
    assert.equal(res.status, 200);
    await waitFor('the request in the first tab', () => api.logs!.linesFor(`docker:${ids[0]}`).some((t) => t.includes('POST /score')));
    assert.ok(!api.logs!.linesFor(`docker:${ids[1]}`).some((t) => t.includes('POST /score')));
    // Counted by identity: an idle keep-alive socket of an earlier request
    // closing meanwhile must not hide the two new ones.
    const opened = [...socketSet()].filter((h) => !socketsBefore.has(h));
    assert.ok(opened.length >= 2, `two log streams hold sockets (${opened.length} new)`);
    const socketsStreaming = openSockets();

    for (const id of ids) api.logs!.close(`docker:${id}`);
    assert.ok(!ids.some((id) => api.logs!.tabIds().includes(`docker:${id}`)));
    await waitFor('the log sockets to close', () => (openSockets() <= socketsStreaming - 2 ? true : undefined));
  });
});
