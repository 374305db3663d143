// Tree actions on a Docker service that build on the debug type: "Debug"
// starts a debug container from the service's image (the service itself is
// left running) and stopping the session removes it; "Remove Leftover Debug
// Containers" removes those of other editor sessions; "Save Container as
// Image" is the seeds' `docker commit` with the mounted app folder copied in,
// so the image runs with no mounts; Stop, Start,
// Restart, Inspect and Remove go through the runtime's verbs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import { EDITOR_SESSION_LABEL } from '../../../src/debug/configurationProvider';
import { docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../../support/docker';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const runLabel = `com.azureml-debug.test-run=${uniqueName('actions')}`;

describe('service actions: Debug, Save as Image, and the container lifecycle (real Docker engine)', function () {
  this.timeout(120000);
  let api: TestApi;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const sessionLabel = `label=${EDITOR_SESSION_LABEL}=${vscode.env.sessionId}`;
  const images: string[] = [];
  const serviceImage = `azureml-debug/inference-replica:service-${uniqueName('actions').toLowerCase()}`;
  let id = '';
  let node: ServiceTreeNode;

  before(async () => {
    api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api.model.connection('docker')?.status === 'connected', 30000);
    // The service runs Azure ML's image as users have it, without debugpy; "Debug" reuses it with the debugpy the extension carries.
    // A tag of its own, so that reusing the service's image cannot be confused with the debug.image setting.
    await docker('tag', SAMPLE_IMAGE, serviceImage);
    images.push(serviceImage);
    id = await docker('run', '-d', '--name', uniqueName('aml-actions'), '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', serviceImage);
    await waitFor('the service in the model', () => api.model.get('docker', id)?.state === 'running');
    node = { type: 'service', connectionId: 'docker', serviceId: id };
  });

  after(async () => {
    await removeLabelled(runLabel);
    const left = await docker('ps', '-aq', '--filter', sessionLabel);
    if (left) await docker('rm', '-f', ...left.split('\n'));
    for (const image of images) await docker('rmi', '-f', image).catch(() => undefined);
  });

  it('"Debug" starts a debug container from the service and stopping the session removes it, with no error', async () => {
    // Every failed response of our sessions: stopping while a worker attaches must not surface as an error dialog.
    const failures: string[] = [];
    // Each session's traffic in short (requests in, responses and events out), said when a session outlives its parent.
    const traffic = new Map<string, string[]>();
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('azureml', {
      createDebugAdapterTracker: (s) => {
        const seen: string[] = [];
        traffic.set(s.id, seen);
        return {
          onWillReceiveMessage: (m: { command?: string }) => void seen.push(`>${m.command}`),
          onDidSendMessage: (m: { type: string; success?: boolean; command?: string; event?: string; message?: string }) => {
            if (m.type === 'response' && m.success === false) failures.push(`${m.command}: ${m.message}`);
            if (m.event !== 'output') seen.push(m.type === 'event' ? `!${m.event}` : `<${m.command}${m.success ? '' : ' failed'}`);
          },
          onExit: (code: number | undefined) => void seen.push(`exit ${code}`),
        };
      },
    });
    // This test's sessions: the one "Debug" starts and its gunicorn workers (a leftover of another suite is not its to wait for).
    const live = new Map<string, vscode.DebugSession>();
    const mine = (s: vscode.DebugSession, root: string) => s.id === root || s.parentSession?.id === root || s.configuration.__azuremlParentSession === root;
    const subs = [
      vscode.debug.onDidStartDebugSession((s) => void live.set(s.id, s)),
      vscode.debug.onDidTerminateDebugSession((s) => void live.delete(s.id)),
    ];
    const ours = () => [...live.values()].filter((s) => mine(s, session.id));
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => {
        if (s.type === 'azureml' && !s.parentSession) {
          sub.dispose();
          resolve(s);
        }
      });
    });
    const ok = await vscode.commands.executeCommand<boolean>(CommandIds.serviceDebug, node);
    assert.equal(ok, true, 'the debug session started');
    const session = await started;
    assert.equal(session.configuration.request, 'launch');
    assert.equal(session.configuration.service, id);
    const debugContainer = await waitFor('the debug container', async () => (await docker('ps', '-q', '--filter', sessionLabel, '--filter', 'label=com.azureml-debug.owner=debug')) || undefined, 60000);
    assert.notEqual(debugContainer.slice(0, 12), id.slice(0, 12));
    assert.equal(await docker('inspect', '-f', '{{.Config.Image}}', debugContainer), serviceImage, 'the service\'s image is reused');
    assert.equal(api.model.get('docker', id)?.state, 'running', 'the service itself is left alone');
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.id === session.id) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.debug.stopDebugging(session);
    await ended;
    await waitFor('the debug container removed', async () => ((await docker('ps', '-aq', '--filter', sessionLabel)) === '' ? true : undefined), 30000);
    await waitFor('every session of it ended', () => (ours().length === 0 ? true : undefined), 10000).catch((err: Error) => {
      const left = ours().map((s) => `${s.name} (${s.configuration.request}, parent ${s.parentSession?.name}, traffic ${traffic.get(s.id)?.join(' ') ?? 'none'})`);
      throw new Error(`${err.message}: ${left.join('; ')}; failures ${failures.join(' | ')}`);
    });
    subs.forEach((d) => d.dispose());
    tracker.dispose();
    assert.deepEqual(failures, [], 'no request failed');
  });

  it('"Remove Leftover Debug Containers" removes those of other editor sessions only', async () => {
    const create = (name: string, ...labels: string[]) =>
      docker('create', '--name', uniqueName(name), '--label', TEST_LABEL, '--label', runLabel, '--label', 'com.azureml-debug.debug=1',
        '--label', 'com.azureml-debug.owner=debug', ...labels.flatMap((l) => ['--label', l]), SAMPLE_IMAGE);
    const orphan = await create('aml-orphan', `${EDITOR_SESSION_LABEL}=an-editor-that-crashed`);
    const mine = await create('aml-mine', `${EDITOR_SESSION_LABEL}=${vscode.env.sessionId}`);
    const kept = await create('aml-kept', `${EDITOR_SESSION_LABEL}=an-editor-that-crashed`, 'com.azureml-debug.keep=1');
    const removed = await vscode.commands.executeCommand<number>(CommandIds.debugRemoveOrphans, { confirmed: true });
    assert.ok(removed >= 1, `removed ${removed}`);
    const left = (await docker('ps', '-aq', '--no-trunc', '--filter', `label=${runLabel}`)).split('\n');
    assert.ok(!left.includes(orphan), 'the leftover is gone');
    assert.ok(left.includes(mine), 'this session\'s container stays');
    assert.ok(left.includes(kept), 'a container kept on purpose stays');
    assert.equal(await vscode.commands.executeCommand<number>(CommandIds.debugRemoveOrphans, { confirmed: true }), 0, 'nothing left to remove');
  });

  it('"Save Container as Image" keeps the edits of the mounted app folder: the saved image, run with no mounts, gives the edited answer; a named volume is said to be left out', async () => {
    // The user's app folder, mounted as the seeds run it, and a named volume beside it.
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-save-'));
    fs.chmodSync(app, 0o755);
    for (const f of ['score.py', 'model']) fs.cpSync(path.join(workspace, f), path.join(app, f), { recursive: true });
    const volume = uniqueName('aml-save-vol').toLowerCase();
    const served = await docker('run', '-d', '--name', uniqueName('aml-save'), '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${app}:/var/azureml-app:ro`, '-v', `${volume}:/var/cache/data`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', serviceImage);
    const reference = `azureml-debug/saved-${process.pid}:t${Date.now()}`;
    images.push(reference);
    try {
      await waitFor('the service in the model', () => api.model.get('docker', served)?.state === 'running');
      // The edit the image is saved for: run() answers something new.
      const score = path.join(app, 'score.py');
      fs.writeFileSync(score, fs.readFileSync(score, 'utf8').replace('return {"predictions": predictions, "model": model["name"]}', 'return {"predictions": predictions, "model": model["name"], "edited": True}'));
      const saved = await vscode.commands.executeCommand<{ included: string[]; leftOut: { type: string; destination: string }[] }>(CommandIds.serviceSaveAsImage, { type: 'service', connectionId: 'docker', serviceId: served }, { reference });
      assert.deepEqual(saved?.included, ['/var/azureml-app']);
      assert.deepEqual(saved?.leftOut, [{ type: 'volume', destination: '/var/cache/data' }]);
      // The committed container is a layer of it, with its comment; the copied folder is the layer on top.
      assert.match(await docker('history', '--no-trunc', '--format', '{{.Comment}}', reference), /Saved from .* by Azure ML Deployment Debugger/);
      // Run as someone would run it elsewhere: no mounts at all.
      const again = await docker('run', '-d', '--label', TEST_LABEL, '--label', runLabel, '-p', '127.0.0.1::5001', reference);
      const port = Number((await docker('port', again, '5001/tcp')).split(':').pop());
      const answer = await waitFor('the saved image to answer', async () => {
        const r = await fetch(`http://127.0.0.1:${port}/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"data": [[1, 2, 3, 4]]}', signal: AbortSignal.timeout(5000) }).catch(() => undefined);
        return r?.status === 200 ? ((await r.json()) as { edited?: boolean }) : undefined;
      }, 60000);
      assert.equal(answer.edited, true, 'the edit made in the mounted folder is in the image');
      // Its own labels and where it came from; never the mark that hides the scratch container from the tree.
      const labels = JSON.parse(await docker('image', 'inspect', '-f', '{{json .Config.Labels}}', reference)) as Record<string, string>;
      assert.equal(labels['com.azureml-debug.throwaway'], undefined);
      assert.equal(labels['com.azureml-debug.saved-from'], (await docker('inspect', '-f', '{{.Name}}', served)).replace(/^\//, ''));
    } finally {
      await docker('volume', 'rm', '-f', volume).catch(() => undefined);
      fs.rmSync(app, { recursive: true, force: true });
    }
  });

  it('shows no planted secret in the tree, the log tab, Inspect or the crash cause: names kept, values masked', async () => {
    const planted = { key: `planted-key-${process.pid}`, secret: `planted-secret-${process.pid}`, bearer: `planted-bearer-${process.pid}x`, account: `planted-account-${process.pid}` };
    const script = [
      `echo "Authorization: Bearer ${planted.bearer}"`,
      `echo "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${planted.account};EndpointSuffix=core.windows.net"`,
      'env | sort',
      'echo "Traceback (most recent call last):"',
      'echo "  File \\"/var/azureml-app/score.py\\", line 12, in init"',
      `echo "ValueError: cannot reach storage with AccountKey=${planted.account};"`,
      'exit 3',
    ].join('; ');
    const own = await docker('run', '-d', '--name', uniqueName('aml-secrets'), '--label', TEST_LABEL, '--label', runLabel,
      '-e', 'AZUREML_ENTRY_SCRIPT=score.py', '-e', `AML_APP_INSIGHTS_KEY=${planted.key}`, '-e', `AZURE_CLIENT_SECRET=${planted.secret}`,
      '--entrypoint', 'sh', SAMPLE_IMAGE, '-c', script);
    const target: ServiceTreeNode = { type: 'service', connectionId: 'docker', serviceId: own };
    const leaks = (where: string, text: string) => {
      for (const [kind, value] of Object.entries(planted)) assert.ok(!text.includes(value), `${kind} shown in ${where}`);
    };
    await waitFor('it to have exited', () => (api.model.get('docker', own)?.state === 'exited' ? true : undefined), 30000);
    const item = api.tree.getTreeItem(target);
    leaks('the tree', `${String(item.label)} ${String(item.description)} ${(item.tooltip as vscode.MarkdownString | undefined)?.value ?? String(item.tooltip ?? '')}`);
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, target);
    const tab = await waitFor('the log tab', () => api.logs.tabIds().find((t) => t.includes(own)));
    const lines = await waitFor('its lines', () => (api.logs.linesFor(tab).some((l) => l.includes('AZURE_CLIENT_SECRET=')) ? api.logs.linesFor(tab) : undefined), 30000);
    leaks('the log tab', lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('AZURE_CLIENT_SECRET=********')), 'the name is kept, the value masked');
    await vscode.commands.executeCommand(CommandIds.serviceInspect, target);
    const doc = await waitFor('the inspect document', () => vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.uri.scheme === 'azureml-inspect' && d.getText().includes(own)));
    leaks('Inspect', doc.getText());
    assert.ok((JSON.parse(doc.getText()) as { Config: { Env: string[] } }).Config.Env.includes('AML_APP_INSIGHTS_KEY=********'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The crash cause quotes the exception's own words: the key in them is masked there too.
    const cause = await waitFor('the crash cause', () => vscode.languages.getDiagnostics().flatMap(([, ds]) => ds).find((d) => d.message.includes('cannot reach storage')), 30000);
    leaks('the problems', cause.message);
    assert.match(cause.message, /AccountKey=\*{8}/);
  });

  it('Stop, Start, Restart, Inspect and Remove act on the container through the tree\'s commands', async () => {
    const own = await docker('run', '-d', '--name', uniqueName('aml-life'), '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', SAMPLE_IMAGE);
    const target: ServiceTreeNode = { type: 'service', connectionId: 'docker', serviceId: own };
    await waitFor('the container in the model', () => api.model.get('docker', own)?.state === 'running');
    await vscode.commands.executeCommand(CommandIds.serviceStop, target);
    assert.equal(await docker('inspect', '-f', '{{.State.Running}}', own), 'false');
    await waitFor('the tree to show it stopped', () => (api.model.get('docker', own)?.state === 'exited' ? true : undefined));
    await vscode.commands.executeCommand(CommandIds.serviceStart, target);
    assert.equal(await docker('inspect', '-f', '{{.State.Running}}', own), 'true');
    const started = await docker('inspect', '-f', '{{.State.StartedAt}}', own);
    await vscode.commands.executeCommand(CommandIds.serviceRestart, target);
    assert.notEqual(await docker('inspect', '-f', '{{.State.StartedAt}}', own), started);
    // Inspect opens the engine's description read-only: the same container, as JSON.
    await vscode.commands.executeCommand(CommandIds.serviceInspect, target);
    const doc = await waitFor('the inspect document', () => vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.uri.scheme === 'azureml-inspect'));
    assert.equal((JSON.parse(doc.getText()) as { Id: string }).Id, own);
    assert.equal(doc.languageId, 'json');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand(CommandIds.serviceRemove, target, { confirmed: true });
    assert.equal(await docker('ps', '-aq', '--no-trunc', '--filter', `id=${own}`), '');
    await waitFor('the tree to drop it', () => (api.model.get('docker', own) ? undefined : true));
  });
});

