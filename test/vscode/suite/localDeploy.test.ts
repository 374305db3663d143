// The local deployment commands in the real extension host, on the Azure ML
// inference image (runit PID 1, nginx on 5001 in front of azmlinfsrv, USER
// dockeruser): Deploy Locally on a copy of the sample (healthy through nginx,
// build output in the log panel, the service in the tree with its version),
// Send Test Request, Reload after editing score.py (same container), reload
// on save, Update after a model change, Delete leaving nothing of ours.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeployCommandResult } from '../../../src/commands/deploy/deployLocal';
import type { TestResponse } from '../../../src/core/deploy/testRequest';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import { docker, readableTempDir, SAMPLE_IMAGE, uniqueName, waitFor } from '../../support/docker';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const sample = path.resolve(__dirname, '../../../../sample');

describe('local deployment commands (real Docker engine)', function () {
  this.timeout(120_000);
  let api: TestApi;
  const service = uniqueName('aml-host-deploy');
  const folder = readableTempDir('aml-host-deploy-');
  let deployed: DeployCommandResult | undefined;
  const node = (): ServiceTreeNode => ({ type: 'service', connectionId: 'docker', serviceId: deployed!.containerId }) as ServiceTreeNode;
  const expected = (bias: number) => {
    const m = JSON.parse(fs.readFileSync(path.join(folder, 'model/model.json'), 'utf8')) as { weights: number[] };
    const rows = (JSON.parse(fs.readFileSync(path.join(folder, 'sample-request.json'), 'utf8')) as { data: number[][] }).data;
    return rows.map((r) => Math.round((bias + r.reduce((s, v, i) => s + v * m.weights[i], 0)) * 1e4) / 1e4);
  };

  before(async () => {
    fs.cpSync(sample, folder, { recursive: true });
    // Only packages the base image has, so no environment layer is built (keeps the suite fast).
    fs.writeFileSync(path.join(folder, 'myenv.yml'), 'dependencies:\n  - python=3.11\n  - pip\n  - pip:\n      - azureml-defaults>=1.0.45\n      - flask\n');
    api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api.model.connection('docker')?.status === 'connected', 30_000);
    await vscode.workspace.getConfiguration('azuremlDebug').update('deploy.port', 28890, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('azuremlDebug').update('deploy.port', undefined, vscode.ConfigurationTarget.Global);
    const left = (await docker('ps', '-aq', '--filter', `label=com.azureml-debug.service=${service}`)).trim();
    if (left) await docker('rm', '-f', ...left.split('\n'));
    const images = (await docker('images', '-q', '--filter', `label=com.azureml-debug.service=${service}`)).trim();
    if (images) await docker('rmi', '-f', ...new Set(images.split('\n')));
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('deploys the folder: running on 127.0.0.1, listed with its version, build output in the log panel', async () => {
    deployed = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployLocal, vscode.Uri.file(folder), { service });
    assert.ok(deployed, 'the command returned a result');
    assert.equal(deployed.healthy, true);
    assert.equal(deployed.port, 28890);
    // "healthy" came through nginx in front of azmlinfsrv, on the real image name, runit as PID 1.
    const health = await fetch('http://127.0.0.1:28890/');
    assert.equal(health.status, 200);
    assert.match(health.headers.get('server') ?? '', /^nginx/);
    assert.match(await docker('top', deployed.containerId, '-o', 'pid,ppid,args'), /runsvdir \/var\/runit[\s\S]*azmlinfsrv --entry_script score\.py/);
    // Built on the default base image, whose user and command it keeps.
    assert.equal(await docker('image', 'inspect', '-f', '{{.Config.User}} {{json .Config.Cmd}}', deployed.imageId), 'dockeruser ["runsvdir","/var/runit"]');
    assert.match(await docker('history', '--no-trunc', '-q', deployed.imageId), new RegExp((await docker('image', 'inspect', '-f', '{{.Id}}', SAMPLE_IMAGE)).replace('sha256:', '')));
    const item = await waitFor('the service in the tree', () => {
      const n = api.tree!.getChildren().flatMap((c) => api.tree!.getChildren(c)).find((x) => api.tree!.getTreeItem(x).label === service);
      const i = n && api.tree!.getTreeItem(n);
      return i?.contextValue?.includes('.local') && i.contextValue.includes('.scoring') ? i : undefined;
    });
    assert.match(String(item.description), /:28890 · v1$/);
    assert.ok(api.logs!.tabIds().includes(`build:${service}`));
    assert.ok(api.logs!.linesFor(`build:${service}`).some((l) => /Successfully built/.test(l)));
  });

  it('sends the sample request and gets the model\'s prediction', async () => {
    const r = await vscode.commands.executeCommand<TestResponse>(CommandIds.deploySendTestRequest, node(), { quiet: true });
    assert.equal(r.status, 200, r.body);
    assert.equal(r.kind, 'ok');
    const bias = (JSON.parse(fs.readFileSync(path.join(folder, 'model/model.json'), 'utf8')) as { bias: number }).bias;
    assert.deepEqual((JSON.parse(r.body) as { predictions: number[] }).predictions, expected(bias));
  });

  it('reloads an edited score.py without a rebuild', async () => {
    const score = path.join(folder, 'score.py');
    fs.writeFileSync(score, fs.readFileSync(score, 'utf8').replace('"model": model["name"]}', '"model": model["name"], "edited": 1}'));
    assert.equal(await vscode.commands.executeCommand<boolean>(CommandIds.deployReload, node()), true);
    const r = await vscode.commands.executeCommand<TestResponse>(CommandIds.deploySendTestRequest, node(), { quiet: true });
    assert.equal((JSON.parse(r.body) as { edited?: number }).edited, 1, r.body);
    assert.equal((await docker('inspect', '-f', '{{.Image}}', deployed!.containerId)).trim(), deployed!.imageId);
    // In place: runsvdir was not signalled (the container would have exited 111), runit restarted the server.
    assert.equal(await docker('inspect', '-f', '{{.RestartCount}} {{.State.Running}}', deployed!.containerId), '0 true');
  });

  it('reloads by itself when a Python file of the folder is saved in the editor (deploy.reloadOnSave)', async () => {
    const config = vscode.workspace.getConfiguration('azuremlDebug');
    await config.update('deploy.reloadOnSave', true, vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.workspace.openTextDocument(path.join(folder, 'score.py'));
      const at = doc.getText().indexOf('"edited": 1');
      assert.ok(at >= 0);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"edited": 1'.length)), '"edited": 2');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save());
      // No command: the save alone reloads the server (the image stays the same).
      const r = await waitFor('the saved code serving', async () => {
        const answer = await vscode.commands.executeCommand<TestResponse>(CommandIds.deploySendTestRequest, node(), { quiet: true });
        return answer.status === 200 && (JSON.parse(answer.body) as { edited?: number }).edited === 2 ? answer : undefined;
      }, 30_000);
      assert.equal(r.status, 200);
      assert.equal((await docker('inspect', '-f', '{{.Image}}', deployed!.containerId)).trim(), deployed!.imageId);
    } finally {
      await config.update('deploy.reloadOnSave', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('updates after a model change: only the model layer rebuilt, same port', async () => {
    const file = path.join(folder, 'model/model.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { bias: number };
    m.bias = 42;
    fs.writeFileSync(file, JSON.stringify(m));
    const u = await vscode.commands.executeCommand<DeployCommandResult | undefined>(CommandIds.deployUpdate, node());
    assert.ok(u?.healthy);
    assert.deepEqual(u.changed, ['model']);
    assert.equal(u.port, 28890);
    assert.equal(u.version, 2);
    deployed = u;
    await waitFor('the new container in the model', () => api.model.get('docker', u.containerId)?.scoringPort);
    const r = await vscode.commands.executeCommand<TestResponse>(CommandIds.deploySendTestRequest, node(), { quiet: true });
    assert.deepEqual((JSON.parse(r.body) as { predictions: number[] }).predictions, expected(42));
  });

  it('deletes the service with its images: nothing of it left, gone from the tree', async () => {
    const removed = await vscode.commands.executeCommand<{ containers: number; images: number }>(CommandIds.deployDelete, node(), { images: true });
    assert.equal(removed.containers, 1);
    assert.equal((await docker('ps', '-aq', '--filter', `label=com.azureml-debug.service=${service}`)).trim(), '');
    assert.equal((await docker('images', '-aq', '--filter', `label=com.azureml-debug.service=${service}`)).trim(), '');
    await waitFor('the service gone from the tree', () => (api.model.get('docker', deployed!.containerId) ? undefined : true));
  });

  it('reports a broken inferenceconfig.json and builds nothing', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-host-broken-'));
    try {
      fs.writeFileSync(path.join(broken, 'inferenceconfig.json'), '{"entryScript": "score.py",, }');
      fs.writeFileSync(path.join(broken, 'score.py'), 'def init():\n    pass\n');
      const r = await vscode.commands.executeCommand(CommandIds.deployLocal, vscode.Uri.file(broken), { service: `${service}-broken` });
      assert.equal(r, undefined);
      assert.equal((await docker('ps', '-aq', '--filter', `label=com.azureml-debug.service=${service}-broken`)).trim(), '');
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
