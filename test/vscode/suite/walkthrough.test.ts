// The "Get started" walkthrough as a user follows it, in the real editor:
// opened through the Help menu's command, each step done by its gesture
// (the sample folder open, the view shown, Deploy Locally, F5 on the
// launch configuration as written with breakpoints in init() and run(), Send
// Test Request to the debugged service, the light bulb's quick fix on a real
// crash diagnostic, Add Attach Configuration) and seen checked on the page.
// Each step's picture (media/walkthrough/, media/readme/, copied by `npm run
// screenshots`) is taken here, from what the editor shows then.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import type { DeployCommandResult } from '../../../src/commands/deploy/deployLocal';
import type { TestResponse } from '../../../src/core/deploy/testRequest';
import { CommandIds } from '../../../src/platform/commandIds';
import { WalkthroughContext } from '../../../src/platform/contextKeys';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import { startTestCluster, type TestCluster } from '../../k8s-server/cluster';
import { azureMlService, namespaceOf } from '../../k8s-server/sample';
import { docker, uniqueName, waitFor } from '../../support/docker';
import { freePort } from '../../support/ports';
import { applyQuickFix, crashDiagnostics, quickFixes, saveLaunchJson } from '../gestures';
import { screenshot, walkthroughSteps } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const walkthroughId = `${extensionId}#getStarted`;
const STEPS = ['openFolder', 'services', 'deployLocally', 'debugInit', 'debugRun', 'crashFix', 'attachConfig'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The test cluster's Azure ML workspace, and the tree's node of its kubeconfig context. */
const CLUSTER_WORKSPACE = 'contoso-ws';
const CLUSTER = 'kubernetes:azureml-test';

interface Stop {
  session: vscode.DebugSession;
  threadId: number;
}

describe('walkthrough "Get started with Azure ML deployment debugging", step by step', function () {
  this.timeout(300_000);
  let api: TestApi;
  let folder: vscode.WorkspaceFolder;
  const file = (name: string) => vscode.Uri.joinPath(folder.uri, name);
  const originals = new Map<string, string>();
  const service = uniqueName('aml-walkthrough');
  let deployed: DeployCommandResult | undefined;
  const disposables: vscode.Disposable[] = [];
  let cluster: TestCluster | undefined;
  let scratch = '';
  const stops: Stop[] = [];
  const sessions: vscode.DebugSession[] = [];
  const ended = new Set<string>();
  const nodeOf = (id: string) => ({ type: 'service', connectionId: 'docker', serviceId: id }) as ServiceTreeNode;
  const lineOf = (name: string, text: string) => fs.readFileSync(file(name).fsPath, 'utf8').split('\n').findIndex((l) => l.includes(text));

  /** Opens the walkthrough as the Help menu's "Welcome" command does, and reads its steps' check marks from the page. */
  async function openWalkthrough(): Promise<Map<string, boolean>> {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId, false);
    const steps = await waitFor('the walkthrough\'s seven steps on the page', async () => {
      const s = await walkthroughSteps();
      assert.ok(s, 'this suite needs the code-server runner (it reads the page)');
      const ours = s.filter((x) => x.id.startsWith(`${walkthroughId}#`));
      return ours.length === STEPS.length ? ours : undefined;
    });
    return new Map(steps.map((s) => [s.id.slice(walkthroughId.length + 1), s.done]));
  }

  /** Waits until the page shows `step` checked (VS Code hears the completion event a moment after the gesture). */
  async function checked(step: string): Promise<void> {
    await waitFor(`the step "${step}" checked`, async () => (await openWalkthrough()).get(step) || undefined, 20_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }

  /** A picture of the editor as it is now, without the notifications the earlier steps left. */
  async function picture(name: string): Promise<void> {
    await vscode.commands.executeCommand('notifications.clearAll');
    await sleep(1500); // the workbench paints
    await screenshot(name);
  }

  before(async () => {
    api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    folder = vscode.workspace.workspaceFolders![0];
    for (const name of ['score.py', 'myenv.yml']) originals.set(name, fs.readFileSync(file(name).fsPath, 'utf8'));
    // Only packages the base image has (the test machine reaches no package index), as localDeploy.test.ts does.
    fs.writeFileSync(file('myenv.yml').fsPath, originals.get('myenv.yml')!.replace(/^\s*- numpy\n/m, ''));
    await vscode.workspace.getConfiguration('azuremlDebug').update('deploy.port', await freePort(), vscode.ConfigurationTarget.Global);
    disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory('azureml', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: DP.ProtocolMessage) => {
            if (m.type === 'event' && (m as DP.Event).event === 'stopped') stops.push({ session, threadId: (m as DP.StoppedEvent).body.threadId ?? 0 });
          },
        }),
      }),
      vscode.debug.onDidStartDebugSession((s) => sessions.push(s)),
      vscode.debug.onDidTerminateDebugSession((s) => ended.add(s.id)),
    );
    // The suites before this one in the same window did most of these gestures already: start from a new
    // user's walkthrough (the keys unset, the steps unchecked), so that each check below comes from this suite.
    // The keys first: VS Code registers the walkthrough when it is first shown (below), and a key set then
    // would be spent (see package.json's second event of each step). The folder was opened by the runner,
    // before any suite: opening one reloads the window, so its key stays set and step 1 done.
    for (const key of Object.values(WalkthroughContext).filter((k) => k !== WalkthroughContext.deploymentFolderOpen)) {
      await vscode.commands.executeCommand('setContext', key, false);
    }
    await openWalkthrough();
    for (const step of STEPS.slice(1)) await vscode.commands.executeCommand('welcome.markStepIncomplete', `${walkthroughId}#${step}`);
  });

  after(async () => {
    for (const s of sessions.filter((x) => !x.parentSession && !ended.has(x.id))) await vscode.debug.stopDebugging(s);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    for (const d of disposables) d.dispose();
    if (deployed) await vscode.commands.executeCommand(CommandIds.deployDelete, nodeOf(deployed.containerId), { images: true }).then(undefined, () => undefined);
    const left = (await docker('ps', '-aq', '--filter', `label=com.azureml-debug.service=${service}`)).trim();
    if (left) await docker('rm', '-f', ...left.split('\n'));
    await vscode.workspace.getConfiguration('azuremlDebug').update('deploy.port', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('azuremlDebug').update('kubernetes.kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    await cluster?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [name, text] of originals) fs.writeFileSync(file(name).fsPath, text);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('opens from the Help menu\'s Welcome command with its seven steps; the deployment folder is open, so step 1 is checked', async () => {
    const steps = await openWalkthrough();
    assert.deepEqual([...steps.keys()], STEPS);
    assert.deepEqual(STEPS.filter((s) => steps.get(s)).filter((s) => s !== 'openFolder'), []);
    // The key was set at activation, before VS Code registered the walkthrough (when it was first shown, above): the
    // step completes on its second event, the key with the page as the active editor (see package.json).
    await checked('openFolder');
    // Step 1's picture: the folder as it opened, score.py in the editor.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.window.showTextDocument(file('score.py'), { preview: false });
    await picture('walkthrough-open-folder');
  });

  it('2. shows the services in the Azure ML Deployments view: the Docker engine and the kubeconfig\'s cluster', async () => {
    // A kubeconfig whose cluster (the in-repo test cluster) runs the sample as an Azure ML v1 web service.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'walkthrough-k8s-'));
    cluster = await startTestCluster({ namespace: namespaceOf(CLUSTER_WORKSPACE), kubeconfigPath: path.join(scratch, 'config') });
    const repo = vscode.extensions.getExtension(extensionId)!.extensionPath;
    cluster.apply(azureMlService({ workspace: CLUSTER_WORKSPACE, service: 'diabetes-scoring', appFolder: path.join(repo, 'sample') }));
    await vscode.workspace.getConfiguration('azuremlDebug').update('kubernetes.kubeconfig', cluster.kubeconfigPath, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('azuremlDebug.services.focus');
    await waitFor('the Docker engine connected in the tree', () => api.model.connection('docker')?.status === 'connected' || undefined, 30_000);
    const tree = api.tree;
    const context = await waitFor('the kubeconfig\'s context in the tree', () => tree.getChildren().find((n) => n.type === 'connection' && n.connectionId === CLUSTER), 30_000);
    tree.getChildren(context); // expanding connects
    const app = await waitFor('the cluster\'s web service running', () => {
      const a = tree.getChildren(context).find((n) => n.type === 'kubernetesApp');
      return a && api.model.allServices().some((r) => r.connectionId === CLUSTER && r.state === 'running') ? a : undefined;
    }, 90_000);
    await api.treeView.reveal(app, { expand: true, select: false, focus: false });
    await picture('walkthrough-services');
    await checked('services');
  });

  it('3. deploys the folder locally: healthy, in the tree, its build output in the log panel', async () => {
    // The folder through the command's Explorer argument; the service named for this run's cleanup.
    deployed = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployLocal, folder.uri, { service });
    assert.ok(deployed?.healthy, 'Deploy Locally ended healthy');
    await vscode.commands.executeCommand('azuremlDebug.services.focus');
    await vscode.commands.executeCommand('azuremlDebug.logs.focus');
    await waitFor('the service in the tree', () => api.model.get('docker', deployed!.containerId));
    await picture('walkthrough-deploy-locally');
    await checked('deployLocally');
  });

  it('4. F5 on the launch configuration as written stops at a breakpoint in init()', async () => {
    const debuggers = (vscode.extensions.getExtension(extensionId)!.packageJSON as { contributes: { debuggers: { type: string; initialConfigurations: vscode.DebugConfiguration[] }[] } }).contributes.debuggers;
    const [initial] = debuggers.find((d) => d.type === 'azureml')!.initialConfigurations;
    await saveLaunchJson(folder, [initial]);
    const score = file('score.py');
    const at = (line: number) => new vscode.SourceBreakpoint(new vscode.Location(score, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([at(lineOf('score.py', 'model_dir = os.getenv')), at(lineOf('score.py', 'data = json.loads(raw_data)'))]);
    await vscode.window.showTextDocument(score, { preview: false });
    assert.equal(await vscode.debug.startDebugging(folder, initial.name), true);
    const stop = await waitFor('a stop in init()', () => stops.shift(), 120_000);
    await picture('walkthrough-debug-init');
    await checked('debugInit');
    await stop.session.customRequest('continue', { threadId: stop.threadId });
  });

  it('5. Send Test Request to the debugged service stops in run(), then answers', async () => {
    const record = await waitFor('the debug container serving', () =>
      api.model.allServices().find((r) => r.labels['com.azureml-debug.debug'] === '1' && r.labels['com.azureml-debug.appFolder'] === folder.uri.fsPath && r.state === 'running' && r.scoringPort), 60_000);
    // As from the debug container's item in the view; the answer waits for the stop in run() to go on.
    const answer = Promise.resolve(vscode.commands.executeCommand<TestResponse>(CommandIds.deploySendTestRequest, nodeOf(record.id), { quiet: true }));
    const stop = await waitFor('a stop in run()', () => stops.shift(), 60_000);
    await picture('walkthrough-debug-run');
    await checked('debugRun');
    await stop.session.customRequest('continue', { threadId: stop.threadId });
    assert.equal((await answer).status, 200);
    const launch = sessions.find((s) => !s.parentSession && !ended.has(s.id))!;
    await vscode.debug.stopDebugging(launch);
    await waitFor('the launch session to end', () => ended.has(launch.id) || undefined, 30_000);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  });

  it('6. a run() that raises: the crash diagnostic on score.py, and its quick fix applied from the light bulb', async () => {
    const repo = vscode.extensions.getExtension(extensionId)!.extensionPath;
    const raising = fs.readFileSync(path.join(repo, 'test/fixtures/apps/run-raises/score.py'), 'utf8');
    fs.writeFileSync(file('score.py').fsPath, raising);
    // The open editor takes the file from disk a moment later; the diagnostic is placed on its text.
    await waitFor('the editor to read the new score.py', async () => ((await vscode.workspace.openTextDocument(file('score.py'))).getText() === raising ? true : undefined), 10_000);
    const node = nodeOf(deployed!.containerId);
    assert.equal(await vscode.commands.executeCommand<boolean>(CommandIds.deployReload, node), true);
    const r = await vscode.commands.executeCommand<TestResponse>(CommandIds.deploySendTestRequest, node, { quiet: true });
    assert.notEqual(r.status, 200, r.body);
    const diag = await waitFor('the run-failed diagnostic on score.py', () => crashDiagnostics(file('score.py'), 'run-failed')[0], 30_000);
    // What a person sees: the line in the editor, the Problems view, the light bulb's menu open on it.
    const editor = await vscode.window.showTextDocument(file('score.py'), { preview: false });
    editor.selection = new vscode.Selection(diag.range.start, diag.range.start);
    await vscode.commands.executeCommand('azuremlDebug.services.focus');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(editor.document, { preview: false });
    // Asked on the diagnostic as it is now: a later analysis of the log may have placed it again.
    const fixes = await waitFor('the quick fixes', async () => {
      const now = crashDiagnostics(file('score.py'), 'run-failed')[0];
      const a = now ? await quickFixes(file('score.py'), now) : [];
      return a.some((x) => x.edit) ? a : undefined;
    }, 10_000).catch((err: Error) => {
      throw new Error(`${err.message}: diagnostics now ${JSON.stringify(crashDiagnostics(file('score.py'), 'run-failed').map((d) => [d.range.start.line, d.message.slice(0, 80)]))}, first at line ${diag.range.start.line}`);
    });
    await vscode.commands.executeCommand('editor.action.quickFix');
    await picture('walkthrough-crash-fix');
    await vscode.commands.executeCommand('hideCodeActionWidget');
    const fix = fixes.find((a) => a.edit)!;
    assert.ok(await applyQuickFix(fix), `applied "${fix.title}"`);
    await checked('crashFix');
    assert.match(editor.document.getText(), /except Exception/);
  });

  it('7. Add Attach Configuration writes launch.json, with no question asked in a one-folder workspace', async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
    const written = await vscode.commands.executeCommand<{ uri: vscode.Uri } | undefined>(CommandIds.launchAddConfiguration);
    assert.ok(written, 'the command wrote a configuration');
    assert.match(fs.readFileSync(written.uri.fsPath, 'utf8'), /"request": "attach"/);
    await picture('walkthrough-attach-config');
    await checked('attachConfig');
  });

  it('shows every step checked at the end', async () => {
    const steps = await openWalkthrough();
    assert.deepEqual(STEPS.filter((s) => !steps.get(s)), []);
    // The last step selected: the page scrolls down to it, so that the seven check marks are in the picture.
    await vscode.commands.executeCommand('walkthroughs.selectStep', `${walkthroughId}#${STEPS[STEPS.length - 1]}`);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await picture('walkthrough-complete');
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
  });
});
