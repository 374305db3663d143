// The Azure client against the test ARM + Azure ML server over real HTTP:
// lists followed through nextLink, 429/503 waited out as Retry-After says
// (bounded and cancellable), one re-auth on a 401 and no more, a 403 that
// names the missing action and a role, long-running operations polled to
// their end, and no token or key in any log line or message.
import * as assert from 'node:assert/strict';
import { AzureRequestError } from '../../../src/core/azure/armErrors';
import { ArmClient } from '../../../src/azure/armClient';
import { AzureMlApi, workspaceOf } from '../../../src/azure/azureMlApi';
import { textBacking } from '../../support/azureServer/backing';
import { startAzureServer, type AzureTestServer } from '../../support/azureServer/server';

const SUB = '00000000-1111-2222-3333-444444444444';

interface Harness {
  server: AzureTestServer;
  client: ArmClient;
  api: AzureMlApi;
  waits: number[];
  logs: string[];
  source: ReturnType<AzureTestServer['tokenSource']>;
}

async function harness(o: { maxRetries?: number; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {}): Promise<Harness> {
  const server = await startAzureServer({ pageSize: 2 });
  const waits: number[] = [];
  const logs: string[] = [];
  const source = server.tokenSource();
  const client = new ArmClient({
    armEndpoint: server.url, getToken: source, maxRetries: o.maxRetries, log: (l) => logs.push(l),
    // Record each wait instead of sleeping it: the test asserts what Retry-After asked for.
    sleep: o.sleep ?? ((ms) => {
      waits.push(ms);
      return Promise.resolve();
    }),
  });
  return { server, client, api: new AzureMlApi(client), waits, logs, source };
}

/** A subscription, a workspace, an endpoint with `n` deployments. */
function seed(server: AzureTestServer, n = 5): { ws: string; endpoint: string; deployments: string[] } {
  server.addSubscription(SUB, 'Test subscription');
  const ws = server.addWorkspace(SUB, 'ml-rg', 'ml-ws');
  const endpoint = server.addEndpoint(ws, 'scoring', { traffic: { blue: 100 } });
  const deployments = Array.from({ length: n }, (_, i) => server.addDeployment(endpoint, i === 0 ? 'blue' : `d${i}`, {}, textBacking({
    InferenceServer: Array.from({ length: 30 }, (_, j) => `2026-11-30 06:00:${String(j).padStart(2, '0')},000 I [12] azmlinfsrv - line ${j}`).join('\n') + '\n',
    StorageInitializer: 'Downloading model sample-model:1\nDownloaded\n',
  })));
  return { ws, endpoint, deployments };
}

async function rejection(p: Promise<unknown>): Promise<AzureRequestError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AzureRequestError, `not an AzureRequestError: ${String(err)}`);
    return err;
  }
  assert.fail('resolved instead of failing');
}

