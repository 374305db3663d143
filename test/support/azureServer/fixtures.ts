// Builders of the resources the test server holds, each in the shape of a
// spec example response it was built from (named in `EXAMPLES`), with the
// placeholder strings of the example replaced by coherent values. The test
// data a host or integration test needs: a subscription, a workspace, a
// healthy and a crash-looping v2 deployment, a failed v1 ACI service.
import type { EnvironmentVersion, OnlineDeployment, OnlineEndpoint, ServiceResource, Subscription, Workspace } from '../../../src/core/azure/armTypes';

const MLS = 'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable';

/** Which spec example each builder follows (Azure/azure-rest-api-specs). */
export const EXAMPLES = {
  subscription: 'specification/resources/resource-manager/Microsoft.Resources/stable/2022-12-01/examples/GetSubscriptions.json',
  workspace: `${MLS}/2024-04-01/examples/Workspace/listBySubscription.json`,
  onlineEndpoint: `${MLS}/2024-04-01/examples/Workspace/OnlineEndpoint/list.json`,
  endpointToken: `${MLS}/2024-04-01/examples/Workspace/OnlineEndpoint/getToken.json`,
  onlineDeployment: `${MLS}/2024-04-01/examples/OnlineDeployment/ManagedOnlineDeployment/createOrUpdate.json`,
  onlineDeploymentList: `${MLS}/2024-04-01/examples/OnlineDeployment/list.json`,
  service: `${MLS}/2021-01-01/examples/getServices.json`,
  environmentVersion: `${MLS}/2024-04-01/examples/Workspace/EnvironmentVersion/get.json`,
} as const;

const SYSTEM_DATA = (at: string) => ({
  createdAt: at, createdBy: 'test-user@contoso.com', createdByType: 'User', lastModifiedAt: at, lastModifiedBy: 'test-user@contoso.com', lastModifiedByType: 'User',
});

/** GetSubscriptions.json's entry. */
export function subscription(subscriptionId: string, displayName: string, tenantId: string): Subscription & Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}`, subscriptionId, tenantId, displayName, state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased', managedByTenants: [], tags: {},
  };
}

/** listBySubscription.json's entry; `discoveryUrl` names the region's data plane (the test server's origin). */
export function workspace(subscriptionId: string, resourceGroup: string, name: string, location: string, discoveryUrl: string): Workspace & Record<string, unknown> {
  const rg = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers`;
  return {
    id: `${rg}/Microsoft.MachineLearningServices/workspaces/${name}`,
    name, type: 'Microsoft.MachineLearningServices/workspaces', location,
    properties: {
      friendlyName: name, description: '', discoveryUrl, provisioningState: 'Succeeded',
      containerRegistry: `${rg}/Microsoft.ContainerRegistry/registries/${name}acr`,
      keyVault: `${rg}/Microsoft.KeyVault/vaults/${name}kv`,
      applicationInsights: `${rg}/microsoft.insights/components/${name}ai`,
      storageAccount: `${rg}/Microsoft.Storage/storageAccounts/${name}sa`,
    } as Workspace['properties'],
  };
}

/** OnlineEndpoint/list.json's entry. */
export function onlineEndpoint(workspaceId: string, name: string, location: string, o: { authMode?: 'Key' | 'AMLToken'; traffic?: Record<string, number>; provisioningState?: string; scoringUri: string }): OnlineEndpoint & Record<string, unknown> {
  return {
    id: `${workspaceId}/onlineEndpoints/${name}`, name, type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints', location, kind: 'Managed', tags: {},
    identity: { type: 'SystemAssigned', principalId: '00000000-1111-2222-3333-444444444444', tenantId: '00000000-1111-2222-3333-444444444444' },
    properties: {
      description: '', properties: {}, authMode: o.authMode ?? 'Key', provisioningState: (o.provisioningState ?? 'Succeeded') as OnlineEndpoint['properties']['provisioningState'],
      scoringUri: o.scoringUri, swaggerUri: o.scoringUri.replace(/\/score$/, '/swagger.json'), traffic: o.traffic ?? {}, publicNetworkAccess: 'Enabled',
    },
    systemData: SYSTEM_DATA('2026-11-20T10:00:00.000Z'),
  };
}

