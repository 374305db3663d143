// "Debug This Locally" in the real extension host: the contributed command,
// run on the crash-looping deployment of the test Azure server, writes the
// local copy into the workspace (beside the user's app, whose own
// deployment.yml names that deployment), opens its deployment.yml, deploys
// it on the real engine, and the `azureml` debugger stops on the raising
// line of the workspace's score.py.
//
// Why a shortcut: Azure sign-in and the Azure tree nodes are built on another
// branch (helper/azure-tree). Until they land, the test hands the command the
// node shape the tree will hand it (a service node whose id is the ARM
// resource id) and an AzureMlApi on the test server in place of the one the
// sign-in gives out; everything after that is the product's own path.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ArmClient } from '../../../src/azure/armClient';
import { AzureMlApi } from '../../../src/azure/azureMlApi';
import type { DebugLocallyResult } from '../../../src/commands/azure/debugLocally';
import { CommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import { seedSample, type AzureSample } from '../../support/azureServer/sample';
import { startAzureServer, type AzureTestServer } from '../../support/azureServer/server';
import { SAMPLE_IMAGE, TEST_LABEL, docker, uniqueName, waitFor } from '../../support/docker';
import { trackStops } from '../observe';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const repo = path.resolve(__dirname, '../../../..');
const SERVICE = 'sample-endpoint.crashloop';

async function removeLocalCopyDeployment(): Promise<void> {
  await docker('rm', '-f', SERVICE).catch(() => undefined);
  const images = (await docker('images', '-aq', '--filter', `label=com.azureml-debug.service=${SERVICE}`).catch(() => '')).split('\n').filter(Boolean);
  if (images.length) await docker('rmi', '-f', ...new Set(images)).catch(() => undefined);
}

describe('Debug This Locally (test Azure server, real Docker)', function () {
  this.timeout(300_000);
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const app = path.join(workspace, 'crash-app');
  const runLabel = `com.azureml-debug.testrun=${uniqueName('host-azure-local')}`;
  let server: AzureTestServer;
  let sample: AzureSample;

  before(async () => {
    const api = await vscode.extensions.getExtension<TestApi>(extensionId)!.activate();
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api.model.connection('docker')?.status === 'connected', 30_000);
    await removeLocalCopyDeployment();
    server = await startAzureServer();
    sample = await seedSample(server, repo, [TEST_LABEL, runLabel]);
    // The user's app and the deployment.yml they deployed it to Azure with (the workspace's sample has score.py files of its own too).
    fs.cpSync(path.join(repo, 'test/fixtures/apps/init-raises'), app, { recursive: true });
    fs.writeFileSync(path.join(app, 'deployment.yml'), [
      'name: crashloop', 'endpoint_name: sample-endpoint', 'model:', '  path: model', 'code_configuration:', '  code: .', '  scoring_script: score.py',
      'environment:', `  image: ${SAMPLE_IMAGE}`, '',
    ].join('\n'));
  });

  after(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await removeLocalCopyDeployment();
    await sample?.remove();
    await server?.stop();
    fs.rmSync(app, { recursive: true, force: true });
    fs.rmSync(path.join(workspace, '.azureml-local'), { recursive: true, force: true });
  });

  it('copies the crash-looping deployment into the workspace, deploys it, and stops on the raising line of the local score.py', async () => {
    const azure = new AzureMlApi(new ArmClient({ armEndpoint: server.url, getToken: server.tokenSource() }));
    const node = { type: 'service' as const, connectionId: 'azure', serviceId: `${sample.endpointId}/deployments/crashloop` };
    const script = path.join(app, 'score.py');
    const raiseLine = fs.readFileSync(script, 'utf8').split('\n').findIndex((l) => l.includes('raise ValueError')) + 1;
    const tracker = trackStops();
    const stops = tracker.stops;
    try {
      vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(script), new vscode.Position(raiseLine - 1, 0)))]);
      const result = await vscode.commands.executeCommand<DebugLocallyResult | undefined>(CommandIds.azureDebugLocally, node, { api: azure });
      assert.ok(result, 'the command ran to the end');
      const copy = path.join(workspace, '.azureml-local', 'sample-endpoint-crashloop');
      assert.deepEqual(result.files.map((f) => path.relative(copy, f)).sort(), ['conda.yml', 'deployment.yml', 'endpoint.yml']);
      assert.deepEqual(result.notes, []);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(copy, 'deployment.yml'), 'deployment.yml is opened');
      assert.match(fs.readFileSync(path.join(copy, 'deployment.yml'), 'utf8'), /code: \.\.\/\.\.\/crash-app/);
      assert.equal(result.deployed?.healthy, false, 'the crash seen in Azure happens here');
      assert.equal(result.debugging, true);
      const stop = await waitFor('a stop in init()', () => stops.shift(), 120_000);
      const st = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { line: number; name: string; source?: { path?: string } }[] };
      const frame = st.stackFrames[0];
      assert.equal(frame.name, 'init');
      assert.equal(frame.line, raiseLine);
      const framePath = frame.source?.path ?? '';
      assert.equal(/^[a-z-]+:\/\//.test(framePath) ? vscode.Uri.parse(framePath).path : framePath, script, 'the workspace\'s file, not a path in the container');
      await vscode.debug.stopDebugging();
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    }
  });
});
