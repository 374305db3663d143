// Smoke suite on the extension as a user installs it: the VSIX from
// `npm run package`, installed with `code-server --install-extension` into a
// clean profile. It runs inside a tiny driver extension (this folder) because
// a suite must belong to a development extension, and loading this repository
// as one would shadow the installed copy; the suite reaches the installed
// extension the way another extension can: its activate() API and commands.
// Then F5 on the launch.json VS Code writes from the installed manifest stops
// in init() and, on a test request, in run().
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import { docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor, waitHealthy } from '../../support/docker';
import { screenshot } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
/** The clean profile's extensions folder, where the runner installed the VSIX. */
const extensionsDir = process.env.AZUREML_DEBUG_INSTALLED_EXTENSIONS ?? '';
const runLabel = `com.azureml-debug.test-run=${uniqueName('vsix')}`;

function lineOf(file: string, text: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${file}`);
  return i + 1;
}

describe('installed VSIX (smoke)', function () {
  this.timeout(90000);
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  let extension: vscode.Extension<TestApi> | undefined;
  let api: TestApi | undefined;
  let id = '';

  after(async () => {
    await removeLabelled(runLabel);
  });

  function serviceNode(): ServiceTreeNode | undefined {
    const tree = api!.tree!;
    return tree.getChildren().flatMap((c) => tree.getChildren(c)).find((n) => n.type === 'service' && n.serviceId === id);
  }

  it('activates from the extensions folder, holding bundles and notices but no sources or node_modules', async () => {
    assert.ok(extensionsDir, 'AZUREML_DEBUG_INSTALLED_EXTENSIONS is not set: the runner did not install the VSIX');
    extension = vscode.extensions.getExtension<TestApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the host`);
    const installedAt = path.resolve(extension.extensionPath);
    assert.equal(path.dirname(installedAt), path.resolve(extensionsDir), `${extensionId} was loaded from ${installedAt}, not from the installed VSIX`);
    const entries = fs.readdirSync(installedAt).sort();
    for (const absent of ['node_modules', 'src', 'test', 'out', 'scripts']) assert.ok(!entries.includes(absent), `${absent}/ is in the installed extension: ${entries.join(', ')}`);
    // vsce stores README.md and CHANGELOG.md lower-cased (the Extensions view finds them either way).
    const lower = entries.map((e) => e.toLowerCase());
    for (const present of ['dist', 'LICENSE.txt', 'ThirdPartyNotices.txt', 'CHANGELOG.md', 'README.md']) assert.ok(lower.includes(present.toLowerCase()), `${present} is missing from the installed extension: ${entries.join(', ')}`);
    // Node learns a bundle's module type from the package.json nearest to it:
    // this one, not the 40 KB manifest, which Node 20 would parse whole (esbuild.mjs).
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(installedAt, 'dist', 'package.json'), 'utf8')), { type: 'commonjs' });
    api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.ok(api?.tree && api.logs, 'activate() returned no services tree or log panel');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(CommandIds).filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('lists a running container of the real Azure ML image in the tree', async () => {
    assert.ok(api, 'the extension did not activate');
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api!.model.connection('docker')?.status === 'connected', 30000);
    const name = uniqueName('aml-vsix');
    // The sample as a user runs it by hand: read-only at the image's app
    // folder, the scoring port on loopback only.
    id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    const item = await waitFor('the running container in the tree', () => {
      const node = serviceNode();
      const it = node && api!.tree!.getTreeItem(node);
      return it?.contextValue?.startsWith('service.docker.running') && /:\d+$/.test(String(it.description)) ? it : undefined;
    });
    assert.equal(item.label, name);
    assert.match((item.tooltip as vscode.MarkdownString).value, /mcr\.microsoft\.com\/azureml\/minimal-py312-inference:latest/);
    await waitHealthy(api.model.get('docker', id)!.scoringPort!.hostPort, 30000);
  });

  it("shows the container's output in the log panel", async () => {
    const node = serviceNode();
    assert.ok(node, 'the container is not in the tree');
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, node);
    // The real server's banner and the sample's init(), as the panel holds them.
    await waitFor('the real banner in the log panel', () => api!.logs!.linesFor(`docker:${id}`).some((t) => t.includes('Azure ML Inferencing HTTP server v1.5.1')), 30000);
    await waitFor("init()'s completion in the log panel", () => api!.logs!.linesFor(`docker:${id}`).some((t) => t.includes("Users's init has completed successfully")), 30000);
    await screenshot('installed-vsix-logs');
  });

  it('F5 on the launch configuration VS Code generates stops in init(), and a test request stops in run()', async function () {
    this.timeout(180000);
    assert.ok(api, 'the extension did not activate');
    const folder = vscode.workspace.workspaceFolders![0];
    const score = path.join(workspace, 'score.py');
    // VS Code writes launch.json from the installed manifest, as for a user
    // with score.py open who chooses "create a launch.json file".
    await vscode.window.showTextDocument(vscode.Uri.file(score), { preview: false });
    void vscode.commands.executeCommand('workbench.action.debug.configure');
    const launch = await waitFor('VS Code to write and read launch.json', () => {
      const configs = vscode.workspace.getConfiguration('launch', folder.uri).get<vscode.DebugConfiguration[]>('configurations') ?? [];
      return configs.find((c) => c.type === 'azureml' && c.request === 'launch');
    }, 30000);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(launch.appFolder, '${workspaceFolder}');

    const stops: { session: vscode.DebugSession; threadId: number }[] = [];
    let output = '';
    const disposables = [
      vscode.debug.registerDebugAdapterTrackerFactory('azureml', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: DP.ProtocolMessage) => {
            const e = m as DP.Event;
            if (m.type === 'event' && e.event === 'stopped') stops.push({ session, threadId: (e as DP.StoppedEvent).body.threadId ?? 0 });
            if (m.type === 'event' && e.event === 'output') output += (e as DP.OutputEvent).body.output;
          },
        }),
      }),
    ];
    const started: vscode.DebugSession[] = [];
    disposables.push(vscode.debug.onDidStartDebugSession((s) => started.push(s)));
    const initLine = lineOf(score, 'model_dir = os.getenv');
    const runLine = lineOf(score, 'data = json.loads(raw_data)');
    vscode.debug.addBreakpoints([initLine, runLine].map((l) => new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(score), new vscode.Position(l - 1, 0)))));
    try {
      // Started by name, so VS Code substitutes ${workspaceFolder} itself.
      assert.equal(await vscode.debug.startDebugging(folder, String(launch.name)), true);
      const lineAt = async (stop: { session: vscode.DebugSession; threadId: number }) => {
        const st = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as DP.StackTraceResponse['body'];
        return st.stackFrames[0]?.line;
      };
      const atInit = await waitFor('a stop in init()', () => stops.shift(), 90000);
      assert.equal(await lineAt(atInit), initLine);
      // The image has no debugpy (Azure ML's minimal images have none): the VSIX brought it.
      assert.match(output, /azureml-debug: debugpy \S+ \(carried by the extension\) listens on/);
      await screenshot('installed-vsix-stopped-in-init');
      await atInit.session.customRequest('continue', { threadId: atInit.threadId });
      const url = await waitFor('the scoring URL in the Debug Console', () => /scoring at (http:\/\/127\.0\.0\.1:\d+\/score)/.exec(output)?.[1], 30000);
      const answer = fetch(url, { method: 'POST', body: fs.readFileSync(path.join(workspace, 'sample-request.json')), headers: { 'Content-Type': 'application/json' } });
      const atRun = await waitFor('a stop in run()', () => stops.shift(), 60000);
      assert.equal(await lineAt(atRun), runLine);
      await atRun.session.customRequest('continue', { threadId: atRun.threadId });
      assert.equal((await answer).status, 200);
    } finally {
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
      const parent = started.find((s) => !s.parentSession);
      if (parent) {
        const ended = new Promise<void>((resolve) => disposables.push(vscode.debug.onDidTerminateDebugSession((s) => s.id === parent.id && resolve())));
        await vscode.debug.stopDebugging(parent);
        await ended;
      }
      for (const d of disposables) d.dispose();
    }
  });
});
