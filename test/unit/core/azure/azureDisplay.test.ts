// How the Azure part of the tree reads: the root signed out or "updated N s
// ago", a failing workspace with its error, a deployment's state, instance,
// traffic and error code, and the contextValues the menus match.
import * as assert from 'node:assert/strict';
import { azureContainerDisplay, azureRootDisplay, azureServiceDisplay } from '../../../../src/core/azure/azureDisplay';
import { azureRecord } from '../../../../src/core/azure/azureRecords';
import { onlineDeploymentView, webServiceView } from '../../../../src/core/azure/deploymentView';
import type { OnlineEndpoint } from '../../../../src/core/azure/armTypes';

const WS = '/subscriptions/S/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/ws';
const ws = { subscriptionId: 'S', id: WS, name: 'ws', resourceGroupName: 'RG' };
const endpoint: OnlineEndpoint = { id: `${WS}/onlineEndpoints/ep`, name: 'ep', type: 't', location: 'l', properties: { authMode: 'Key', scoringUri: 'https://x/score', traffic: { blue: 100 } } };

describe('azureDisplay', () => {
  it('the root: signed out, then how fresh the listing is', () => {
    const signedOut = azureRootDisplay({ id: 'azure:AzureCloud', kind: 'azure', label: 'Azure', status: 'idle', azure: { signedIn: false, subscriptions: [] } }, 0);
    assert.deepEqual([signedOut.description, signedOut.contextValue], ['signed out', 'connection.azure.signedOut']);
    const listed = azureRootDisplay({ id: 'a', kind: 'azure', label: 'Azure', status: 'connected', azure: { signedIn: true, account: 'me@contoso', updatedAt: 1000, subscriptions: [] } }, 21000);
    assert.deepEqual([listed.description, listed.contextValue], ['me@contoso · updated 20 s ago', 'connection.azure.connected']);
    const down = azureRootDisplay({ id: 'a', kind: 'azure', label: 'Azure', status: 'unreachable', reason: 'Azure is throttling', azure: { signedIn: true, updatedAt: 1000, subscriptions: [] } }, 1000);
    assert.match(down.description, /unreachable: Azure is throttling · updated just now/);
  });

  it('a workspace that could not be read shows why, with the role to ask for', () => {
    const d = azureContainerDisplay('workspace', 'ws', 'RG', { message: 'You are not allowed to list the online endpoints', advice: 'Ask for "AzureML Data Scientist"', role: 'AzureML Data Scientist' });
    assert.match(d.description, /^error: You are not allowed/);
    assert.ok(d.tooltip.some((l) => l.includes('AzureML Data Scientist')));
    assert.equal(d.contextValue, 'azure.workspace.error');
  });

  it('a deployment: state, instance type and count, traffic, error code; a test request where it has a scoring URI', () => {
    const view = onlineDeploymentView(endpoint, {
      id: `${WS}/onlineEndpoints/ep/deployments/blue`, name: 'blue', type: 't', location: 'l', sku: { name: 'Default', capacity: 3 },
      properties: { endpointComputeType: 'Managed', provisioningState: 'Failed', instanceType: 'Standard_F2s_v2' },
    }, { code: 'ResourceNotReady', message: 'User container has crashed or terminated.' });
    const d = azureServiceDisplay(azureRecord('a', ws, view));
    assert.equal(d.description, 'Failed · Standard_F2s_v2 × 3 · 100% traffic · ResourceNotReady');
    assert.equal(d.contextValue, 'service.azure.online.failed.endpoint');
    assert.ok(d.tooltip.includes('ResourceNotReady: User container has crashed or terminated.'));
    const svc = azureServiceDisplay(azureRecord('a', ws, webServiceView({ id: `${WS}/services/s`, name: 's', type: 't', properties: { computeType: 'ACI', state: 'Healthy' } })));
    assert.deepEqual([svc.description, svc.contextValue], ['Healthy · ACI', 'service.azure.webservice.ready']);
  });
});
