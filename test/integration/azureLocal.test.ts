// "Debug this locally" without the editor, against the test Azure server and
// real Docker: the seeded crash-looping deployment is read from Azure (the
// deployment, its endpoint and its environment version), its code folder is
// found in a workspace that holds the user's own copy of the app (beside a
// decoy score.py), the local v2 files are written, and Deploy Locally's v2
// road runs them on the real inference image: init() raises from the local
// file (an edit made only locally shows in the traceback) on the line the
// crash analysis names, in the folder the workspace holds.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import Dockerode from 'dockerode';
import { ArmClient } from '../../src/azure/armClient';
import { AzureMlApi } from '../../src/azure/azureMlApi';
import { readCopySource } from '../../src/azure/localCopySource';
import { chooseCodeFolder, relativePath, type DeploymentFileFacts } from '../../src/core/azure/codeFolder';
import { localCopyFolder, onlineLocalCopy } from '../../src/core/azure/localCopy';
import { analyze } from '../../src/core/crash/crashCauses';
import { readOnlineDeployment } from '../../src/core/deploy/onlineDeployment';
import { deleteService } from '../../src/docker/client/localService';
import { deployLocal } from '../../src/docker/client/localDeploy';
import { seedSample, type AzureSample } from '../support/azureServer/sample';
import { startAzureServer, type AzureTestServer } from '../support/azureServer/server';
import { TestDapClient } from '../support/dapClient';
import { SAMPLE_IMAGE, TEST_LABEL, containerLogs, readableTempDir, removeLabelled, uniqueName, waitFor } from '../support/docker';
import { v2DeploySettings } from '../support/v2Deploy';

const repo = path.resolve(__dirname, '../../..');
const client = new Dockerode({ socketPath: '/var/run/docker.sock' });
const runLabel = `com.azureml-debug.testrun=${uniqueName('azure-local')}`;
const settings = v2DeploySettings(18795);

/** Every file under `dir` (what the editor's findFiles would list), skipping earlier copies. */
function walk(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('.azureml-local')).map((f) => path.join(dir, f));
}

