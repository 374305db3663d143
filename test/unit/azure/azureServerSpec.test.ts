// Every answer the test Azure server gives, checked against the response
// schemas of the spec files (transcribed as test data in specSchemas.ts) with
// ajv: a session walks each route, through pages, operations, throttling, an
// expired token, a denial, a missing api-version and a missing resource, and
// each recorded body must match its operation's schema for that status (or
// the spec's default error schema), with the headers the spec declares.
import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { ArmClient } from '../../../src/azure/armClient';
import { AzureMlApi, workspaceOf } from '../../../src/azure/azureMlApi';
import { AML_API_VERSION } from '../../../src/core/azure/routes';
import { textBacking } from '../../support/azureServer/backing';
import { EXAMPLES } from '../../support/azureServer/fixtures';
import { startAzureServer, type AzureTestServer, type RecordedResponse } from '../../support/azureServer/server';
import { operationResponses, requiredHeaders, SOURCES, specSchemas } from '../../support/azureServer/specSchemas';

const SUB = '00000000-1111-2222-3333-444444444444';

function validator(): (schema: string, body: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, format: 'full' });
  ajv.addSchema(specSchemas);
  return (schema, body) => {
    const ok = ajv.validate({ $ref: `azure-spec#/definitions/${schema}` }, body);
    return ok ? [] : (ajv.errors ?? []).map((e) => `${e.dataPath} ${e.message}`);
  };
}

/** What is wrong with one recorded answer. */
function problems(check: ReturnType<typeof validator>, r: RecordedResponse): string[] {
  const declared = operationResponses[r.operation];
  if (!declared) return [`${r.operation}: not an operation of the spec`];
  const key = String(r.status);
  const schema = key in declared ? declared[key] : r.status >= 400 ? declared.default : undefined;
  if (schema === undefined) return [`${r.operation} ${r.status}: a status the spec does not declare`];
  const found: string[] = [];
  if (schema === null) {
    if (r.body !== undefined) found.push(`${r.operation} ${r.status}: a body where the spec declares none`);
  } else {
    found.push(...check(schema, r.body).map((e) => `${r.operation} ${r.status} (${schema}): ${e}`));
  }
  for (const h of requiredHeaders[r.operation]?.[key] ?? []) if (!(h in r.headers)) found.push(`${r.operation} ${r.status}: no ${h} header`);
  return found;
}

