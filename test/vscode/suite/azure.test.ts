// Azure in the real extension host, against the test ARM + Azure ML server
// (test/support/azureServer) over https, reached the product's way: the
// custom sovereign cloud setting names it, and the sign-in goes through VS
// Code's authentication API to the test-only provider of
// test/fixtures/azureAuth (the builtin Microsoft sign-in is left out of this
// pass, test/vscode/runner/azureSignIn.ts). The user signs in from the
// Accounts menu, the tree lists sample-ws's healthy and crash-looping
// deployments and the failed ACI service, Show Logs on the crash-looping one
// places its init() failure on the local score.py, a test request answers,
// a failed image build's log opens, "Debug This Locally" reproduces the
// crash under the debugger, throttling and an expired token are survived,
// and no key or token reaches any output.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startAzureServer, type AzureTestServer } from '../../support/azureServer/server';
import { seedSample, type AzureSample } from '../../support/azureServer/sample';
import { TEST_LABEL, docker, waitFor } from '../../support/docker';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import type { TestResponse } from '../../../src/core/deploy/testRequest';
import type { OpenBuildLogResult } from '../../../src/commands/azure/openBuildLog';
import type { DebugLocallyResult } from '../../../src/commands/azure/debugLocally';
import { crashDiagnostics } from '../gestures';
import { trackStops, windowLogFiles } from '../observe';
import { screenshot } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
// The local service "Debug This Locally" deploys (<endpoint>.<deployment>, as the CLI's --local names it).
const LOCAL_COPY = 'sample-endpoint.crashloop';

async function removeLocalCopyDeployment(): Promise<void> {
  await docker('rm', '-f', LOCAL_COPY).catch(() => undefined);
  const images = (await docker('images', '-aq', '--filter', `label=com.azureml-debug.service=${LOCAL_COPY}`).catch(() => '')).split('\n').filter(Boolean);
  if (images.length) await docker('rmi', '-f', ...new Set(images)).catch(() => undefined);
}
const authId = 'azureml-debug-test.azure-auth-test';

interface TestAuth {
  setIssuer(v: { issue(): string; expiry(t: string): number | undefined }): void;
  asked: { provider: string; scopes: string[]; create: boolean }[];
  signOut(providerId: string): Promise<void>;
}

