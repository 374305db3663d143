// Azure ML v2 in the real extension host, as a user works with it: the
// workspace's v2/deployment.yml opened in the editor has no problem; a typo'd
// key is flagged on its line and the quick fix (through the code action
// provider) takes it out leaving the file as it was; a scoring script that
// is not there is an error on its line; "Deploy Locally" on the file (the
// Explorer's gesture) runs the container the CLI would make, the tree lists
// it as "endpoint / deployment", Send Test Request gets the model's answer,
// and Delete removes it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeployCommandResult } from '../../../src/commands/deploy/deployLocal';
import type { TestResponse } from '../../../src/core/deploy/testRequest';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import { docker, waitFor } from '../../support/docker';
import { screenshot, visibleToasts } from '../screenshot';
import { trackStops } from '../observe';

const extensionId = 'azureml-debug.azureml-deployment-debugger';

/** Removes the sample deployment's container and every image it was built as (a test that crashes it keeps none behind). */
async function removeSampleDeployment(): Promise<void> {
  await docker('rm', '-f', 'sample-endpoint.blue').catch(() => undefined);
  const images = (await docker('images', '-aq', '--filter', 'label=com.azureml-debug.service=sample-endpoint.blue').catch(() => '')).split('\n').filter(Boolean);
  if (images.length) await docker('rmi', '-f', ...new Set(images)).catch(() => undefined);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Azure ML v2');
}

