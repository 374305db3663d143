// Restricted mode, in a window whose workspace is NOT trusted (the runner's
// second pass turns workspace trust on and plants a hostile workspace: settings
// pointing at another engine, image and listen address, and a kubeconfig whose
// credential plugin would leave a marker file). The extension still lists
// services, but starts, executes and port-forwards nothing.
// F5 itself is not driven here: VS Code asks for trust before any debug
// session, and under extension tests in code-server that request shows no
// dialog and never settles; our resolver's refusal behind it is called
// directly, and the tree's "Debug" goes through our own gate.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/platform/commandIds';
import { EDITOR_SESSION_LABEL } from '../../../src/debug/configurationProvider';
import { DEFAULT_INFERENCE_IMAGE } from '../../../src/core/docker/defaultImage';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import { SAMPLE_IMAGE, TEST_LABEL, containerLogs, docker, removeLabelled, uniqueName, waitFor } from '../../support/docker';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const runLabel = `com.azureml-debug.test-run=${uniqueName('restricted')}`;
const sessionLabel = `label=${EDITOR_SESSION_LABEL}=${vscode.env.sessionId}`;

describe('restricted mode (untrusted workspace)', function () {
  this.timeout(120000);
  let api: TestApi;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';

  before(async () => {
    api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
  });

  after(async () => {
    await removeLabelled(runLabel);
  });

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner opened this window without trust');
  });

  it('ignores the workspace\'s engine, image and listen-address settings, and still lists the local engine', async () => {
    const config = vscode.workspace.getConfiguration('azuremlDebug');
    const planted = JSON.parse(readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8')) as Record<string, string>;
    assert.equal(planted['azuremlDebug.docker.host'], 'tcp://127.0.0.1:9', 'the planted setting is there');
    assert.equal(api.settings.dockerHost, '', 'but not applied');
    assert.equal(api.settings.debugImage, DEFAULT_INFERENCE_IMAGE, 'the default, not the planted image');
    assert.equal(config.get<string>('debug.listenHost'), '127.0.0.1');
    await waitFor('the local Docker engine connected', () => api.model.connection('docker')?.status === 'connected', 30000);
  });

  it('the azureml configuration resolver refuses a launch and an attach by itself (behind VS Code\'s own trust request)', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const provider = api.debugConfigurations!;
    assert.equal(provider.resolveDebugConfiguration(folder, { type: 'azureml', request: 'launch', name: 'x', appFolder: workspace }), undefined);
    assert.equal(provider.resolveDebugConfiguration(folder, { type: 'azureml', request: 'attach', name: 'x', container: 'anything' }), undefined);
  });

  it('refuses "Debug" on a listed service and leaves the service alone', async () => {
    const id = await docker('run', '-d', '--name', uniqueName('aml-restricted'), '--label', TEST_LABEL, '--label', runLabel,
      '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    await waitFor('the service listed', () => api.model.get('docker', id)?.state === 'running', 30000);
    const node: ServiceTreeNode = { type: 'service', connectionId: 'docker', serviceId: id };
    assert.equal(await vscode.commands.executeCommand<boolean>(CommandIds.serviceDebug, node), false);
    assert.equal(await docker('ps', '-aq', '--filter', sessionLabel), '', 'no debug container');
    assert.equal(await docker('ps', '-aq', '--filter', `label=${runLabel}`), id.slice(0, 12), 'only the service itself');
  });

  it('builds and runs nothing on "Deploy Locally"', async () => {
    const service = uniqueName('restricted-deploy');
    const result = await vscode.commands.executeCommand(CommandIds.deployLocal, vscode.Uri.file(workspace), { service });
    assert.equal(result, undefined);
    assert.equal(await docker('ps', '-aq', '--filter', `label=com.azureml-debug.service=${service}`), '');
    assert.equal(await docker('images', '-q', '--filter', `label=com.azureml-debug.service=${service}`), '');
  });

  it('does not reload a local deployment on save, nor through "Reload"', async () => {
    // A local deployment as Deploy Locally labels it, serving this workspace folder.
    const service = uniqueName('restricted-local');
    const id = await docker('run', '-d', '--name', service, '--label', TEST_LABEL, '--label', runLabel,
      '--label', 'com.azureml-debug.owner=deploy', '--label', `com.azureml-debug.service=${service}`, '--label', `com.azureml-debug.source=${workspace}`,
      '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    await waitFor('the local deployment listed', () => api.model.get('docker', id)?.state === 'running', 30000);
    await waitFor('gunicorn up', async () => ((await containerLogs(id)).includes('Booting worker') ? true : undefined), 30000);
    const config = vscode.workspace.getConfiguration('azuremlDebug');
    await config.update('deploy.reloadOnSave', true, vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.workspace.openTextDocument(path.join(workspace, 'score.py'));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, doc.positionAt(doc.getText().length), '# saved in an untrusted workspace\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save());
      const node: ServiceTreeNode = { type: 'service', connectionId: 'docker', serviceId: id };
      assert.equal(await vscode.commands.executeCommand<boolean>(CommandIds.deployReload, node), false);
      // A reload is gunicorn handling SIGHUP; give one that was sent anyway the time to show.
      await new Promise((r) => setTimeout(r, 3000));
      assert.doesNotMatch(await containerLogs(id), /Handling signal: hup/i);
    } finally {
      await config.update('deploy.reloadOnSave', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('never runs a kubeconfig credential plugin: the context says why instead', async () => {
    const marker = process.env.AZUREML_DEBUG_RESTRICTED_MARKER;
    assert.ok(marker, 'the runner planted a marker path');
    const id = 'kubernetes:exec-plugin';
    const node = await waitFor('the planted context listed', () =>
      api.tree!.getChildren().find((n) => n.type === 'connection' && n.connectionId === id), 30000);
    api.tree!.getChildren(node); // expanding connects
    const c = await waitFor('the context refused', () => (api.model.connection(id)?.status === 'unreachable' ? api.model.connection(id) : undefined), 30000);
    assert.match(c.reason ?? '', /credential plugin "touch".*not trusted/);
    assert.match(c.advice ?? '', /Trust the workspace/);
    // Give a plugin that was started anyway time to leave its mark.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(existsSync(marker), false, 'the plugin never ran');
  });
});
