// The services tree in the real extension host: a started sample container
// appears with its state, a kill shows as a failed exit, its logs reach the
// log panel, and a container named with shell metacharacters is handled safely.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import type { ServiceTreeNode } from '../../../src/views/servicesView';
import { docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor, waitHealthy } from '../../support/docker';
import { screenshot } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const runLabel = `com.azureml-debug.test-run=${uniqueName('tree')}`;

function serviceNodes(api: TestApi): ServiceTreeNode[] {
  const tree = api.tree!;
  return tree.getChildren().flatMap((c) => tree.getChildren(c));
}

function itemFor(api: TestApi, name: string): vscode.TreeItem | undefined {
  const node = serviceNodes(api).find((n) => api.tree!.getTreeItem(n).label === name);
  return node && api.tree!.getTreeItem(node);
}

describe('services tree (real Docker engine)', function () {
  this.timeout(90000);
  let api: TestApi;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';

  before(async () => {
    api = (await vscode.extensions.getExtension<TestApi>(extensionId)!.activate());
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api.model.connection('docker')?.status === 'connected', 30000);
  });

  after(async () => {
    await removeLabelled(runLabel);
  });

  it('shows the Docker engine as connected with its version', () => {
    const roots = api.tree!.getChildren();
    const item = api.tree!.getTreeItem(roots.find((r) => r.type === 'connection' && r.connectionId === 'docker')!);
    assert.equal(item.contextValue, 'connection.docker.connected');
    assert.match(String(item.description), /^Docker Engine \d+/);
  });

  it('shows a started sample container, its state change, and streams its logs to the panel', async () => {
    const name = uniqueName('aml-tree');
    const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    const running = await waitFor('the running service in the tree', () => {
      const item = itemFor(api, name);
      // The start event shows it running at once; the inspect that follows adds the ports.
      return item?.contextValue?.startsWith('service.docker.running.scoring') ? item : undefined;
    });
    assert.match(String(running.description), /^running · up \d+s · :\d+$/);
    assert.match((running.tooltip as vscode.MarkdownString).value, /mcr\.microsoft\.com\/azureml\/minimal-py312-inference:latest/);
    const port = api.model.get('docker', id)!.scoringPort!.hostPort;
    await waitHealthy(port);

    const node = serviceNodes(api).find((n) => n.type === 'service' && n.serviceId === id)!;
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, node);
    const lines = await waitFor('init lines in the log panel', () => {
      const l = api.logs!.linesFor(`docker:${id}`);
      return l.some((t) => t.includes("Users's init has completed successfully")) ? l : undefined;
    });
    assert.ok(lines.some((t) => t.includes('Booting worker with pid')));
    // The real server's own banner, as the user sees it in the panel.
    await waitFor('the real banner', () => api.logs!.linesFor(`docker:${id}`).some((t) => t.includes('Azure ML Inferencing HTTP server v1.5.1')));
    await fetch(`http://127.0.0.1:${port}/score`, { method: 'POST', body: fs.readFileSync(path.join(workspace, 'sample-request.json')) });
    await waitFor('the request in the log panel', () => api.logs!.linesFor(`docker:${id}`).some((t) => t.includes('POST /score')));
    await screenshot('services-tree-and-logs');

    await docker('kill', id);
    const failed = await waitFor('the killed service', () => {
      const item = itemFor(api, name);
      return item?.contextValue?.startsWith('service.docker.failed') ? item : undefined;
    });
    assert.match(String(failed.description), /^exited \(137\)/);
    assert.equal((failed.iconPath as vscode.ThemeIcon).id, 'error');
  });

  it('removes a service through the command, with the container gone from the engine and the tree', async () => {
    const name = uniqueName('aml-remove');
    const id = await docker('create', '--name', name, '--label', TEST_LABEL, '--label', runLabel, '-v', `${workspace}:/var/azureml-app:ro`, SAMPLE_IMAGE);
    await waitFor('listed', () => itemFor(api, name));
    const node = serviceNodes(api).find((n) => n.type === 'service' && n.serviceId === id)!;
    await vscode.commands.executeCommand(CommandIds.serviceRemove, node, { confirmed: true });
    await waitFor('gone from the tree', () => !itemFor(api, name));
    assert.equal(await docker('ps', '-aq', '--filter', `id=${id}`), '');
  });

  it('acts safely on a service whose name carries shell metacharacters', async () => {
    const marker = path.join(os.tmpdir(), `aml-pwned-${process.pid}`);
    const evil = `a;touch ${marker} $(touch ${marker}) \`touch ${marker}\``;
    const name = uniqueName('aml-evil');
    const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
      '--label', `amlServiceName=${evil}`, '-v', `${workspace}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', SAMPLE_IMAGE);
    await waitFor('listed under its label', () => itemFor(api, evil));
    const node = serviceNodes(api).find((n) => n.type === 'service' && n.serviceId === id)!;
    await vscode.commands.executeCommand(CommandIds.serviceOpenShell, node);
    const terminal = await waitFor('the shell terminal', () => vscode.window.terminals.find((t) => t.name.includes(evil)));
    await vscode.commands.executeCommand(CommandIds.serviceRestart, node);
    await waitFor('restarted', () => api.model.get('docker', id)?.state === 'running');
    await vscode.commands.executeCommand(CommandIds.serviceShowLogs, node);
    await waitFor('its logs', () => api.logs!.linesFor(`docker:${id}`).length > 0);
    terminal.dispose();
    assert.equal(fs.existsSync(marker), false, 'a metacharacter in the name ran a command');
  });

  it('lists a container the user pins in settings.json at once, and drops it when unpinned', async () => {
    // Not an Azure ML deployment: a plain Debian container, listed only because it is pinned.
    const name = uniqueName('plain-pinned');
    await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel, '--entrypoint', 'sleep', 'azureml-debug/rootfs:trixie', 'infinity');
    const config = () => vscode.workspace.getConfiguration('azuremlDebug');
    const userValue = config().inspect<string[]>('docker.pinnedContainers')?.globalValue;
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(itemFor(api, name), undefined, 'an unpinned plain container is in the tree');
    try {
      // The extension reads its settings once and again after a change: the new list must be the one read.
      await config().update('docker.pinnedContainers', [...(userValue ?? []), name], vscode.ConfigurationTarget.Global);
      const pinned = await waitFor('the pinned container in the tree', () => itemFor(api, name));
      assert.match((pinned.tooltip as vscode.MarkdownString).value, /you pinned it/);
      await new Promise((r) => setTimeout(r, 1000)); // the view repaints
      await screenshot('services-tree-pinned');
    } finally {
      await config().update('docker.pinnedContainers', userValue, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the unpinned container gone from the tree', () => (itemFor(api, name) ? undefined : true));
  });
});
