// The test server's scoring URI, as a test request meets it: the endpoint's
// key (or a token it issued) required, routed by traffic or by the
// azureml-model-deployment header, and the container's failures turned into
// 424 (with the model's status), 408 (past requestTimeout) and 502.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArmClient } from '../../../src/azure/armClient';
import { AzureMlApi, workspaceOf } from '../../../src/azure/azureMlApi';
import { durationMs } from '../../support/azureServer/scoring';
import { startAzureServer, type AzureTestServer } from '../../support/azureServer/server';

/** A stand-in for a container's /score: answers as `behave` says. */
async function fakeContainer(behave: (body: string) => { status: number; body: string; delayMs?: number }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const b = behave(body);
      setTimeout(() => {
        res.writeHead(b.status, { 'Content-Type': 'application/json' });
        res.end(b.body);
      }, b.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the test server\'s scoring front door', () => {
  let server: AzureTestServer;
  const containers: Server[] = [];
  afterEach(async () => {
    await server?.stop();
    for (const c of containers.splice(0)) c.close();
  });

  it('answers with the right key, routes by traffic or header, and words the container\'s failures', async () => {
    server = await startAzureServer();
    server.addSubscription('s', 'S');
    const ws = server.addWorkspace('s', 'rg', 'ws');
    const ep = server.addEndpoint(ws, 'scoring', { traffic: { blue: 100, red: 0, slow: 0 } });
    const blue = await fakeContainer((body) => ({ status: 200, body: JSON.stringify({ echo: JSON.parse(body) }) }));
    const red = await fakeContainer(() => ({ status: 500, body: '"An unexpected error occurred in scoring script. Check the logs for more info."' }));
    const slow = await fakeContainer(() => ({ status: 200, body: '{}', delayMs: 800 }));
    containers.push(blue.server, red.server, slow.server);
    const backing = (url: string) => ({ logs: () => Promise.resolve(''), scoringUrl: () => Promise.resolve(url) });
    server.addDeployment(ep, 'blue', {}, backing(blue.url));
    server.addDeployment(ep, 'red', {}, backing(red.url));
    server.addDeployment(ep, 'slow', {}, backing(slow.url));
    // requestTimeout PT0.5S for `slow`, through the API as a user would set it.
    const api = new AzureMlApi(new ArmClient({ armEndpoint: server.url, getToken: server.tokenSource(), sleep: () => Promise.resolve() }));
    const ref = workspaceOf(ws);
    await api.createOrUpdateOnlineDeployment(ref, 'scoring', 'slow', {
      location: 'eastus2', properties: { endpointComputeType: 'Managed', requestSettings: { requestTimeout: 'PT0.5S' } },
    });
    const endpoint = await api.getOnlineEndpoint(ref, 'scoring');
    const auth = await api.scoringAuthorization(ref, endpoint);
    const post = (headers: Record<string, string>) => fetch(endpoint.properties.scoringUri!, { method: 'POST', body: '{"data": [[1, 2]]}', headers: { 'Content-Type': 'application/json', ...headers } });

    const ok = await post({ Authorization: auth!.header });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { echo: { data: [[1, 2]] } });
    assert.equal(ok.headers.get('azureml-model-deployment'), 'blue');
    assert.equal((await post({ Authorization: 'Bearer wrong' })).status, 401);
    const failed = await post({ Authorization: auth!.header, 'azureml-model-deployment': 'red' });
    assert.equal(failed.status, 424);
    assert.equal(failed.headers.get('ms-azureml-model-error-statuscode'), '500');
    assert.equal((await post({ Authorization: auth!.header, 'azureml-model-deployment': 'slow' })).status, 408);
    assert.equal((await post({ Authorization: auth!.header, 'azureml-model-deployment': 'gone' })).status, 404);
  });

  it('reads requestTimeout durations', () => {
    assert.deepEqual(['PT5S', 'PT0.5S', 'PT1M', 'PT1M30S', 'x'].map(durationMs), [5000, 500, 60000, 90000, 5000]);
  });
});