describe('Azure: sign-in, deployments, logs and test requests (test Azure server)', function () {
  this.timeout(180000);
  let api: TestApi;
  let auth: TestAuth;
  let server: AzureTestServer;
  let sample: AzureSample;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const localScore = path.join(workspace, 'crashloop-app', 'score.py');

  const tree = () => api.tree;
  const azureConn = () => api.model.connections().find((c) => c.kind === 'azure');
  const root = () => tree().getChildren().find((n) => n.type === 'connection' && n.connectionId === azureConn()?.id);
  /** Walks down the tree by item labels, as a user expands it. */
  const byLabels = (...labels: string[]): ServiceTreeNode | undefined => {
    let at = root();
    for (const l of labels) {
      at = at && tree().getChildren(at).find((n) => tree().getTreeItem(n).label === l);
    }
    return at;
  };
  const description = (n: ServiceTreeNode | undefined) => (n ? String(tree().getTreeItem(n).description ?? '') : '');

  before(async () => {
    api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    auth = await vscode.extensions.getExtension<TestAuth>(authId)!.activate();
    const cert = process.env.AZUREML_DEBUG_TEST_TLS_CERT;
    const key = process.env.AZUREML_DEBUG_TEST_TLS_KEY;
    assert.ok(cert && key, 'the runner made a certificate for the test Azure server (AZUREML_DEBUG_TEST_TLS_CERT/KEY)');
    server = await startAzureServer({ tls: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) } });
    const repo = vscode.extensions.getExtension(extensionId)!.extensionPath;
    sample = await seedSample(server, repo, [TEST_LABEL]);
    auth.setIssuer({ issue: () => server.issueToken(), expiry: (t) => server.tokenExpiry(t) });
    // The crash-looping deployment's code, as the user keeps it: its deployment.yml names the endpoint and deployment.
    fs.cpSync(path.join(repo, 'test/fixtures/apps/init-raises'), path.dirname(localScore), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(localScore), 'deployment.yml'), [
      '$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json',
      'name: crashloop', 'endpoint_name: sample-endpoint', 'model:', '  path: model', 'code_configuration:', '  code: .', '  scoring_script: score.py',
      'environment:', '  image: mcr.microsoft.com/azureml/minimal-py312-inference:latest', 'instance_type: Standard_DS3_v2', 'instance_count: 1', '',
    ].join('\n'));
    // VS Code's proxy support hands fetch and https its own CA list (tls.rootCertificates and the system
    // store), which leaves NODE_EXTRA_CA_CERTS out: with the system certificates off, Node's own list
    // (NODE_EXTRA_CA_CERTS included) trusts the test certificate. A user's private CA goes in the system store.
    await vscode.workspace.getConfiguration('http').update('systemCertificates', false, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('http').update('fetchAdditionalSupport', false, vscode.ConfigurationTarget.Global);
    // The sovereign cloud setting VS Code's Microsoft sign-in reads: a custom cloud at the test server (https).
    const c = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    await c.update('environment', 'custom', vscode.ConfigurationTarget.Global);
    await c.update('customEnvironment', { name: 'AzureTest', resourceManagerEndpointUrl: server.url }, vscode.ConfigurationTarget.Global);
    await waitFor('the Azure root of the custom cloud', () => (azureConn()?.id === 'azure:AzureTest' ? true : undefined));
  });

  after(async () => {
    const c = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    await c.update('environment', undefined, vscode.ConfigurationTarget.Global);
    await c.update('customEnvironment', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('http').update('fetchAdditionalSupport', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('http').update('systemCertificates', undefined, vscode.ConfigurationTarget.Global);
    await sample?.remove();
    await server?.stop();
    fs.rmSync(path.dirname(localScore), { recursive: true, force: true });
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await removeLocalCopyDeployment();
    fs.rmSync(path.join(workspace, '.azureml-local'), { recursive: true, force: true });
  });

  it('signs in from the Accounts menu after the Azure node asked, through VS Code\'s authentication, and lists sample-ws', async () => {
    // Expanding the Azure node signs in silently: no session yet, so the tree offers "Sign in to Azure" and
    // VS Code adds the extension's sign-in request to the Accounts menu.
    tree().getChildren(root());
    await waitFor('the sign-in offer', () => tree().getChildren(root()).find((n) => n.type === 'azureMessage' && n.signIn));
    const request = await waitFor('the Accounts menu\'s sign-in request', async () =>
      (await vscode.commands.getCommands(false)).find((id) => /^microsoft-sovereign-cloud:.*azureml-deployment-debugger:signIn\d+$/i.test(id)));
    // The user clicks "Sign in with Microsoft Sovereign Cloud to use ..." in the Accounts menu (the item runs this command).
    await vscode.commands.executeCommand(request);
    assert.ok(auth.asked.some((a) => a.provider === 'microsoft-sovereign-cloud' && a.create && a.scopes.join() === `${server.url}//.default`),
      `the product asked the sovereign cloud provider for the ARM scope: ${JSON.stringify(auth.asked)}`);
    const crash = await waitFor('the crash-looping deployment in the tree', () => byLabels('Azure ML test subscription', 'sample-ws', 'sample-endpoint', 'crashloop'), 60000);
    const healthy = byLabels('Azure ML test subscription', 'sample-ws', 'sample-endpoint', 'healthy');
    const aci = byLabels('Azure ML test subscription', 'sample-ws', 'aci-failed');
    assert.match(description(healthy), /^Succeeded · .* · 100% traffic/);
    assert.match(description(crash), /^Failed/);
    assert.match(description(aci), /^Failed · ACI · KubernetesDeploymentFailed/);
    assert.match(description(root()), /updated (just now|\d+ s ago)/);
    // Each record's id is the ARM resource id exactly as the server's list answered it.
    const listed = server.responses.filter((r) => r.status === 200).flatMap((r) => ((r.body as { value?: { id: string }[] })?.value ?? []).map((v) => v.id));
    for (const n of [healthy, crash, aci]) assert.ok(n?.type === 'service' && listed.includes(n.serviceId), `${JSON.stringify(n)} is a listed id`);
    assert.equal(tree().getTreeItem(crash!).contextValue, 'service.azure.online.failed.endpoint');
  });

  it('opens the crash-looping deployment\'s log and places its init() failure on the local score.py', async () => {
    const crash = byLabels('Azure ML test subscription', 'sample-ws', 'sample-endpoint', 'crashloop')!;
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, crash);
    const tab = await waitFor('the deployment\'s log tab', () => api.logs.tabIds().find((t) => t.includes('/sample-endpoint/crashloop/InferenceServer')));
    await waitFor('the traceback in the tab', () => api.logs.linesFor(tab).some((l) => l.includes('ValueError: weights are not normalised')) || undefined, 60000);
    const uri = vscode.Uri.file(localScore);
    const [d] = await waitFor('a crash diagnostic on the local score.py', () => {
      const found = crashDiagnostics(uri);
      return found.length ? found : undefined;
    }, 60000).catch((err: Error) => {
      // Where they went instead, and the local code the record maps to.
      const ours = vscode.languages.getDiagnostics().filter(([, ds]) => ds.some((x) => x.source?.startsWith('Azure ML: '))).map(([u, ds]) => `${u.fsPath}: ${ds.map((x) => x.message).join(' | ')}`);
      const r = crash.type === 'service' ? api.model.get(crash.connectionId, crash.serviceId) : undefined;
      throw new Error(`${err.message}; diagnostics: ${ours.join('; ') || 'none'}; appSource ${r?.appSource}, appRoot ${r?.appRoot}, tab lines ${api.logs.linesFor(tab).length}`);
    });
    const raiseLine = fs.readFileSync(localScore, 'utf8').split('\n').findIndex((l) => l.includes('raise ValueError'));
    assert.equal(d.range.start.line, raiseLine, `on the raise line: ${d.message}`);
  });

  it('opens an online deployment\'s model download log (its storage-initializer container) from the tree', async () => {
    const healthy = byLabels('Azure ML test subscription', 'sample-ws', 'sample-endpoint', 'healthy')!;
    // The menu offers it on online deployments only (package.json: viewItem =~ /^service\.azure\.online\./).
    assert.match(String(tree().getTreeItem(healthy).contextValue), /^service\.azure\.online\./);
    await vscode.commands.executeCommand(CommandIds.azureShowModelDownloadLog, healthy);
    const tab = await waitFor('the storage-initializer log tab', () => api.logs.tabIds().find((t) => t.includes('/sample-endpoint/healthy/StorageInitializer')));
    await waitFor('the model download line', () => api.logs.linesFor(tab).some((l) => l.includes('Model download completed')) || undefined, 30000);
    assert.ok(server.requests.some((q) => /\/getLogs$/.test(q.path) && q.status === 200), 'read through getLogs');
  });

  it('sends a test request to the healthy deployment with the endpoint\'s key', async () => {
    const healthy = byLabels('Azure ML test subscription', 'sample-ws', 'sample-endpoint', 'healthy')!;
    const body = fs.readFileSync(path.join(workspace, 'sample-request.json'), 'utf8');
    const r = await vscode.commands.executeCommand<TestResponse>(CommandIds.deploySendTestRequest, healthy, { body, quiet: true });
    assert.equal(r?.status, 200, JSON.stringify(r));
    assert.ok(server.requests.some((q) => /\/listKeys$/.test(q.path) && q.status === 200), 'the key was read through listKeys');
  });

  it('opens a failed image build\'s log from the link in its error, and says where the log lives when the link is closed to public access', async () => {
    const text = 'Step 5/9 : RUN conda env create -f conda.yml\nResolvePackageNotFound:\n  - scikit-learnn=1.2\n';
    const open = server.addBlob('container-7f3e/logs/cb9u/rawtext.log', { text });
    const closed = server.addBlob('container-7f3e/logs/cb9v/rawtext.log', { publicAccess: false });
    server.addAciService(sample.workspaceId, 'aci-build-failed', { state: 'Failed', error: { code: 'ImageBuildFailure', message: `Image build failed. Build log: ${open}` } });
    server.addAciService(sample.workspaceId, 'aci-build-closed', { state: 'Failed', error: { code: 'ImageBuildFailure', message: `Image build failed. Build log: ${closed}` } });
    await vscode.commands.executeCommand(CommandIds.azureRefresh);
    const failed = await waitFor('the failed image build in the tree', () => byLabels('Azure ML test subscription', 'sample-ws', 'aci-build-failed'), 30000);
    // The menu offers "Open Build Log" on this contextValue (package.json: viewItem =~ /^service\.azure\..*\.buildLog/).
    assert.match(String(tree().getTreeItem(failed).contextValue), /^service\.azure\.webservice\.failed.*\.buildLog$/);
    assert.doesNotMatch(String(tree().getTreeItem(byLabels('Azure ML test subscription', 'sample-ws', 'aci-failed')!).contextValue), /buildLog/, 'a crash is not a build failure');
    const r = await vscode.commands.executeCommand<OpenBuildLogResult>(CommandIds.azureOpenBuildLog, failed);
    assert.ok(r?.document, JSON.stringify(r));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), r.document.toString(), 'the log is open in the editor');
    assert.match(vscode.window.activeTextEditor.document.getText(), /ResolvePackageNotFound:\n {2}- scikit-learnn=1\.2/);
    await vscode.commands.executeCommand('azuremlDebug.services.focus');
    // For a person to look at: the view renders after focus.
    await new Promise((r) => setTimeout(r, 3000));
    await screenshot('azure-tree-build-log');
    const refused = await vscode.commands.executeCommand<OpenBuildLogResult>(CommandIds.azureOpenBuildLog, byLabels('Azure ML test subscription', 'sample-ws', 'aci-build-closed'));
    assert.equal(refused?.document, undefined);
    assert.match(refused?.message ?? '', /could not be read: the storage account does not allow public access \(409 PublicAccessNotPermitted\)/);
    assert.match(refused?.message ?? '', /from a machine on the workspace's network/);
    // The log is an untitled document: revert, so closing asks nothing.
    await vscode.window.showTextDocument(r.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('"Debug This Locally" on the crash-looping deployment copies it beside the user\'s code, deploys it here and stops on the raising line of the local score.py', async () => {
    await removeLocalCopyDeployment();
    const crash = byLabels('Azure ML test subscription', 'sample-ws', 'sample-endpoint', 'crashloop')!;
    const raiseLine = fs.readFileSync(localScore, 'utf8').split('\n').findIndex((l) => l.includes('raise ValueError')) + 1;
    const tracker = trackStops();
    try {
      vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(localScore), new vscode.Position(raiseLine - 1, 0)))]);
      // The tree item's menu command, with the signed-in session's API (no shortcut).
      const result = await vscode.commands.executeCommand<DebugLocallyResult | undefined>(CommandIds.azureDebugLocally, crash);
      assert.ok(result, 'the command ran to the end');
      const copy = path.join(workspace, '.azureml-local', 'sample-endpoint-crashloop');
      assert.deepEqual(result.files.map((f) => path.relative(copy, f)).sort(), ['conda.yml', 'deployment.yml', 'endpoint.yml']);
      // The copies keep themselves out of the user's commits.
      assert.equal(fs.readFileSync(path.join(workspace, '.azureml-local', '.gitignore'), 'utf8'), '*\n');
      assert.deepEqual(result.notes, []);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(copy, 'deployment.yml'), 'deployment.yml is opened');
      assert.match(fs.readFileSync(path.join(copy, 'deployment.yml'), 'utf8'), /code: \.\.\/\.\.\/crashloop-app/);
      assert.equal(result.deployed?.healthy, false, 'the crash seen in Azure happens here');
      assert.equal(result.debugging, true);
      const stop = await waitFor('a stop in init()', () => tracker.stops.shift(), 120_000);
      const st = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { line: number; name: string; source?: { path?: string } }[] };
      const frame = st.stackFrames[0];
      assert.equal(frame.name, 'init');
      assert.equal(frame.line, raiseLine);
      const framePath = frame.source?.path ?? '';
      assert.equal(/^[a-z-]+:\/\//.test(framePath) ? vscode.Uri.parse(framePath).path : framePath, localScore, 'the workspace\'s file, not a path in the container');
      await vscode.debug.stopDebugging();
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('survives throttling and an expired token', async () => {
    const before = azureConn()!.azure!.updatedAt!;
    server.faults.throttle(2, 1);
    await vscode.commands.executeCommand(CommandIds.azureRefresh);
    assert.equal(azureConn()?.status, 'connected', azureConn()?.reason);
    assert.ok(azureConn()!.azure!.updatedAt! > before, 'listed again');
    assert.ok(server.requests.filter((q) => q.status === 429).length >= 2, 'the server throttled');
    const expired = server.faults.expireTokens();
    assert.ok(expired > 0);
    const at = server.requests.length;
    await vscode.commands.executeCommand(CommandIds.azureRefresh);
    const after = server.requests.slice(at);
    assert.ok(after.some((q) => q.status === 401), 'the expired token was refused');
    assert.equal(azureConn()?.status, 'connected', azureConn()?.reason);
    assert.ok(byLabels('Azure ML test subscription', 'sample-ws', 'sample-endpoint', 'healthy'), 'still listed after a fresh token');
  });

  it('writes no key or token into the output channel or the log panel', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const keys = server.keysOf(sample.endpointId);
    const secrets = [keys.primaryKey, keys.secondaryKey, ...new Set(server.requests.flatMap((q) => (q.token ? [q.token] : [])))];
    assert.ok(secrets.length > 2);
    const { root: logsRoot, files, ours } = windowLogFiles(api.context.logUri, extensionId);
    assert.ok(ours, `our output channel's log file under ${logsRoot}`);
    assert.match(fs.readFileSync(ours, 'utf8'), /test request to sample-endpoint\/healthy/);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const s of secrets) assert.ok(!text.includes(s), `${f} contains a secret`);
    }
    for (const tab of api.logs.tabIds()) {
      const text = api.logs.linesFor(tab).join('\n');
      for (const s of secrets) assert.ok(!text.includes(s), `log tab ${tab} contains a secret`);
    }
  });

  it('shows the tree signed out when the user signs out from the Accounts menu', async () => {
    await auth.signOut('microsoft-sovereign-cloud');
    await waitFor('the tree signed out', () => tree().getChildren(root()).find((n) => n.type === 'azureMessage' && n.signIn));
    assert.equal(api.model.services(azureConn()!.id).length, 0);
  });
});
