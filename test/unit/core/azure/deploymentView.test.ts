// What the tree will show of Azure deployments: state words shared by v2 and
// v1, instance type and count, traffic share, the error of a failed v1
// service, the polling back-off while something transitions, and the age line.
import * as assert from 'node:assert/strict';
import type { OnlineDeployment, OnlineEndpoint, ServiceResource } from '../../../../src/core/azure/armTypes';
import { nextPollMs, onlineDeploymentView, updatedAgo, viewDescription, webServiceView } from '../../../../src/core/azure/deploymentView';

const endpoint: OnlineEndpoint = {
  id: '/e', name: 'scoring', type: 't', location: 'eastus2',
  properties: { authMode: 'Key', scoringUri: 'https://scoring.eastus2.inference.ml.azure.com/score', traffic: { blue: 90, green: 10 } },
};
const deployment = (name: string, provisioningState: OnlineDeployment['properties']['provisioningState']): OnlineDeployment => ({
  id: `/e/deployments/${name}`, name, type: 't', location: 'eastus2', sku: { name: 'Default', capacity: 2 },
  properties: { endpointComputeType: 'Managed', provisioningState, instanceType: 'Standard_DS3_v2', codeConfiguration: { scoringScript: 'score.py' } },
});

describe('core/azure deploymentView', () => {
  it('a v2 deployment: state, instances, traffic share, scoring script, the endpoint\'s auth', () => {
    const v = onlineDeploymentView(endpoint, deployment('blue', 'Succeeded'));
    assert.equal(v.state, 'ready');
    assert.equal(v.instanceCount, 2);
    assert.equal(v.trafficPercent, 90);
    assert.equal(v.scoringScript, 'score.py');
    assert.equal(v.authMode, 'Key');
    assert.equal(viewDescription(v), 'Succeeded · Standard_DS3_v2 × 2 · 90% traffic');
    assert.equal(onlineDeploymentView(endpoint, deployment('red', 'Updating')).state, 'transitioning');
    assert.equal(onlineDeploymentView(endpoint, deployment('red', 'Updating')).trafficPercent, 0);
    const failed = onlineDeploymentView(endpoint, deployment('green', 'Failed'), { code: 'ResourceNotReady', message: 'User container has crashed or terminated.' });
    assert.deepEqual([failed.state, failed.error?.code], ['failed', 'ResourceNotReady']);
  });

  it('a v1 ACI service: state, compute type, error', () => {
    const s: ServiceResource = { id: '/s', name: 'aci', type: 't', properties: { computeType: 'ACI', state: 'Failed', error: { code: 'AciDeploymentFailed', message: 'crashed' } } };
    const v = webServiceView(s);
    assert.deepEqual([v.state, v.computeType, v.error?.code], ['failed', 'ACI', 'AciDeploymentFailed']);
    assert.equal(viewDescription(v), 'Failed · ACI');
    assert.equal(webServiceView({ ...s, properties: { computeType: 'AKS', state: 'Unschedulable' } }).state, 'failed');
  });

  it('polls while something transitions, backing off to a cap; not at all otherwise', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((n) => nextPollMs(true, n)), [5000, 10000, 20000, 40000, 60000, 60000]);
    assert.equal(nextPollMs(false, 0), undefined);
  });

  it('says how fresh the list is', () => {
    assert.equal(updatedAgo(0, 2000), 'updated just now');
    assert.equal(updatedAgo(0, 20000), 'updated 20 s ago');
    assert.equal(updatedAgo(0, 200000), 'updated 3 min ago');
  });
});