describe('Debug this locally: a crash-looping Azure deployment run here (test Azure server, real Docker)', function () {
  this.timeout(300_000);
  let server: AzureTestServer;
  let sample: AzureSample;
  let workspace: string;
  const service = uniqueName('azure-local').toLowerCase();
  /** The local container the first test deployed (the second debugs it). */
  let deployed: string | undefined;

  before(async () => {
    server = await startAzureServer();
    sample = await seedSample(server, repo, [TEST_LABEL, runLabel]);
    // The user's workspace: the app they deployed (with the deployment.yml they deployed it with) and another project's score.py.
    workspace = readableTempDir('aml-azure-local-');
    const app = path.join(workspace, 'crash-app');
    fs.cpSync(path.join(repo, 'test/fixtures/apps/init-raises'), app, { recursive: true });
    fs.writeFileSync(path.join(app, 'deployment.yml'), [
      'name: crashloop', 'endpoint_name: sample-endpoint', 'model:', '  path: model', 'code_configuration:', '  code: .', '  scoring_script: score.py',
      'environment:', `  image: ${SAMPLE_IMAGE}`, '',
    ].join('\n'));
    // An edit made only on this machine: the local run must be running this file, not Azure's.
    const script = path.join(app, 'score.py');
    fs.writeFileSync(script, fs.readFileSync(script, 'utf8').replace('found 3")', 'found 3 (local copy)")'));
    fs.mkdirSync(path.join(workspace, 'other-project'));
    fs.writeFileSync(path.join(workspace, 'other-project', 'score.py'), 'def init():\n    pass\n\n\ndef run(data):\n    return data\n');
  });

  after(async () => {
    await deleteService(client, service, true).catch(() => undefined);
    await removeLabelled(runLabel);
    await sample?.remove();
    await server?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('reads the deployment from Azure, writes the local copy, and init() raises from the local score.py', async () => {
    const api = new AzureMlApi(new ArmClient({ armEndpoint: server.url, getToken: server.tokenSource() }));
    const id = `${sample.endpointId}/deployments/crashloop`;
    const source = await readCopySource(api, id);
    assert.equal(source.kind, 'online');
    if (source.kind !== 'online') return;
    assert.equal(source.deployment.properties.provisioningState, 'Failed');
    assert.equal(source.endpoint?.properties.authMode, 'Key');
    assert.ok(source.environment && !('error' in source.environment), JSON.stringify(source.environment));
    // Read through the real routes: the deployment, its endpoint and its environment version.
    const paths = server.requests.map((r) => `${r.path} ${r.status}`);
    assert.ok(paths.some((p) => /\/environments\/crashloop-env\/versions\/1 200$/.test(p)), paths.join('\n'));

    // The code folder: the user's deployment.yml for sample-endpoint/crashloop names it, the decoy notwithstanding.
    const files = walk(workspace);
    const facts: (DeploymentFileFacts & { model?: string })[] = files.filter((f) => f.endsWith('.yml')).map((file) => {
      const d = readOnlineDeployment(fs.readFileSync(file, 'utf8')).deployment;
      return { file, endpointName: d?.endpointName, name: d?.name, code: d?.code, model: d?.model?.kind === 'path' ? path.resolve(path.dirname(file), d.model.path) : undefined };
    });
    const choice = chooseCodeFolder({ scoringScript: source.deployment.properties.codeConfiguration?.scoringScript, endpoint: 'sample-endpoint', deployment: 'crashloop', scripts: files, deploymentFiles: facts });
    assert.equal(choice.kind, 'found', JSON.stringify(choice));
    if (choice.kind !== 'found') return;
    assert.equal(choice.code.folder, path.join(workspace, 'crash-app'));

    const dir = path.join(workspace, localCopyFolder('sample-endpoint', 'crashloop'));
    const copy = onlineLocalCopy({
      deployment: source.deployment, endpoint: source.endpoint, environment: source.environment,
      code: relativePath(dir, choice.code.folder), modelPath: relativePath(dir, facts.find((f) => f.file === choice.code.deploymentFile)!.model!),
    });
    assert.deepEqual(copy.notes, []);
    fs.mkdirSync(dir, { recursive: true });
    for (const f of copy.files) fs.writeFileSync(path.join(dir, f.name), f.text);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['conda.yml', 'deployment.yml', 'endpoint.yml']);

    // Deploy Locally's v2 road, as the command runs it.
    const out = await deployLocal(client, path.join(dir, 'deployment.yml'), service, settings);
    assert.equal(out.health.ok, false, 'the crash seen in Azure happens here too');
    deployed = out.containerId;
    await waitFor('the local container to exit', async () => ((await client.getContainer(out.containerId).inspect()).State.Running ? undefined : true), 60_000);
    const info = await client.getContainer(out.containerId).inspect();
    // The code the container runs is the workspace's folder, mounted as the CLI mounts a code folder.
    const code = (info.Mounts ?? []).find((m) => m.Destination === '/var/azureml-app/crash-app');
    assert.equal(code?.Source, path.join(workspace, 'crash-app'), JSON.stringify(info.Mounts));
    const logs = await containerLogs(out.containerId);
    assert.match(logs, /ValueError: weights are not normalised: expected 4 features, found 3 \(local copy\)/);
    const finding = analyze({ logs }).find((f) => f.code === 'init-failed');
    assert.ok(finding, JSON.stringify(analyze({ logs })));
    const raiseLine = fs.readFileSync(path.join(workspace, 'crash-app', 'score.py'), 'utf8').split('\n').findIndex((l) => l.includes('raise ValueError')) + 1;
    assert.deepEqual(finding.location, { path: '/var/azureml-app/crash-app/score.py', line: raiseLine });
  });

  it('under the azureml debugger (the launch the command starts), stops on the raising line of the local score.py', async () => {
    assert.ok(deployed, 'the test before deployed the local copy');
    const app = path.join(workspace, 'crash-app');
    const script = path.join(app, 'score.py');
    const raiseLine = fs.readFileSync(script, 'utf8').split('\n').findIndex((l) => l.includes('raise ValueError')) + 1;
    const parent = new TestDapClient({ [script]: [raiseLine] });
    try {
      await parent.start();
      // What debugLocally passes to vscode.debug.startDebugging: the new container as the service, the workspace's code folder as the app.
      const labels = Object.fromEntries([TEST_LABEL, runLabel].map((l) => l.split('=') as [string, string]));
      await parent.configure('launch', { name: 'Debug sample-endpoint/crashloop locally', service: deployed, appFolder: app, entryScript: 'score.py', scoringPort: 0, debugPort: 0, labels });
      const worker = await parent.nextChild();
      const stopped = (await worker.event('stopped', (e) => (e as DP.StoppedEvent).body.reason === 'breakpoint', 120_000)) as DP.StoppedEvent;
      const frame = (await worker.stackTraceRequest({ threadId: stopped.body.threadId!, startFrame: 0, levels: 1 })).body.stackFrames[0];
      assert.equal(frame.name, 'init');
      assert.equal(frame.line, raiseLine);
      assert.equal(frame.source?.path, script, 'the frame is the workspace file, not a path in the container');
      await worker.continueRequest({ threadId: stopped.body.threadId! });
      // Let go, init() raises as in Azure and the session says how the server ended, with the local edit in its last lines.
      await parent.event('terminated', () => true, 120_000);
      assert.match(parent.output(), /The server exited with code 3/);
      assert.match(parent.output(), /found 3 \(local copy\)/);
    } finally {
      await parent.stop().catch(() => undefined);
    }
  });
});
