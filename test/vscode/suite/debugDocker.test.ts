// The `azureml` debug type inside a real extension host with NO Python
// extension installed: F5 on a launch configuration of the sample stops in
// init() and then in run() of the workspace score.py, an edit plus the
// Restart command changes the scoring answer, and stopping removes the
// container. Real Docker, real debugpy, real VS Code debug service.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import type { TestApi } from '../../../src/testApi';
import { TEST_LABEL, docker, readableTempDir, removeLabelled, uniqueName, waitFor } from '../../support/docker';
import { saveLaunchJson } from '../gestures';
import { screenshot } from '../screenshot';

const root = path.resolve(__dirname, '../../../..');
const runLabel = `com.azureml-debug.testrun=${uniqueName('host-debug')}`;

interface Stop {
  session: vscode.DebugSession;
  threadId: number;
  reason: string;
}

function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${file}`);
  return i + 1;
}

async function ourContainers(): Promise<string[]> {
  const out = await docker('ps', '-aq', '--filter', `label=${runLabel}`);
  return out ? out.split('\n') : [];
}

/** An `azureml` launch of `appFolder` on free host ports, labelled for this run's cleanup. */
function launchOf(name: string, appFolder: string): vscode.DebugConfiguration {
  return {
    type: 'azureml',
    request: 'launch',
    name,
    appFolder,
    scoringPort: 0,
    debugPort: 0,
    labels: { [TEST_LABEL.split('=')[0]]: '1', [runLabel.split('=')[0]]: runLabel.split('=')[1] },
  };
}

/**
 * Saves `config` as the workspace's launch.json and starts it by name, as F5
 * on it does (VS Code reads, substitutes and resolves it). The configurations
 * users get as written are started this way in userPath.test.ts; these carry
 * the run's labels and free ports so that the suite can clean up after itself.
 */
async function startByName(config: vscode.DebugConfiguration): Promise<boolean> {
  const folder = vscode.workspace.workspaceFolders![0];
  await saveLaunchJson(folder, [config]);
  return vscode.debug.startDebugging(folder, config.name);
}

async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const r = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
  return { status: r.status, text: await r.text() };
}

describe('azureml debug type in the extension host (no Python extension)', function () {
  this.timeout(240000);
  const disposables: vscode.Disposable[] = [];
  const stops: Stop[] = [];
  let output = '';
  let app = '';
  let api: TestApi;

  /** The log panel tab following a container (ids from `docker ps` are short). */
  const tabOf = (shortId: string) => api.logs!.tabIds().find((t) => t.startsWith(`docker:${shortId}`));

  // The workspace's launch.json as it was, put back afterwards for the suites that follow.
  const launchJson = path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? root, '.vscode', 'launch.json');
  const launchJsonBefore = existsSync(launchJson) ? readFileSync(launchJson, 'utf8') : undefined;
  const vscodeFolderBefore = existsSync(path.dirname(launchJson));

  before(async () => {
    api = await vscode.extensions.getExtension<TestApi>('azureml-debug.azureml-deployment-debugger')!.activate();
    app = readableTempDir('azureml-debug-host-app-');
    cpSync(path.join(root, 'sample'), app, { recursive: true });
    disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('azureml', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: DP.ProtocolMessage) => {
            if (m.type !== 'event') return;
            const e = m as DP.Event;
            if (e.event === 'stopped') stops.push({ session, threadId: (e as DP.StoppedEvent).body.threadId ?? 0, reason: (e as DP.StoppedEvent).body.reason });
            if (e.event === 'output') output += (e as DP.OutputEvent).body.output;
          },
        }),
      }),
    );
  });

  after(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    for (const d of disposables) d.dispose();
    await removeLabelled(runLabel);
    rmSync(app, { recursive: true, force: true });
    if (launchJsonBefore !== undefined) writeFileSync(launchJson, launchJsonBefore);
    else rmSync(vscodeFolderBefore ? launchJson : path.dirname(launchJson), { recursive: true, force: true });
  });

  it('needs no Python extension', () => {
    assert.equal(vscode.extensions.getExtension('ms-python.python'), undefined);
    assert.equal(vscode.extensions.getExtension('ms-python.debugpy'), undefined);
  });

  it('stops in init() then run(), restarts with an edit, and removes the container on stop', async () => {
    const score = path.join(app, 'score.py');
    const uri = vscode.Uri.file(score);
    const initLine = lineOf(score, 'model_dir = os.getenv');
    const runLine = lineOf(score, 'data = json.loads(raw_data)');
    vscode.debug.addBreakpoints([initLine, runLine].map((l) => new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(l - 1, 0)))));

    const started: vscode.DebugSession[] = [];
    disposables.push(vscode.debug.onDidStartDebugSession((s) => started.push(s)));
    const ok = await startByName(launchOf('Azure ML: Debug deployment (host test)', app));
    assert.equal(ok, true);
    const parent = started.find((s) => !s.parentSession);
    assert.ok(parent, 'the launch session started');

    const frameAt = async (stop: Stop) => {
      const st = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as DP.StackTraceResponse['body'];
      return st.stackFrames[0];
    };
    const atInit = await waitFor('a stop in init()', () => stops.shift(), 90000);
    assert.equal(atInit.session.parentSession?.id, parent.id, 'the worker is a child of the launch session');
    const initFrame = await frameAt(atInit);
    assert.equal(initFrame.line, initLine);
    // In a remote host (code-server) the workbench hands paths back as vscode-remote URIs.
    const framePath = initFrame.source?.path ?? '';
    assert.equal(/^[a-z-]+:\/\//.test(framePath) ? vscode.Uri.parse(framePath).path : framePath, score);
    await atInit.session.customRequest('continue', { threadId: atInit.threadId });

    const url = /scoring at (http:\/\/127\.0\.0\.1:\d+\/score)/.exec(output)?.[1];
    assert.ok(url, `no scoring URL in the Debug Console output:\n${output}`);
    const body = readFileSync(path.join(app, 'sample-request.json'), 'utf8');
    const answer = post(url, body);
    const atRun = await waitFor('a stop in run()', () => stops.shift(), 60000);
    assert.equal((await frameAt(atRun)).line, runLine);
    await atRun.session.customRequest('continue', { threadId: atRun.threadId });
    const first = await answer;
    assert.equal(first.status, 200);
    assert.match(first.text, /"model": "diabetes-linear"/);

    // The container's output also streams into the log panel, in a tab of its own.
    const [debugContainer] = await ourContainers();
    const tab = await waitFor('a log panel tab on the debug container', () => tabOf(debugContainer));
    await waitFor('the server\'s output in that tab', () => api.logs!.linesFor(tab).some((l) => /Booting worker|Listening at/.test(l)));

    // Edit, then Restart: the server process restarts in the same container and the new worker runs the new code.
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    const [containerBefore] = await ourContainers();
    writeFileSync(score, readFileSync(score, 'utf8').replace('"model": model["name"]}', '"model": model["name"], "edited": True}'));
    const childrenBefore = started.filter((s) => s.parentSession).length;
    // The Restart command acts on the focused session (a worker: its lifecycle is the parent's).
    if (vscode.debug.activeDebugSession) await vscode.commands.executeCommand('workbench.action.debug.restart');
    else await parent.customRequest('restart');
    await waitFor('a new worker session', () => started.filter((s) => s.parentSession).length > childrenBefore, 60000);
    const edited = await waitFor('the edited answer', async () => {
      const r = await post(url, body).catch(() => undefined);
      return r?.status === 200 && r.text.includes('"edited": true') ? r : undefined;
    }, 60000);
    assert.equal(edited.status, 200);
    assert.deepEqual(await ourContainers(), [containerBefore], 'restart keeps the same container');

    const ended = new Promise<void>((resolve) => {
      disposables.push(vscode.debug.onDidTerminateDebugSession((s) => s.id === parent.id && resolve()));
    });
    await vscode.debug.stopDebugging(parent);
    await ended;
    await waitFor('the container to be removed', async () => ((await ourContainers()).length === 0 ? true : undefined), 20000);
    assert.equal(tabOf(debugContainer), undefined, 'a normal stop closes the container\'s log tab');
  });

  it('a container that dies ends the session with its exit code and opens the log panel on its traceback', async () => {
    const broken = readableTempDir('azureml-debug-host-broken-');
    cpSync(path.join(root, 'test/fixtures/apps/init-raises'), broken, { recursive: true });
    disposables.push({ dispose: () => rmSync(broken, { recursive: true, force: true }) });
    const started: vscode.DebugSession[] = [];
    const ended = new Set<string>();
    disposables.push(vscode.debug.onDidStartDebugSession((s) => started.push(s)), vscode.debug.onDidTerminateDebugSession((s) => ended.add(s.id)));
    const ok = await startByName(launchOf('Azure ML: Debug a broken deployment (host test)', broken));
    assert.equal(ok, true);
    const parent = started.find((s) => !s.parentSession)!;
    const [container] = await waitFor('the debug container', async () => ((await ourContainers()).length ? await ourContainers() : undefined));
    // VS Code turns on debugpy's "uncaught" filter by default: the worker's exit (SystemExit 3) stops first.
    const stoppedFor: string[] = [];
    await waitFor('the session to end by itself', async () => {
      const stop = stops.shift();
      if (stop) {
        stoppedFor.push(stop.reason);
        await stop.session.customRequest('continue', { threadId: stop.threadId });
      }
      return ended.has(parent.id);
    }, 90000);
    assert.ok(stoppedFor.every((r) => r === 'exception'), `stopped for ${stoppedFor.join(', ')}`);
    // init() failing ends the server with 3; under runit the container's own code is runsvdir's 111.
    assert.match(output, /The server exited with code 3 \(the container with 111\)/);
    const tab = tabOf(container);
    assert.ok(tab, 'the crashed container keeps its log tab');
    assert.ok(api.logs!.linesFor(tab).some((l) => l.includes('ValueError: weights are not normalised')), 'the traceback is in the tab');
    const probe = await waitFor('the panel open on that tab', async () => {
      const p = await api.logs!.probeWebview();
      return p?.active === tab ? p : undefined;
    });
    assert.equal(probe.active, tab);
    await screenshot('debug-crash-log-panel');
    await waitFor('the crashed container removed', async () => ((await ourContainers()).length === 0 ? true : undefined), 20000);
    api.logs!.close(tab);
  });

  it('refuses a launch whose folder has no score.py, and starts nothing', async () => {
    const ok = await startByName(launchOf('Azure ML: broken configuration (host test)', path.join(tmpdir(), 'azureml-debug-no-such-app')));
    assert.equal(ok, false);
    assert.deepEqual(await ourContainers(), []);
  });
});
