// The route table: every route cites a spec file and api-version, URLs are
// built with every parameter encoded and none missing, and resource ids are
// read back into their parts.
import * as assert from 'node:assert/strict';
import { parseResourceId, routes, routeUrl } from '../../../../src/core/azure/routes';

describe('core/azure routes', () => {
  it('each route names its source file and an api-version', () => {
    for (const [name, r] of Object.entries(routes)) {
      assert.match(r.apiVersion, /^\d{4}-\d{2}-\d{2}$/, name);
      assert.ok(r.source.file.startsWith('specification/') || r.source.file.startsWith('azureml-core'), name);
      if (r.source.file.startsWith('specification/')) assert.ok(r.source.file.includes(`/${r.apiVersion}/`), `${name}: the file is of api-version ${r.apiVersion}`);
      assert.ok(r.source.operation, name);
    }
  });

  it('builds a relative URL with the api-version, encoded names and extra query', () => {
    const url = routeUrl('getDeploymentLogs', { subscriptionId: 's', resourceGroupName: 'my rg', workspaceName: 'ws', endpointName: 'e/1', deploymentName: 'blue' });
    assert.equal(url, '/subscriptions/s/resourceGroups/my%20rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/e%2F1/deployments/blue/getLogs?api-version=2024-04-01');
    assert.equal(routeUrl('listSubscriptions', {}, { $skipToken: undefined, top: 5 }), '/subscriptions?api-version=2022-12-01&top=5');
  });

  it('refuses a missing parameter rather than reach another resource', () => {
    assert.throws(() => routeUrl('getOnlineEndpoint', { subscriptionId: 's', resourceGroupName: 'rg', workspaceName: '', endpointName: 'e' }), /missing workspaceName/);
  });

  it('reads a resource id back into its parts, case of fixed segments ignored', () => {
    const p = parseResourceId('/subscriptions/s1/resourcegroups/RG/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/e/deployments/blue');
    assert.equal(p.subscriptionId, 's1');
    assert.equal(p.resourceGroupName, 'RG');
    assert.deepEqual(p.names, { workspaces: 'ws', onlineEndpoints: 'e', deployments: 'blue' });
  });
});