describe('Azure ML v2 deployment.yml (real Docker engine)', function () {
  this.timeout(180_000);
  let api: TestApi;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const yml = vscode.Uri.file(path.join(workspace, 'v2', 'deployment.yml'));
  let original = '';
  let deployed: DeployCommandResult | undefined;

  before(async () => {
    api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    original = fs.readFileSync(yml.fsPath, 'utf8');
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api.model.connection('docker')?.status === 'connected', 30_000);
  });

  before(async () => {
    // What an earlier run on this machine may have left would count in Delete's tally.
    await removeSampleDeployment();
  });

  after(async () => {
    fs.writeFileSync(yml.fsPath, original);
    await removeSampleDeployment();
  });

  it('flags a typo\'d key on its line, and the quick fix removes it byte for byte', async () => {
    const doc = await vscode.workspace.openTextDocument(yml);
    const editor = await vscode.window.showTextDocument(doc);
    // Opened as it ships: nothing wrong with it (the endpoint.yml beside it names the endpoint).
    await waitFor('the file to be checked', () => (vscode.languages.getDiagnostics(yml) ? true : undefined));
    assert.deepEqual(ours(yml).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
    const line = doc.lineCount - 1;
    await editor.edit((b) => b.insert(new vscode.Position(line, 0), 'instance_typo: 2\n'));
    const diag = await waitFor('the unknown-key diagnostic', () => ours(yml).find((d) => d.code === 'unknown-key'));
    assert.equal(diag.range.start.line, line);
    await screenshot('v2-unknown-key');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', yml, diag.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const fix = actions.find((a) => a.title === 'Remove "instance_typo"');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), original);
    await waitFor('the diagnostic to go', () => (ours(yml).some((d) => d.code === 'unknown-key') ? undefined : true));
  });

  it('completes the keys the file can still take and says on hover what a key takes', async () => {
    const doc = await vscode.workspace.openTextDocument(yml);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', yml, end);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('readiness_probe') && labels.includes('liveness_probe'), labels.join(', '));
    assert.ok(!labels.includes('instance_type'), 'a key the file has is not offered again');
    assert.ok(!labels.includes('resources'), 'nor one of the Kubernetes schema in a managed file');
    const line = doc.getText().split('\n').findIndex((l) => l.includes('request_timeout_ms'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', yml, new vscode.Position(line, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /request_settings\.request_timeout_ms/);
    assert.match(text, /integer >= 1, <= 180000/);
  });

  it('puts a scoring script that is not there on its line', async () => {
    const doc = await vscode.workspace.openTextDocument(yml);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('scoring_script: score.py'));
    const col = doc.lineAt(line).text.indexOf('score.py');
    await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 'score.py'.length), 'scor.py'));
    const diag = await waitFor('the path-not-found diagnostic', () => ours(yml).find((d) => d.code === 'path-not-found'));
    assert.equal(diag.range.start.line, line);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diag.message, /scor\.py/);
    await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 'scor.py'.length), 'score.py'));
    await doc.save();
    await waitFor('the diagnostic to go', () => (ours(yml).some((d) => d.code === 'path-not-found') ? undefined : true));
  });

  it('"Deploy Locally" on deployment.yml runs it as the CLI would; the tree lists it as endpoint / deployment; it answers; Delete removes it', async () => {
    deployed = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployLocal, yml);
    assert.ok(deployed, 'the command returned a result');
    assert.equal(deployed.healthy, true);
    assert.equal(deployed.service, 'sample-endpoint.blue');
    const node = await waitFor('the service in the tree', () =>
      api.tree!.getChildren().flatMap((c) => api.tree!.getChildren(c)).find((n) => n.type === 'service' && n.serviceId === deployed!.containerId) as ServiceTreeNode | undefined);
    const item = api.tree!.getTreeItem(node);
    assert.equal(item.label, 'sample-endpoint / blue');
    // The rules its requests meet, from its request_settings (5000 ms, 1 at once), stated on the node.
    assert.match((item.tooltip as vscode.MarkdownString).value, /408 after 5000 ms \(request_timeout_ms\); 1 at once and 1 waiting, then 429/);
    await vscode.commands.executeCommand('azuremlDebug.services.focus');
    await screenshot('v2-deployed-tree');
    // The status bar names the workspace's deployment as the tree does, and its port; a click offers its actions (issue 19).
    await waitFor('the status bar item', () => (/^\$\(vm-running\) sample-endpoint \/ blue :\d+$/.test(api.deploymentStatus.text) ? true : undefined), 30000)
      .catch((e: Error) => assert.fail(`${e.message}: "${api.deploymentStatus.text}"`));
    assert.match(String(api.deploymentStatus.tooltip), /^Local deployment sample-endpoint \/ blue: running, scoring at http:\/\/127\.0\.0\.1:\d+\/score\. Click for its actions\.$/);
    const clicked = vscode.commands.executeCommand(CommandIds.deployStatusActions);
    await new Promise((r) => setTimeout(r, 700));
    await screenshot('v2-status-bar-actions');
    // Its first action, Send Test Request, answers in a notification.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await clicked;
    await waitFor('the answer in a notification', async () => (await visibleToasts())?.notifications.find((n) => /HTTP 200/.test(n.message)), 30000);
    // The request beside the yml, found as a user would leave it there.
    const answer = await vscode.commands.executeCommand<TestResponse | undefined>(CommandIds.deploySendTestRequest, node, { quiet: true });
    assert.equal(answer?.status, 200, JSON.stringify(answer));
    assert.match(answer!.body, /"predictions"/);
    const removed = await vscode.commands.executeCommand<{ containers: number; images: number } | undefined>(CommandIds.deployDelete, node, { images: true });
    assert.deepEqual(removed, { containers: 1, images: 1 });
    await waitFor('the tree to drop it', () => (api.model.get('docker', deployed!.containerId) ? undefined : true));
  });

  it('Update on a crashed deployment keeps the replaced container\'s output in a tab of its own, traceback and all', async () => {
    const script = path.join(workspace, 'v2', 'onlinescoring', 'score.py');
    const good = fs.readFileSync(script, 'utf8');
    fs.writeFileSync(script, good.replace('def init():\n', 'def init():\n    raise ValueError("weights are not normalised")\n'));
    try {
      const broken = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployLocal, yml);
      assert.ok(broken && !broken.healthy, 'the broken deployment does not become healthy');
      await waitFor('the tree to show it exited', () => (api.model.get('docker', broken.containerId)?.state === 'exited' ? true : undefined), 60_000);
      fs.writeFileSync(script, good);
      const node = { type: 'service', connectionId: 'docker', serviceId: broken.containerId } as ServiceTreeNode;
      const fixed = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployUpdate, node);
      assert.equal(fixed?.healthy, true);
      assert.notEqual(fixed.containerId, broken.containerId);
      const tab = `kept:${broken.containerId}`;
      await waitFor('the kept tab', () => (api.logs.tabIds().includes(tab) ? true : undefined));
      const lines = await waitFor('its lines', () => (api.logs.linesFor(tab).some((l) => l.includes('ValueError: weights are not normalised')) ? api.logs.linesFor(tab) : undefined));
      assert.ok(lines.some((l) => l.includes('Traceback (most recent call last)')));
    } finally {
      fs.writeFileSync(script, good);
      await removeSampleDeployment();
    }
  });

  it('the path doctor flags a model path Azure will not have on its line; the deploy crashes on it as Azure would; the quick fix writes the path both layouts have and the deployment answers', async () => {
    const script = vscode.Uri.file(path.join(workspace, 'v2', 'onlinescoring', 'score.py'));
    const good = fs.readFileSync(script.fsPath, 'utf8');
    const join = 'os.path.join(os.environ["AZUREML_MODEL_DIR"], "model", "model.json")';
    assert.ok(good.includes(join), 'the sample opens its model as the examples do');
    try {
      const doc = await vscode.workspace.openTextDocument(script);
      await vscode.window.showTextDocument(doc);
      /** The script as the user would leave it: edited in the editor and saved. */
      const write = async (text: string) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(script, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
        assert.ok(await vscode.workspace.applyEdit(edit));
        assert.ok(await doc.save());
      };
      // A file beside the model: there with `az ml ... --local` (it mounts the model's folder), not in Azure.
      await write(good.replace(join, 'os.path.join(os.environ["AZUREML_MODEL_DIR"], "sample-request.json")'));
      const line = doc.getText().split('\n').findIndex((l) => l.includes('AZUREML_MODEL_DIR"]'));
      const beside = await waitFor('the CLI-only diagnostic', () => ours(script).find((d) => d.code === 'model-path-cli-only'));
      assert.equal(beside.range.start.line, line);
      assert.equal(doc.getText(beside.range), '"sample-request.json"');
      assert.equal(beside.relatedInformation?.[0]?.location.uri.fsPath, yml.fsPath, 'it points at the deployment\'s model.path');
      // Behaving like Azure (the default), the local run has Azure's layout: it crashes here, not after an upload.
      const crashed = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployLocal, yml);
      assert.ok(crashed && !crashed.healthy, 'a path only the CLI\'s layout has fails locally too');
      // "Path Doctor" on the crashed container (its menu's command): a stopped copy shows what init() saw.
      await waitFor('the tree to show it exited', () => (api.model.get('docker', crashed.containerId)?.state === 'exited' ? true : undefined), 60_000);
      const before = await docker('ps', '-aq');
      const crashedNode = { type: 'service', connectionId: 'docker', serviceId: crashed.containerId } as ServiceTreeNode;
      const report = await vscode.commands.executeCommand<string | undefined>('azuremlDebug.service.pathDoctor', crashedNode);
      assert.ok(report, 'the path doctor ran');
      assert.match(report, /a stopped copy/);
      assert.match(report, /Entry script resolves to: `\/var\/azureml-app\/onlinescoring\/score\.py` ✔/);
      assert.match(report, /\/var\/azureml-app\/azureml-models\/sample-model\/1\/model\/model\.json/, 'the model as mounted, under its own name');
      assert.match(report, /## Against Azure's layout \(deployment\.yml\)[\s\S]*✘ `sample-request\.json` \(score\.py:\d+\)/);
      assert.match(report, /### sys.path, as the server extends it\n\n```\n[\s\S]*\/var\/azureml-app\/onlinescoring\//);
      await screenshot('v2-path-doctor-report');
      assert.equal(await docker('ps', '-aq'), before, 'the copy is gone');
      await docker('rm', '-f', 'sample-endpoint.blue');

      // The model's own file without its folder's name: in neither layout; the file is found in the model.
      await write(good.replace(join, 'os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.json")'));
      const missing = await waitFor('the missing-path diagnostic', () => ours(script).find((d) => d.code === 'model-path-missing'));
      assert.equal(missing.range.start.line, line);
      assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
      assert.match(missing.message, /"model\/model\.json"/);
      await screenshot('v2-model-path-doctor');
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', script, missing.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      const fix = actions.find((a) => a.title.startsWith('Open "model/model.json"'));
      assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.getText(), good, 'the fix writes the path as the script writes its paths, and nothing else');
      await doc.save();
      await waitFor('the diagnostics to go', () => (ours(script).length ? undefined : true));
      const fixed = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployLocal, yml);
      assert.equal(fixed?.healthy, true);
      const node = { type: 'service', connectionId: 'docker', serviceId: fixed.containerId } as ServiceTreeNode;
      await waitFor('the model to know it', () => api.model.get('docker', fixed.containerId));
      const answer = await vscode.commands.executeCommand<TestResponse | undefined>(CommandIds.deploySendTestRequest, node, { quiet: true });
      assert.equal(answer?.status, 200, JSON.stringify(answer));
      assert.match(answer!.body, /"predictions"/);
    } finally {
      fs.writeFileSync(script.fsPath, good);
      await removeSampleDeployment();
    }
  });

  it('a run() slower than request_timeout_ms gets Azure\'s 408; the cause sits on request_timeout_ms with a quick fix that raises it, and after Update the request answers', async () => {
    const script = path.join(workspace, 'v2', 'onlinescoring', 'score.py');
    const good = fs.readFileSync(script, 'utf8');
    assert.match(good, /^def run\(raw_data\):\n/m);
    fs.writeFileSync(script, good.replace(/^def run\(raw_data\):\n/m, 'def run(raw_data):\n    import time\n    time.sleep(6)\n'));
    try {
      const deployedSlow = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployLocal, yml);
      assert.equal(deployedSlow?.healthy, true);
      await waitFor('the model to know it', () => api.model.get('docker', deployedSlow.containerId));
      const node = { type: 'service', connectionId: 'docker', serviceId: deployedSlow.containerId } as ServiceTreeNode;
      const late = await vscode.commands.executeCommand<TestResponse | undefined>(CommandIds.deploySendTestRequest, node, { quiet: true });
      assert.equal(late?.status, 408, JSON.stringify(late));
      const doc = await vscode.workspace.openTextDocument(yml);
      await vscode.window.showTextDocument(doc);
      const line = doc.getText().split('\n').findIndex((l) => l.includes('request_timeout_ms: 5000'));
      const diag = await waitFor('the 408 cause on request_timeout_ms', () => vscode.languages.getDiagnostics(yml).find((d) => d.code === 'request-timeout-408'));
      assert.equal(diag.range.start.line, line);
      assert.equal(doc.getText(diag.range), 'request_timeout_ms');
      await screenshot('v2-408-on-request-timeout');
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', yml, diag.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      const fix = actions.find((a) => a.title === 'Raise request_timeout_ms to 10000');
      assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.getText(), original.replace('request_timeout_ms: 5000', 'request_timeout_ms: 10000'), 'one value changed, every other byte kept');
      assert.ok(await doc.save());
      const updated = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployUpdate, node);
      assert.equal(updated?.healthy, true);
      await waitFor('the model to know the new container', () => api.model.get('docker', updated.containerId));
      const answer = await vscode.commands.executeCommand<TestResponse | undefined>(CommandIds.deploySendTestRequest, { ...node, serviceId: updated.containerId }, { quiet: true });
      assert.equal(answer?.status, 200, JSON.stringify(answer));
    } finally {
      fs.writeFileSync(script, good);
      fs.writeFileSync(yml.fsPath, original);
      await removeSampleDeployment();
    }
  });

  /**
   * Runs a container as `az ml online-deployment create --local` makes it
   * (docker_client.create_deployment: its labels, the model's parent and the
   * code folder mounted, tty, every port published), then "Debug" on its tree
   * node (the command the item's menu runs) must stop in init() of `script`.
   */
  async function debugCliContainer(o: { endpoint: string; deploymentData: object; codeMount: string; appRoot: string; script: string; label?: string; screenshot?: string }): Promise<void> {
    const v2 = path.join(workspace, 'v2');
    const initLine = fs.readFileSync(o.script, 'utf8').split('\n').findIndex((l) => l.includes('model_path = os.path.join')) + 1;
    const id = await docker('run', '-d', '--name', `${o.endpoint}.green`, '-t', '-P',
      '--label', 'azureml-local-endpoint=', '--label', `endpoint=${o.endpoint}`, '--label', 'deployment=green',
      '--label', `endpoint-data={"name": "${o.endpoint}"}`, '--label', `deployment-data=${JSON.stringify({ name: 'green', endpoint_name: o.endpoint, ...o.deploymentData })}`, '--label', 'azureml-port=5001',
      '-v', `${v2}:/var/azureml-app/azureml-models//sample-model/1:z`, '-v', `${o.codeMount}`,
      '-e', 'AZUREML_MODEL_DIR=/var/azureml-app/azureml-models//sample-model/1', '-e', `AML_APP_ROOT=${o.appRoot}`, '-e', 'AZUREML_ENTRY_SCRIPT=score.py',
      'mcr.microsoft.com/azureml/minimal-py312-inference:latest');
    const tracker = trackStops();
    const stops = tracker.stops;
    try {
      const node = await waitFor('the CLI-made container in the tree', () =>
        api.tree!.getChildren().flatMap((c) => api.tree!.getChildren(c)).find((n) => n.type === 'service' && n.serviceId === id) as ServiceTreeNode | undefined);
      if (o.label) assert.equal(api.tree!.getTreeItem(node).label, o.label);
      vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(o.script), new vscode.Position(initLine - 1, 0)))]);
      assert.equal(await vscode.commands.executeCommand<boolean>(CommandIds.serviceDebug, node), true);
      const stop = await waitFor('a stop in init()', () => stops.shift(), 90_000);
      const st = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { line: number; source?: { path?: string } }[] };
      const frame = st.stackFrames[0];
      assert.equal(frame.line, initLine);
      const framePath = frame.source?.path ?? '';
      // The server runs the file under /var/azureml-app; the editor shows the workspace's file.
      assert.equal(/^[a-z-]+:\/\//.test(framePath) ? vscode.Uri.parse(framePath).path : framePath, o.script);
      if (o.screenshot) await screenshot(o.screenshot);
      await vscode.debug.stopDebugging();
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
      await docker('rm', '-f', id).catch(() => undefined);
    }
  }

  it('a container made as `az ml online-deployment create --local` makes it is listed as endpoint / deployment, and "Debug" on it stops in init() of the workspace\'s v2 score.py', async () => {
    const v2 = path.join(workspace, 'v2');
    await debugCliContainer({
      endpoint: 'cli-endpoint', deploymentData: {}, label: 'cli-endpoint / green', screenshot: 'v2-cli-container-debug',
      codeMount: `${path.join(v2, 'onlinescoring')}:/var/azureml-app/onlinescoring/`, appRoot: '/var/azureml-app/onlinescoring/',
      script: path.join(v2, 'onlinescoring', 'score.py'),
    });
  });

  it('"Debug" on a CLI-made container whose scoring script sits in a subfolder of its code folder (code: ., scoring_script: onlinescoring/score.py) stops in init() of the workspace\'s file', async () => {
    // As the CLI lays out Azure's own examples: the code folder (v2/) under its name, the server run from the script's folder.
    // Before the fix the launch was refused: no score.py at the code folder's top.
    const v2 = path.join(workspace, 'v2');
    await debugCliContainer({
      endpoint: 'sub-endpoint', deploymentData: { code_configuration: { code: '.', scoring_script: 'onlinescoring/score.py' } },
      codeMount: `${v2}:/var/azureml-app/v2/`, appRoot: '/var/azureml-app/v2/onlinescoring',
      script: path.join(v2, 'onlinescoring', 'score.py'),
    });
  });
});

