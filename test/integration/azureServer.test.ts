// The test Azure server's deployments backed by real containers of the
// real-shaped inference image (runit, nginx, the real azmlinfsrv, USER
// dockeruser): getLogs, through the real client, answers the container's own
// output, and the crash analysis finds the init() failure in it on the
// raising line of the local score.py, as it will for a deployment in Azure.
// A healthy deployment's InferenceServer log is the server's, ready to serve.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArmClient } from '../../src/azure/armClient';
import { AzureMlApi, workspaceOf } from '../../src/azure/azureMlApi';
import { onlineDeploymentView, viewDescription, webServiceView } from '../../src/core/azure/deploymentView';
import { analyze } from '../../src/core/crash/crashCauses';
import { containerBacking } from '../support/azureServer/backing';
import { seedSample } from '../support/azureServer/sample';
import { startAzureServer, type AzureTestServer } from '../support/azureServer/server';
import { SAMPLE_IMAGE, TEST_LABEL, docker, removeLabelled, uniqueName, waitFor } from '../support/docker';

const apps = path.resolve(__dirname, '../../../test/fixtures/apps');
const runLabel = `com.azureml-debug.testrun=${uniqueName('azure')}`;
const SUB = '00000000-1111-2222-3333-444444444444';

async function start(app: string): Promise<string> {
  const name = uniqueName(`azure-${app}`);
  await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
    '-v', `${path.join(apps, app)}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', SAMPLE_IMAGE);
  return name;
}

describe('Azure test server deployments on real containers (real Docker)', function () {
  this.timeout(120000);
  let server: AzureTestServer;

  after(async () => {
    await server?.stop();
    await removeLabelled(runLabel);
  });

  it('getLogs answers the container\'s own azmlinfsrv output, and the crash lands on score.py', async () => {
    const crashing = await start('init-raises');
    const healthy = await start('run-raises');
    server = await startAzureServer();
    server.addSubscription(SUB, 'Test subscription');
    const ws = server.addWorkspace(SUB, 'ml-rg', 'ml-ws');
    const endpoint = server.addEndpoint(ws, 'scoring', { traffic: { blue: 100 } });
    server.addDeployment(endpoint, 'blue', {}, containerBacking(healthy, 'Model download completed\n'));
    server.addDeployment(endpoint, 'crashing', { provisioningState: 'Failed' }, containerBacking(crashing));
    const api = new AzureMlApi(new ArmClient({ armEndpoint: server.url, getToken: server.tokenSource() }));
    const ref = workspaceOf(ws);

    await waitFor('the crashing container to exit', async () => (await docker('inspect', '-f', '{{.State.Status}}', crashing)) === 'exited', 60000);
    const logs = await api.getDeploymentLogs(ref, 'scoring', 'crashing', 'InferenceServer', 500);
    assert.match(logs, /Azure ML Inferencing HTTP server/);
    assert.match(logs, /ValueError: weights are not normalised/);
    const [finding] = analyze({ logs });
    assert.equal(finding?.code, 'init-failed', JSON.stringify(analyze({ logs })));
    const raiseLine = readFileSync(path.join(apps, 'init-raises', 'score.py'), 'utf8').split('\n').findIndex((l) => l.includes('raise ValueError')) + 1;
    assert.deepEqual(finding.location, { path: '/var/azureml-app/score.py', line: raiseLine });

    // tail counts lines of the container's output, as getLogs' tail does.
    const last3 = await api.getDeploymentLogs(ref, 'scoring', 'crashing', 'InferenceServer', 3);
    assert.equal(last3.trimEnd().split('\n').length, 3);
    assert.ok(logs.trimEnd().endsWith(last3.trimEnd()));

    const served = await waitFor('the healthy server to boot', async () => {
      const text = await api.getDeploymentLogs(ref, 'scoring', 'blue', 'InferenceServer');
      return /ready for serving traffic/.test(text) ? text : undefined;
    }, 60000);
    assert.match(served, /Users's init has completed successfully/);
    // The server's own traceback about model ids (the folder is not <name>/<version>) is no crash of the user's.
    assert.deepEqual(analyze({ logs: served }).filter((f) => f.code === 'init-failed'), []);
    assert.equal(await api.getDeploymentLogs(ref, 'scoring', 'blue', 'StorageInitializer'), 'Model download completed\n');
  });

  it('the sample the host tests will show: a healthy and a crash-looping deployment, a failed ACI service', async () => {
    const s2 = await startAzureServer();
    const repo = path.resolve(__dirname, '../../..');
    const sample = await seedSample(s2, repo, [TEST_LABEL, runLabel]);
    try {
      const api = new AzureMlApi(new ArmClient({ armEndpoint: s2.url, getToken: s2.tokenSource() }));
      const [sub] = await api.listSubscriptions();
      const [ws] = await api.listWorkspaces(sub.subscriptionId);
      const ref = workspaceOf(ws.id);
      const [endpoint] = await api.listOnlineEndpoints(ref);
      const rows = (await api.listOnlineDeployments(ref, endpoint.name)).map((d) => onlineDeploymentView(endpoint, d));
      assert.deepEqual(rows.map((r) => [r.name, r.state, r.trafficPercent]), [['healthy', 'ready', 100], ['crashloop', 'failed', 0]]);
      assert.equal(viewDescription(rows[0]), 'Succeeded · Standard_DS3_v2 × 1 · 100% traffic');
      const [svc] = (await api.listServices(ref)).map(webServiceView);
      assert.deepEqual([svc.name, svc.state, svc.computeType, svc.error?.code], ['aci-failed', 'failed', 'ACI', 'KubernetesDeploymentFailed']);
      const logs = await waitFor('the crash in the log', async () => {
        const text = await api.getDeploymentLogs(ref, endpoint.name, 'crashloop', 'InferenceServer');
        return /Worker failed to boot|Exit code 3 is not normal/.test(text) ? text : undefined;
      }, 60000);
      assert.equal(analyze({ logs })[0]?.code, 'init-failed');

      // A test request with the endpoint's key reaches the healthy container's azmlinfsrv through nginx.
      const auth = await api.scoringAuthorization(ref, endpoint);
      const request = readFileSync(path.join(repo, 'sample', 'sample-request.json'), 'utf8');
      const answer = await waitFor('the healthy deployment to answer', async () => {
        const r = await fetch(endpoint.properties.scoringUri!, { method: 'POST', body: request, headers: { 'Content-Type': 'application/json', Authorization: auth!.header } });
        return r.status === 200 ? r : undefined;
      }, 60000);
      assert.equal(answer.headers.get('azureml-model-deployment'), 'healthy');
      // The crash-looping one, once its container has exited, has no server to answer.
      await waitFor('the crashing container to exit', async () => (await docker('inspect', '-f', '{{.State.Status}}', sample.containers.crashing)) === 'exited', 60000);
      const crashed = await fetch(endpoint.properties.scoringUri!, { method: 'POST', body: request, headers: { 'Content-Type': 'application/json', Authorization: auth!.header, 'azureml-model-deployment': 'crashloop' } });
      assert.equal(crashed.status, 502);
    } finally {
      await sample.remove();
      await s2.stop();
    }
  });
});
