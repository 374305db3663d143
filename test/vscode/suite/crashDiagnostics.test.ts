// Crash causes as diagnostics in the real extension host: the workspace's
// score.py made to raise in init() and started in real Docker gets an error
// on the raising line, the tree names the cause, and the diagnostic clears
// once the fixed script serves again; a GPU pod the test cluster cannot
// schedule puts a diagnostic on deploymentconfig.json whose quick fix lowers
// the request; a crash-looping pod's previous log puts init-failed on the
// raising line; the settings quick fixes (OOM, 504, 503) edit the file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/testApi';
import { startTestCluster, type TestCluster } from '../../k8s-server/cluster';
import { azureMlService, namespaceOf } from '../../k8s-server/sample';
import { containerLogs, docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../../support/docker';
import { crashDiagnostics, quickFixes } from '../gestures';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const runLabel = `com.azureml-debug.test-run=${uniqueName('crashdiag')}`;

describe('crash causes as diagnostics (real Docker, test cluster)', function () {
  this.timeout(60000);
  let api: TestApi;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const repo = vscode.extensions.getExtension(extensionId)!.extensionPath;
  const scoreUri = vscode.Uri.file(path.join(workspace, 'score.py'));
  const configUri = vscode.Uri.file(path.join(workspace, 'deploymentconfig.json'));
  let goodScore = '';
  let config = '';

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>(extensionId)!.activate());
    goodScore = fs.readFileSync(scoreUri.fsPath, 'utf8');
    config = fs.readFileSync(configUri.fsPath, 'utf8');
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api.model.connection('docker')?.status === 'connected', 30000);
  });

  after(async () => {
    await removeLabelled(runLabel);
    fs.writeFileSync(scoreUri.fsPath, goodScore);
    fs.writeFileSync(configUri.fsPath, config);
  });

  it('init() raising: an error on the raising line of score.py, the cause in the tree, cleared when fixed and healthy', async () => {
    const broken = fs.readFileSync(path.join(repo, 'test/fixtures/apps/init-raises/score.py'), 'utf8');
    fs.writeFileSync(scoreUri.fsPath, broken);
    const raiseLine = broken.split('\n').findIndex((l) => l.includes('raise ValueError'));
    const name = uniqueName('aml-crash');
    const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    await waitFor('the container to exit', () => api.model.get('docker', id)?.state === 'exited' ? true : undefined, 30000);
    const diag = await waitFor('the init-failed diagnostic', () => crashDiagnostics(scoreUri, 'init-failed')[0], 10000);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diag.range.start.line, raiseLine, 'on the raise line');
    assert.equal(diag.source, `Azure ML: ${name}`);
    assert.match(diag.message, /ValueError: weights are not normalised/);
    // No false alarm: the real server's own traceback in the same log ("Error while fetching model IDs") is not an init() failure.
    assert.match(await containerLogs(id), /Error while fetching model IDs/);
    assert.deepEqual(crashDiagnostics(scoreUri).map((d) => String(d.code)), ['init-failed']);
    const titles = (await quickFixes(scoreUri, diag)).map((a) => a.title);
    assert.deepEqual(titles, ["Show the service's logs"]);
    const node = api.tree!.getChildren().flatMap((c) => api.tree!.getChildren(c)).find((n) => n.type === 'service' && n.serviceId === id)!;
    const item = api.tree!.getTreeItem(node);
    assert.match(String(item.description), /^init\(\): ValueError · exited \(\d+\)/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');

    fs.writeFileSync(scoreUri.fsPath, goodScore);
    await docker('start', id);
    try {
      await waitFor('the diagnostic to clear once GET / answers 200', () => (crashDiagnostics(scoreUri).length === 0 && !api.problems.get('docker', id) ? true : undefined), 40000);
    } catch (err) {
      const r = api.model.get('docker', id);
      const left = crashDiagnostics(scoreUri).map((d) => `${String(d.code)} from ${d.source}`);
      throw new Error(`${(err as Error).message}: record ${r?.state} exit ${r?.exitCode} restarts ${r?.restartCount} port ${r?.scoringPort?.hostIp}:${r?.scoringPort?.hostPort}; problem ${JSON.stringify(api.problems.get('docker', id))}; left ${left.join(', ')}`);
    }
    assert.doesNotMatch(String(api.tree!.getTreeItem(node).description), /ValueError/);
  });

  it('a log tab left open holds the run: init-failed is found from it even when the traceback starts 3,000 lines above the end, past the tail a fetch reads', async () => {
    const broken = fs.readFileSync(path.join(repo, 'test/fixtures/apps/init-raises-then-floods/score.py'), 'utf8');
    fs.writeFileSync(scoreUri.fsPath, broken);
    const raiseLine = broken.split('\n').findIndex((l) => l.includes('raise ValueError'));
    const name = uniqueName('aml-flood');
    // Created, not started: the user opens its logs first, as they would to watch it start.
    const id = await docker('create', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    try {
      await waitFor('the container in the tree', () => api.model.get('docker', id), 20000);
      const node = api.tree!.getChildren().flatMap((c) => api.tree!.getChildren(c)).find((n) => n.type === 'service' && n.serviceId === id)!;
      await vscode.commands.executeCommand('azuremlDebug.service.showLogs', node);
      await docker('start', id);
      await waitFor('the container to exit', () => (api.model.get('docker', id)?.state === 'exited' ? true : undefined), 60000);
      const tab = api.logs.tabIds().find((t) => t.includes(id))!;
      assert.ok(tab, `a log tab of ${id}: ${api.logs.tabIds().join(', ')}`);
      const lines = api.logs.linesFor(tab);
      const at = lines.findIndex((l) => l.includes('Traceback (most recent call last)'));
      assert.ok(at >= 0 && lines.length - at > 2000, `the traceback is ${lines.length - at} lines from the end of ${lines.length}`);
      const diag = await waitFor('the init-failed diagnostic', () => crashDiagnostics(scoreUri, 'init-failed').find((d) => d.source === `Azure ML: ${name}`), 20000);
      assert.equal(diag.range.start.line, raiseLine, 'on the raise line');
      assert.match(diag.message, /ValueError: weights are not normalised/);
    } finally {
      fs.writeFileSync(scoreUri.fsPath, goodScore);
      await docker('rm', '-f', id).catch(() => undefined);
    }
  });

  it('settings quick fixes: raise memoryInGB after an OOM kill, raise scoringTimeoutMs or pause for a 504, replicas for a 503', async () => {
    const record = api.model.allServices().find((r) => r.kind === 'docker' && r.labels['com.azureml-debug.test-run'] === runLabel.split('=')[1])!;
    assert.ok(record, 'the container of the first test');
    await api.crashes!.publish(record, [
      { code: 'oom-killed', reason: 'container-oom', data: { phase: 'init' } },
      { code: 'timeout-504', reason: 'http-timeout', detail: 'HTTP 504', data: { phase: 'run', evidence: 'HTTP 504' } },
    ], 'http');
    const oom = crashDiagnostics(configUri, 'oom-killed')[0];
    assert.ok(oom, 'OOM diagnostic on deploymentconfig.json');
    assert.equal(oom.range.start.line, config.split('\n').findIndex((l) => l.includes('"memoryInGB"')));
    // The editor learns of new diagnostics a moment after the extension host publishes them.
    const oomFixes = await waitFor('the OOM quick fixes', async () => {
      const a = await quickFixes(configUri, oom);
      return a.length ? a : undefined;
    }, 5000);
    const raise = oomFixes.find((a) => a.title === 'Raise memoryInGB to 2')!;
    const published = api.crashes!.entriesAt(configUri).map((e) => `${e.finding.code}@${e.diagnostic.range.start.line}:${e.diagnostic.range.start.character}`);
    assert.ok(raise, `raise memory fix among ${oomFixes.map((a) => a.title).join(' | ')}; published ${published.join(', ')}; asked at ${oom.range.start.line}:${oom.range.start.character}`);
    assert.ok(await vscode.workspace.applyEdit(raise.edit!));
    const doc = await vscode.workspace.openTextDocument(configUri);
    assert.match(doc.getText(), /"memoryInGB": 2\n/);
    assert.equal(doc.getText().replace('"memoryInGB": 2\n', '"memoryInGB": 1.0\n'), config, 'only the value changed');

    const timeout = crashDiagnostics(configUri, 'timeout-504')[0];
    const titles = (await quickFixes(configUri, timeout)).map((a) => a.title).filter((t) => !t.startsWith('Raise memoryInGB'));
    assert.deepEqual(titles, ['Raise scoringTimeoutMs to 120000', 'Pause the service to see where it hangs', "Show the service's logs"]);

    // HTTP 503 through reportHttp, as "Send test request" feeds it: the calculator writes the seeds' formula's result.
    const found = await api.crashes!.reportHttp(record, 503, 'Service Unavailable');
    assert.ok(found.some((f) => f.code === 'overloaded-503'));
    const overloaded = await waitFor('the 503 diagnostic', () => crashDiagnostics(configUri, 'overloaded-503')[0]);
    const calc = await waitFor('the replica calculator fix', async () => (await quickFixes(configUri, overloaded)).find((a) => a.command?.command === 'azuremlDebug.crash.replicaCalculator'), 5000);
    assert.equal(calc.title, 'Compute minReplicas and targetUtilization for the expected load…');
    const args = [...(calc.command!.arguments ?? []), { targetRps: 10, requestSeconds: 1, targetUtilization: 70 }];
    assert.equal(await vscode.commands.executeCommand(calc.command!.command, ...args), true);
    // 10 rps x 1 s / 0.7 = 14.3 concurrent requests -> 15 replicas; maxReplicas raised to match.
    assert.match(doc.getText(), /"minReplicas": 15,/);
    assert.match(doc.getText(), /"maxReplicas": 15,/);
    assert.match(doc.getText(), /"targetUtilization": 70\n/);
    await doc.save();
  });

  describe('on the test cluster', () => {
    let cluster: TestCluster;
    let scratch: string;
    const ws = 'crash-ws';
    const conn = 'kubernetes:azureml-test';

    before(async () => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-k8s-'));
      // Short restart back-offs: the crash-looping pod below restarts within seconds once fixed.
      cluster = await startTestCluster({ namespace: namespaceOf(ws), kubeconfigPath: path.join(scratch, 'config'), schedulerRetryMs: 1000, backoffBaseMs: 1000, backoffMaxMs: 3000 });
      await vscode.workspace.getConfiguration('azuremlDebug').update('kubernetes.kubeconfig', cluster.kubeconfigPath, vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      await vscode.workspace.getConfiguration('azuremlDebug').update('kubernetes.kubeconfig', undefined, vscode.ConfigurationTarget.Global);
      await cluster?.stop();
    });

    it('a GPU pod the cluster cannot schedule puts insufficient nvidia.com/gpu on the gpu key; the quick fix lowers it to what the largest node has (0)', async () => {
      const withGpu = config.replace('"memoryInGB": 1.0', '"memoryInGB": 1.0,\n    "gpu": 1');
      // Through the editor (the document may be open from the test before), then saved.
      const doc = await vscode.workspace.openTextDocument(configUri);
      const whole = new vscode.WorkspaceEdit();
      whole.replace(configUri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), withGpu);
      assert.ok(await vscode.workspace.applyEdit(whole));
      await doc.save();
      cluster.apply(azureMlService({ workspace: ws, service: 'gpu-svc', appFolder: workspace, requests: { cpu: '100m', memory: '512Mi', 'nvidia.com/gpu': '1' } }));
      const connNode = await waitFor('the cluster in the tree', () => api.tree!.getChildren().find((n) => n.type === 'connection' && n.connectionId === conn), 20000);
      api.tree!.getChildren(connNode); // expanding connects
      const diag = await waitFor('the insufficient-resources diagnostic', () => crashDiagnostics(configUri, 'insufficient-resources')[0], 30000);
      assert.equal(diag.range.start.line, withGpu.split('\n').findIndex((l) => l.includes('"gpu"')));
      assert.match(diag.message, /Not enough nvidia\.com\/gpu: \d+ of \d+ nodes lack it/);
      assert.match(String(diag.source), /^Azure ML: gpu-svc-/);
      const pod = api.model.allServices().find((r) => r.kubernetes?.object === 'pod' && r.name.startsWith('gpu-svc-'))!;
      const nodes = await api.crashes!.nodeResources!(pod);
      assert.ok(nodes.length > 0 && nodes.every((n) => !n['nvidia.com/gpu']), 'the test cluster\'s nodes, none with a GPU');
      const actions = await quickFixes(configUri, diag);
      const lower = actions.find((a) => a.title.startsWith('Lower gpu to 0'))!;
      assert.ok(lower, `the lower-the-request fix among ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(lower.edit!));
      assert.equal(doc.getText(), withGpu.replace('"gpu": 1', '"gpu": 0'));
      // Deploying the fix: the service without the GPU request replaces the pending pod, which clears its diagnostic.
      cluster.apply(azureMlService({ workspace: ws, service: 'gpu-svc', appFolder: workspace }));
      await waitFor('the diagnostic to clear after the fix is deployed', () => (crashDiagnostics(configUri, 'insufficient-resources').length === 0 ? true : undefined), 30000);
    });

    it('a crash-looping pod: its previous run\'s traceback puts init-failed on the raising line; cleared once the fixed script is ready', async () => {
      const broken = fs.readFileSync(path.join(repo, 'test/fixtures/apps/init-raises/score.py'), 'utf8');
      const raiseLine = broken.split('\n').findIndex((l) => l.includes('raise ValueError'));
      fs.writeFileSync(scoreUri.fsPath, broken);
      cluster.apply(azureMlService({ workspace: ws, service: 'loop-svc', appFolder: workspace }));
      const connNode = await waitFor('the cluster in the tree', () => api.tree!.getChildren().find((n) => n.type === 'connection' && n.connectionId === conn), 20000);
      api.tree!.getChildren(connNode);
      const fromPod = () => crashDiagnostics(scoreUri).filter((d) => /^Azure ML: loop-svc-/.test(String(d.source)));
      const diag = await waitFor('init-failed from the pod\'s log', () => fromPod().find((d) => d.code === 'init-failed'), 60000);
      assert.equal(diag.range.start.line, raiseLine, 'on the raise line, not line 1');
      assert.match(diag.message, /ValueError: weights are not normalised/);
      fs.writeFileSync(scoreUri.fsPath, goodScore);
      await waitFor('the diagnostic to clear once the pod is ready', () => (fromPod().length === 0 ? true : undefined), 60000);
    });
  });
});