describe('the test Azure server against the spec schemas', () => {
  let server: AzureTestServer;
  afterEach(async () => {
    await server?.stop();
  });

  it('the schemas hold: a spec example passes, a wrong shape fails', () => {
    const check = validator();
    assert.deepEqual(Object.keys(SOURCES).sort(), Object.keys(specSchemas.definitions).sort(), 'each definition names its source');
    // The 200 body of examples/OnlineDeployment/list.json (Kubernetes), values kept, the example's "string" placeholders as they are.
    const example = {
      value: [{
        id: 'string', name: 'string', type: 'string', location: 'string', kind: 'string', tags: {},
        properties: {
          description: 'string', properties: { string: 'string' }, codeConfiguration: { codeId: 'string', scoringScript: 'string' }, environmentId: 'string',
          environmentVariables: { string: 'string' }, scaleSettings: { scaleType: 'Default' }, requestSettings: { maxQueueWait: 'PT5M', requestTimeout: 'PT5M', maxConcurrentRequestsPerInstance: 1 },
          modelMountPath: 'string', appInsightsEnabled: false, livenessProbe: { failureThreshold: 1, successThreshold: 1, timeout: 'PT5M', period: 'PT5M', initialDelay: 'PT5M' },
          provisioningState: 'Creating', instanceType: 'string', model: 'string', endpointComputeType: 'Kubernetes',
          containerResourceRequirements: { containerResourceRequests: { cpu: '"1"', memory: '"2Gi"', gpu: '"1"' }, containerResourceLimits: { cpu: '"1"', memory: '"2Gi"', gpu: '"1"' } },
        },
        systemData: { createdAt: '2020-01-01T12:34:56.999Z', createdBy: 'string', createdByType: 'User', lastModifiedAt: '2020-01-01T12:34:56.999Z', lastModifiedBy: 'string', lastModifiedByType: 'User' },
        identity: { type: 'SystemAssigned', principalId: '00000000-1111-2222-3333-444444444444', tenantId: '00000000-1111-2222-3333-444444444444' },
        sku: { name: 'string', tier: 'Free', size: 'string', family: 'string', capacity: 1 },
      }],
      nextLink: 'string',
    };
    assert.deepEqual(check('OnlineDeploymentTrackedResourceArmPaginatedResult', example), []);
    const wrong = JSON.parse(JSON.stringify(example)) as typeof example;
    (wrong.value[0].properties as Record<string, unknown>).replicas = 3;
    wrong.value[0].properties.provisioningState = 'Running';
    assert.ok(check('OnlineDeploymentTrackedResourceArmPaginatedResult', wrong).length >= 2);
    assert.ok(check('DeploymentLogs', { content: 1 }).length > 0);
    // examples/Workspace/EnvironmentVersion/get.json's 200 body passes; a build without its contextUri does not.
    const environment = {
      id: 'string', name: 'string', type: 'string',
      properties: {
        description: 'string', tags: { string: 'string' }, properties: { string: 'string' }, isAnonymous: false, environmentType: 'Curated', image: 'docker.io/tensorflow/serving:latest', condaFile: 'string',
        build: { contextUri: 'https://storage-account.blob.core.windows.net/azureml/DockerBuildContext/95ddede6b9b8c4e90472db3acd0a8d28/', dockerfilePath: 'prod/Dockerfile' },
        inferenceConfig: { livenessRoute: { path: 'string', port: 1 }, readinessRoute: { path: 'string', port: 1 }, scoringRoute: { path: 'string', port: 1 } },
      },
      systemData: { createdAt: '2020-01-01T12:34:56.999Z', createdBy: 'string', createdByType: 'User', lastModifiedAt: '2020-01-01T12:34:56.999Z', lastModifiedBy: 'string', lastModifiedByType: 'User' },
    };
    assert.deepEqual(check('EnvironmentVersionResource', environment), []);
    assert.ok(check('EnvironmentVersionResource', { ...environment, properties: { ...environment.properties, build: { dockerfilePath: 'Dockerfile' } } }).length > 0);
  });

  it('every answer of a session over every route matches its schema and declared headers', async () => {
    server = await startAzureServer({ pageSize: 1, operationPolls: 1 });
    server.addSubscription(SUB, 'Test subscription');
    server.addSubscription('99999999-1111-2222-3333-444444444444', 'Second');
    const ws = server.addWorkspace(SUB, 'ml-rg', 'ml-ws');
    const keyed = server.addEndpoint(ws, 'keyed', { traffic: { blue: 100 } });
    server.addEndpoint(ws, 'tokened', { authMode: 'AMLToken' });
    server.addDeployment(keyed, 'blue', {}, textBacking({ InferenceServer: 'Booting worker with pid: 12\n' }));
    server.addDeployment(keyed, 'crashing', { provisioningState: 'Failed' }, textBacking({ InferenceServer: "User's init function failed\n" }));
    server.addEnvironment(ws, 'blue-env', '1', { image: 'mcr.microsoft.com/azureml/minimal-py312-inference:latest', condaFile: 'name: env\ndependencies:\n  - python=3.12\n' });
    server.addEnvironment(ws, 'built-env', '2', { build: { contextUri: 'https://mlws.blob.core.windows.net/azureml/DockerBuildContext/0123/', dockerfilePath: 'Dockerfile' } });
    server.addAciService(ws, 'aci-failed', { state: 'Failed', error: { code: 'AciDeploymentFailed', message: 'Your container application crashed.' } }, 'log\n');
    const client = new ArmClient({ armEndpoint: server.url, getToken: server.tokenSource(), sleep: () => Promise.resolve() });
    const api = new AzureMlApi(client);
    const ref = workspaceOf(ws);

    await api.listSubscriptions();
    await api.listWorkspaces(SUB);
    await api.listOnlineEndpoints(ref);
    await api.getOnlineEndpoint(ref, 'keyed');
    await api.listOnlineDeployments(ref, 'keyed');
    await api.getOnlineDeployment(ref, 'keyed', 'crashing');
    await api.getDeploymentLogs(ref, 'keyed', 'crashing', 'InferenceServer', 5);
    await api.getDeploymentLogs(ref, 'keyed', 'crashing', 'StorageInitializer');
    await api.listEndpointKeys(ref, 'keyed');
    await api.getEndpointToken(ref, 'tokened');
    await api.listServices(ref);
    await api.getEnvironmentVersion(ref, 'blue-env', '1');
    await api.getEnvironmentVersion(ref, 'built-env', '2');
    await assert.rejects(api.getEnvironmentVersion(ref, 'blue-env', '7'));
    await api.getServiceLogs(ref, 'aci-failed', server.url);
    await api.createOrUpdateOnlineDeployment(ref, 'keyed', 'green', { location: 'eastus2', properties: { endpointComputeType: 'Managed' } });
    await api.createOrUpdateOnlineDeployment(ref, 'keyed', 'green', { location: 'eastus2', properties: { endpointComputeType: 'Managed', instanceType: 'Standard_F4s_v2' } });
    server.faults.failNextOperation(`${keyed}/deployments/green`, { code: 'ResourceNotReady', message: 'User container has crashed or terminated.' });
    await assert.rejects(api.createOrUpdateOnlineDeployment(ref, 'keyed', 'green', { location: 'eastus2', properties: { endpointComputeType: 'Managed' } }));
    await api.deleteOnlineDeployment(ref, 'keyed', 'green');
    await api.deleteOnlineDeployment(ref, 'keyed', 'never-was');
    // Errors: throttled, expired, denied, not found, a Key endpoint asked for a token, bad requests.
    server.faults.throttle(1, 1);
    await api.listSubscriptions();
    server.faults.expireTokens();
    await api.listSubscriptions();
    server.faults.deny('listKeys');
    await assert.rejects(api.listEndpointKeys(ref, 'keyed'));
    await assert.rejects(api.getOnlineEndpoint(ref, 'missing'));
    await assert.rejects(api.getEndpointToken(ref, 'keyed'));
    const token = server.issueToken();
    const raw = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
    const dep = `${ws}/onlineEndpoints/keyed/deployments/blue`;
    assert.equal((await raw(`${dep}/getLogs`, { method: 'POST', body: '{}' })).status, 400, 'no api-version');
    assert.equal((await raw(`${dep}/getLogs?api-version=2023-01-01-preview`, { method: 'POST', body: '{}' })).status, 400, 'unknown api-version');
    assert.equal((await raw(`${dep}/getLogs?api-version=${AML_API_VERSION}`, { method: 'POST', body: '{"containerType":"Sidecar"}' })).status, 400);
    assert.equal((await raw(`${dep}?api-version=${AML_API_VERSION}`, { method: 'PUT', body: '{"properties":{}}' })).status, 400);
    assert.equal((await fetch(`${server.url}/subscriptions?api-version=2022-12-01`)).status, 401, 'no token');

    const check = validator();
    const found = server.responses.flatMap((r) => problems(check, r));
    assert.deepEqual(found, []);
    // The walk reached every operation, and the statuses the client must handle.
    assert.deepEqual([...new Set(server.responses.map((r) => r.operation))].sort(), Object.keys(operationResponses).sort());
    const statuses = new Set(server.responses.map((r) => r.status));
    for (const s of [200, 201, 202, 204, 400, 401, 403, 404, 429]) assert.ok(statuses.has(s), `no ${s} answer in the walk`);
    // A DELETE's Retry-After is within the spec's bounds (10..600 s).
    for (const r of server.responses.filter((x) => x.operation === 'OnlineDeployments_Delete' && x.status === 202)) {
      const s = Number(r.headers['Retry-After']);
      assert.ok(s >= 10 && s <= 600, `Retry-After ${s}`);
    }
  });

  it('each fixture records the spec example it follows', () => {
    for (const path of Object.values(EXAMPLES)) assert.match(path, /^specification\/.*\/examples\/.*\.json$/);
  });
});