/** ManagedOnlineDeployment/createOrUpdate.json's 200 body. */
export function onlineDeployment(endpointId: string, name: string, location: string, o: {
  provisioningState?: OnlineDeployment['properties']['provisioningState']; instanceType?: string; instanceCount?: number; scoringScript?: string; model?: string;
  environmentVariables?: Record<string, string>;
}): OnlineDeployment & Record<string, unknown> {
  const ws = endpointId.replace(/\/onlineEndpoints\/[^/]+$/, '');
  return {
    id: `${endpointId}/deployments/${name}`, name, type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments', location, kind: 'Managed', tags: {},
    sku: { name: 'Default', tier: 'Standard', capacity: o.instanceCount ?? 1 },
    properties: {
      endpointComputeType: 'Managed', provisioningState: o.provisioningState ?? 'Succeeded', description: '', properties: {},
      codeConfiguration: { codeId: `${ws}/codes/${name}-code/versions/1`, scoringScript: o.scoringScript ?? 'score.py' },
      environmentId: `${ws}/environments/${name}-env/versions/1`, environmentVariables: o.environmentVariables ?? {},
      model: o.model ?? `${ws}/models/sample-model/versions/1`, instanceType: o.instanceType ?? 'Standard_DS3_v2',
      scaleSettings: { scaleType: 'Default' },
      requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1, maxQueueWait: 'PT0.5S' },
      livenessProbe: { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' },
      readinessProbe: { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' },
      appInsightsEnabled: false, egressPublicNetworkAccess: 'Enabled',
    } as OnlineDeployment['properties'],
    systemData: SYSTEM_DATA('2026-11-20T10:05:00.000Z'),
  };
}

/** getServices.json's ACI entry (v1 web service). */
export function aciService(workspaceId: string, name: string, location: string, o: { state: NonNullable<ServiceResource['properties']['state']>; error?: { code: string; message: string } }): ServiceResource & Record<string, unknown> {
  return {
    id: `${workspaceId}/services/${name}`, type: 'Microsoft.MachineLearningServices/workspaces/services', name,
    properties: {
      computeType: 'ACI', state: o.state, ...(o.error ? { error: o.error } : {}), description: null, kvTags: {}, properties: { hasInferenceSchema: 'False', hasHttps: 'False' },
      containerResourceRequirements: { cpu: 0.1, memoryInGB: 0.5 }, scoringUri: `http://${name}.${location}.azurecontainer.io/score`, location,
      authEnabled: true, sslEnabled: false, appInsightsEnabled: false,
    } as ServiceResource['properties'],
  };
}

/** EnvironmentVersion/get.json's body: an image with a conda file (its text), as `az ml environment create` registers one. */
export function environmentVersion(workspaceId: string, name: string, version: string, o: { image?: string; condaFile?: string; build?: { contextUri: string; dockerfilePath?: string } }): EnvironmentVersion & Record<string, unknown> {
  return {
    id: `${workspaceId}/environments/${name}/versions/${version}`, name: version, type: 'Microsoft.MachineLearningServices/workspaces/environments/versions',
    properties: {
      description: '', tags: {}, properties: {}, isAnonymous: false, isArchived: false, environmentType: 'UserCreated', osType: 'Linux', autoRebuild: 'Disabled',
      ...(o.image ? { image: o.image } : {}), ...(o.condaFile !== undefined ? { condaFile: o.condaFile } : {}), ...(o.build ? { build: o.build } : {}),
      provisioningState: 'Succeeded',
    } as EnvironmentVersion['properties'],
    systemData: SYSTEM_DATA('2026-11-20T09:55:00.000Z'),
  };
}