describe('ArmClient against the test Azure server', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.server.stop();
  });

  it('follows nextLink through every page, from subscriptions down to deployments', async () => {
    h = await harness();
    const { ws } = seed(h.server, 5);
    h.server.addSubscription('99999999-1111-2222-3333-444444444444', 'Second');
    h.server.addSubscription('88888888-1111-2222-3333-444444444444', 'Third');
    const subs = await h.api.listSubscriptions();
    assert.deepEqual(subs.map((s) => s.displayName).sort(), ['Second', 'Test subscription', 'Third']);
    const [workspace] = await h.api.listWorkspaces(SUB);
    assert.equal(workspace.id, ws);
    const ref = workspaceOf(workspace.id);
    const deployments = await h.api.listOnlineDeployments(ref, 'scoring');
    assert.deepEqual(deployments.map((d) => d.name), ['blue', 'd1', 'd2', 'd3', 'd4']);
    // Three pages of two: the second and third asked through the server's nextLink.
    const pages = h.server.requests.filter((r) => r.path.endsWith('/onlineEndpoints/scoring/deployments'));
    assert.equal(pages.length, 3);
  });

  it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
    h = await harness();
    seed(h.server, 1);
    h.server.faults.throttle(2, 7);
    const subs = await h.api.listSubscriptions();
    assert.equal(subs.length, 1);
    assert.deepEqual(h.waits, [7000, 7000]);
    assert.deepEqual(h.server.requests.map((r) => r.status), [429, 429, 200]);
  });

  it('retries a 503 the same way', async () => {
    h = await harness();
    seed(h.server, 1);
    h.server.faults.throttle(1, 3, { status: 503 });
    await h.api.listSubscriptions();
    assert.deepEqual(h.waits, [3000]);
  });

  it('gives up after its retries with a throttling message', async () => {
    h = await harness({ maxRetries: 2 });
    seed(h.server, 1);
    h.server.faults.throttle(10, 1);
    const err = await rejection(h.api.listSubscriptions());
    assert.equal(err.failure.kind, 'throttled');
    assert.equal(err.failure.status, 429);
    assert.match(err.message, /throttling/);
    assert.equal(h.server.requests.length, 3);
  });

  it('a wait for Retry-After ends when the caller cancels', async () => {
    h = await harness({ sleep: undefined });
    // The real timer this time: Retry-After 30 s, cancelled after 50 ms.
    h.client = new ArmClient({ armEndpoint: h.server.url, getToken: h.source });
    h.api = new AzureMlApi(h.client);
    seed(h.server, 1);
    h.server.faults.throttle(1, 30);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const started = Date.now();
    const err = await rejection(h.api.listSubscriptions(ctl.signal));
    assert.equal(err.failure.kind, 'cancelled');
    assert.ok(Date.now() - started < 2000, 'cancelled promptly');
  });

  it('after a 401 asks for a fresh token once and retries', async () => {
    h = await harness();
    seed(h.server, 1);
    await h.api.listSubscriptions();
    assert.equal(h.server.faults.expireTokens(), 1);
    await h.api.listSubscriptions();
    assert.deepEqual(h.source.calls.map((c) => c.forceRefresh), [false, false, true]);
    assert.deepEqual(h.server.requests.map((r) => r.status), [200, 401, 200]);
  });

  it('a second 401 is the user\'s: one re-auth only, then a sign-in message', async () => {
    h = await harness();
    seed(h.server, 1);
    const stale = h.server.issueToken(-1);
    let asked = 0;
    h.client = new ArmClient({ armEndpoint: h.server.url, getToken: () => (asked++, Promise.resolve(stale)) });
    const err = await rejection(new AzureMlApi(h.client).listSubscriptions());
    assert.equal(err.failure.kind, 'unauthorized');
    assert.equal(err.failure.code, 'ExpiredAuthenticationToken');
    assert.match(err.failure.advice, /Sign in to Azure again/);
    assert.equal(asked, 2);
    assert.equal(h.server.requests.length, 2);
    assert.ok(!err.message.includes(stale));
  });

  it('a 403 names the action that is missing and a role that grants it', async () => {
    h = await harness();
    const { ws } = seed(h.server, 1);
    h.server.faults.deny('getLogs/action');
    const err = await rejection(h.api.getDeploymentLogs(workspaceOf(ws), 'scoring', 'blue', 'InferenceServer', 10));
    assert.equal(err.failure.kind, 'forbidden');
    assert.equal(err.failure.code, 'AuthorizationFailed');
    assert.equal(err.failure.action, 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/getLogs/action');
    assert.equal(err.failure.role, 'AzureML Data Scientist');
    assert.match(err.message, /getLogs\/action/);
    assert.match(err.message, /AzureML Data Scientist/);
    assert.match(err.message, /\/onlineEndpoints\/scoring\/deployments\/blue/);
  });

  it('a denied read points to Reader', async () => {
    h = await harness();
    seed(h.server, 1);
    h.server.faults.deny(/workspaces\/read$/);
    const err = await rejection(h.api.listWorkspaces(SUB));
    assert.equal(err.failure.role, 'Reader');
  });

  it('reads getLogs of each container, tail lines only', async () => {
    h = await harness();
    const { ws } = seed(h.server, 1);
    const ref = workspaceOf(ws);
    const tail = await h.api.getDeploymentLogs(ref, 'scoring', 'blue', 'InferenceServer', 3);
    assert.deepEqual(tail.trimEnd().split('\n').map((l) => l.split(' - ')[1]), ['line 27', 'line 28', 'line 29']);
    assert.match(await h.api.getDeploymentLogs(ref, 'scoring', 'blue', 'StorageInitializer'), /Downloading model/);
  });

  it('polls a PUT through Azure-AsyncOperation and returns the deployment as it ended', async () => {
    h = await harness();
    const { ws } = seed(h.server, 1);
    const ref = workspaceOf(ws);
    const seen: string[] = [];
    const dep = await h.api.createOrUpdateOnlineDeployment(ref, 'scoring', 'green', { location: 'eastus2', properties: { endpointComputeType: 'Managed', instanceType: 'Standard_DS3_v2' } }, undefined, (s) => seen.push(s));
    assert.equal(dep?.properties.provisioningState, 'Succeeded');
    assert.deepEqual(seen, ['InProgress', 'InProgress', 'Succeeded']);
    const put = h.server.responses.find((r) => r.operation === 'OnlineDeployments_CreateOrUpdate')!;
    assert.equal(put.status, 201);
    assert.match(put.headers['Azure-AsyncOperation'], /\/mfeOperationsStatus\//);
  });

  it('a failed operation is an error with its code and message', async () => {
    h = await harness();
    const { ws, deployments } = seed(h.server, 1);
    h.server.faults.failNextOperation(deployments[0], { code: 'ResourceNotReady', message: 'User container has crashed or terminated.' });
    const err = await rejection(h.api.createOrUpdateOnlineDeployment(workspaceOf(ws), 'scoring', 'blue', { location: 'eastus2', properties: { endpointComputeType: 'Managed' } }));
    assert.equal(err.failure.kind, 'operationFailed');
    assert.equal(err.failure.code, 'ResourceNotReady');
    assert.match(err.message, /User container has crashed/);
  });

  it('polls a DELETE through Location, waiting its Retry-After', async () => {
    h = await harness();
    const { ws } = seed(h.server, 2);
    const ref = workspaceOf(ws);
    await h.api.deleteOnlineDeployment(ref, 'scoring', 'd1');
    assert.deepEqual((await h.api.listOnlineDeployments(ref, 'scoring')).map((d) => d.name), ['blue']);
    assert.ok(h.waits.length >= 2 && h.waits.every((w) => w === 10000), `waits ${h.waits.join()}`);
  });

  it('keeps keys and tokens out of every log line and message', async () => {
    h = await harness();
    const { ws, endpoint } = seed(h.server, 1);
    const ref = workspaceOf(ws);
    const keys = await h.api.listEndpointKeys(ref, 'scoring');
    assert.deepEqual(keys, h.server.keysOf(endpoint));
    const tokens = h.server.requests.map((r) => r.token!).filter(Boolean);
    for (const secret of [keys.primaryKey!, keys.secondaryKey!, ...tokens]) {
      for (const line of h.logs) assert.ok(!line.includes(secret), `a secret in the log: ${line}`);
      assert.ok(!h.client.redact(`the key is ${secret}`).includes(secret));
    }
    // A token endpoint refuses: its message echoes the endpoint name, not a secret.
    const err = await rejection(h.api.getEndpointToken(ref, 'scoring'));
    assert.equal(err.failure.kind, 'badRequest');
    for (const secret of [keys.primaryKey!, ...tokens]) assert.ok(!err.message.includes(secret));
  });

  it('gives the scoring Authorization of a key endpoint and a token endpoint, both masked afterwards', async () => {
    h = await harness();
    const { ws, endpoint } = seed(h.server, 1);
    const tokened = h.server.addEndpoint(ws, 'tokened', { authMode: 'AMLToken' });
    const ref = workspaceOf(ws);
    const keyed = await h.api.scoringAuthorization(ref, await h.api.getOnlineEndpoint(ref, 'scoring'));
    assert.equal(keyed?.header, `Bearer ${h.server.keysOf(endpoint).primaryKey}`);
    const byToken = await h.api.scoringAuthorization(ref, await h.api.getOnlineEndpoint(ref, 'tokened'));
    assert.match(byToken?.header ?? '', /^Bearer .{20,}/);
    assert.ok(byToken?.refreshAfter && byToken.refreshAfter > Date.now() / 1000);
    for (const header of [keyed!.header, byToken!.header]) assert.ok(!h.client.redact(`sent ${header.slice(7)}`).includes(header.slice(7)));
    assert.ok(tokened.endsWith('/onlineEndpoints/tokened'));
  });

  it('never sends the token to another origin a nextLink names', async () => {
    h = await harness();
    await assert.rejects(h.client.send({ method: 'GET', url: 'https://attacker.example/subscriptions', what: 'list' }), /Refused to send the Azure sign-in to https:\/\/attacker\.example/);
  });

  it('stops a list whose nextLink goes round in circles', async () => {
    h = await harness();
    const loop = 'http://127.0.0.1:1/subscriptions?api-version=2022-12-01&$skipToken=1';
    const client = new ArmClient({
      armEndpoint: 'http://127.0.0.1:1', getToken: () => Promise.resolve('t0k3n-for-the-loop'),
      fetch: () => Promise.resolve(new Response(JSON.stringify({ value: [{ id: 'x' }], nextLink: loop }), { status: 200 })),
    });
    await assert.rejects(client.list({ url: '/subscriptions?api-version=2022-12-01', what: 'list subscriptions' }), /next-page link repeats itself after 2 pages/);
  });

  it('lists v1 web services and reads their logs from the data plane', async () => {
    h = await harness();
    const { ws } = seed(h.server, 0);
    h.server.addAciService(ws, 'aci-failed', { state: 'Failed', error: { code: 'AciDeploymentFailed', message: 'Your container application crashed.' } }, 'Users\'s init has completed successfully\n');
    const ref = workspaceOf(ws);
    const [svc] = await h.api.listServices(ref);
    assert.equal(svc.properties.computeType, 'ACI');
    assert.equal(svc.properties.state, 'Failed');
    assert.equal(svc.properties.error?.code, 'AciDeploymentFailed');
    assert.match(await h.api.getServiceLogs(ref, 'aci-failed', h.server.url, 100), /init has completed/);
  });
});
