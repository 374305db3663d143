// Azure deployments as model records: the id is the ARM resource id as ARM
// returned it, the state is the tree's common word, the v1 data plane comes
// from the workspace's https discoveryUrl, and the local code is carried.
import * as assert from 'node:assert/strict';
import { anyTransitioning, azureRecord, dataPlaneOf, nodeError } from '../../../../src/core/azure/azureRecords';
import { onlineDeploymentView, webServiceView } from '../../../../src/core/azure/deploymentView';
import type { OnlineDeployment, OnlineEndpoint, ServiceResource } from '../../../../src/core/azure/armTypes';
import { failureOf, healthCheckOf } from '../../../../src/core/crash/crashEvidence';

const WS = '/subscriptions/S/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/ws';
const ws = { subscriptionId: 'S', id: WS, name: 'ws', resourceGroupName: 'RG', discoveryUrl: 'https://eastus2.api.azureml.ms/discovery' };
const endpoint: OnlineEndpoint = { id: `${WS}/onlineEndpoints/ep`, name: 'ep', type: 't', location: 'eastus2', properties: { authMode: 'Key', scoringUri: 'https://ep.eastus2.inference.ml.azure.com/score', traffic: { Blue: 100 } } };
const deployment = (state: OnlineDeployment['properties']['provisioningState']): OnlineDeployment => ({
  id: `${WS}/onlineEndpoints/ep/deployments/Blue`, name: 'Blue', type: 't', location: 'eastus2', sku: { name: 'Default', capacity: 2 },
  properties: { endpointComputeType: 'Managed', provisioningState: state, instanceType: 'Standard_DS3_v2' },
});

describe('azureRecords', () => {
  it('keys an online deployment by its ARM id, untouched, and names it endpoint/deployment', () => {
    const r = azureRecord('azure:AzureCloud', ws, onlineDeploymentView(endpoint, deployment('Succeeded')), { folder: '/ws/app', appRoot: '/var/azureml-app/app' });
    assert.equal(r.id, `${WS}/onlineEndpoints/ep/deployments/Blue`);
    assert.deepEqual([r.kind, r.name, r.state, r.appSource, r.appRoot], ['azure', 'ep/Blue', 'running', '/ws/app', '/var/azureml-app/app']);
    assert.equal(r.azure?.workspaceId, WS);
    assert.equal(r.azure?.dataPlane, undefined, 'only web services read the v1 data plane');
  });

  it('maps Azure\'s states to the model\'s', () => {
    assert.equal(azureRecord('a', ws, onlineDeploymentView(endpoint, deployment('Failed'))).state, 'dead');
    assert.equal(azureRecord('a', ws, onlineDeploymentView(endpoint, deployment('Updating'))).state, 'pending');
    const svc: ServiceResource = { id: `${WS}/services/aci`, name: 'aci', type: 't', properties: { computeType: 'ACI', state: 'Unhealthy' } };
    const r = azureRecord('a', ws, webServiceView(svc));
    assert.deepEqual([r.state, r.name, r.azure?.dataPlane], ['crashloop', 'aci', 'https://eastus2.api.azureml.ms']);
  });

  it('knows when something is still moving', () => {
    assert.equal(anyTransitioning([azureRecord('a', ws, onlineDeploymentView(endpoint, deployment('Creating')))]), true);
    assert.equal(anyTransitioning([azureRecord('a', ws, onlineDeploymentView(endpoint, deployment('Failed')))]), false);
  });

  it('takes the data plane only from an https discoveryUrl', () => {
    assert.equal(dataPlaneOf('http://evil.example/discovery'), undefined);
    assert.equal(dataPlaneOf('not a url'), undefined);
    assert.equal(dataPlaneOf(undefined), undefined);
  });

  it('a failed or unhealthy deployment is a failure whose log explains it; a ready one is healthy again', () => {
    const failed = azureRecord('a', ws, onlineDeploymentView(endpoint, deployment('Failed'), { code: 'ResourceNotReady', message: 'm' }));
    assert.deepEqual(failureOf(failed), { key: 'azure|failed|Failed|ResourceNotReady', reason: 'ResourceNotReady', wantsLogs: true });
    const ready = azureRecord('a', ws, onlineDeploymentView(endpoint, deployment('Succeeded')));
    assert.equal(failureOf(ready), undefined);
    assert.deepEqual(healthCheckOf(ready), { kind: 'ready' });
    assert.equal(healthCheckOf(failed), undefined);
  });

  it('words a failure for its node, the role kept', () => {
    assert.deepEqual(nodeError({ message: 'm', advice: '', role: 'Reader' }), { message: 'm', role: 'Reader' });
  });
});
