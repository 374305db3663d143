// The response schemas of the spec files, transcribed as test data (JSON
// Schema for ajv): what the test server's answers are checked against. Swagger
// `allOf` is flattened into one object (Swagger's reading: the union of the
// parts, `additionalProperties: false` applying to the union), `x-nullable`
// becomes a null type, a discriminator becomes `anyOf` over its subtypes.
// Each definition names where it was read; "recalled" marks the few that were
// written from the spec's known shape without re-reading the file.

const MLS = 'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable';
const MFE = `${MLS}/2024-04-01/mfe.json`;
const V3 = 'specification/common-types/resource-management/v3/types.json';

const str = { type: 'string' };
const nstr = { type: ['string', 'null'] };
const int = { type: 'integer' };
const map = (values: object) => ({ type: ['object', 'null'], additionalProperties: values });
const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

/** Where each definition was read (a spec path and definition name). */
export const SOURCES: Record<string, string> = {
  ErrorDetail: `${V3}#/definitions/ErrorDetail (recalled)`,
  ErrorResponse: `${V3}#/definitions/ErrorResponse (recalled)`,
  SystemData: `${V3}#/definitions/systemData (recalled)`,
  Sku: `${V3}#/definitions/Sku (recalled)`,
  ManagedServiceIdentity: 'specification/common-types/resource-management/v3/managedidentity.json (recalled)',
  EndpointAuthKeys: `${MFE}#/definitions/EndpointAuthKeys`,
  EndpointAuthToken: `${MFE}#/definitions/EndpointAuthToken`,
  DeploymentLogs: `${MFE}#/definitions/DeploymentLogs`,
  OnlineEndpointProperties: `${MFE}#/definitions/OnlineEndpoint + EndpointPropertiesBase`,
  OnlineEndpointTrackedResource: `${MFE}#/definitions/OnlineEndpointTrackedResource`,
  OnlineEndpointTrackedResourceArmPaginatedResult: `${MFE}#/definitions/OnlineEndpointTrackedResourceArmPaginatedResult`,
  OnlineRequestSettings: `${MFE}#/definitions/OnlineRequestSettings`,
  OnlineScaleSettings: `${MFE}#/definitions/OnlineScaleSettings + DefaultScaleSettings (TargetUtilizationScaleSettings recalled)`,
  ProbeSettings: `${MFE}#/definitions/ProbeSettings (recalled)`,
  CodeConfiguration: `${MFE}#/definitions/CodeConfiguration (recalled)`,
  ContainerResourceRequirements: `${MFE}#/definitions/ContainerResourceRequirements + ContainerResourceSettings`,
  OnlineDeploymentProperties: `${MFE}#/definitions/OnlineDeployment + EndpointDeploymentPropertiesBase, subtypes ManagedOnlineDeployment and KubernetesOnlineDeployment`,
  OnlineDeploymentTrackedResource: `${MFE}#/definitions/OnlineDeploymentTrackedResource`,
  OnlineDeploymentTrackedResourceArmPaginatedResult: `${MFE}#/definitions/OnlineDeploymentTrackedResourceArmPaginatedResult`,
  ContainerRoute: `${MFE}#/definitions/Route (recalled: path, port, both required)`,
  EnvironmentVersionResource: `${MFE}#/definitions/EnvironmentVersionResource + EnvironmentVersion + AssetBase (fields of examples/Workspace/EnvironmentVersion/get.json; autoRebuild, osType, provisioningState, stage, isArchived recalled)`,
  Subscription: 'specification/resources/resource-manager/Microsoft.Resources/stable/2022-12-01/subscriptions.json#/definitions/Subscription (fields of examples/GetSubscriptions.json)',
  SubscriptionListResult: 'specification/resources/resource-manager/Microsoft.Resources/stable/2022-12-01/subscriptions.json#/definitions/SubscriptionListResult',
  Workspace: `${MLS}/2024-04-01/workspaceRP.json#/definitions/Workspace (fields of examples/Workspace/listBySubscription.json)`,
  WorkspaceListResult: `${MLS}/2024-04-01/workspaceRP.json#/definitions/WorkspaceListResult`,
  ServiceResource: `${MLS}/2021-01-01/machineLearningServices.json#/definitions/ServiceResource + ServiceResponseBase + ACIServiceResponse`,
  PaginatedServiceList: `${MLS}/2021-01-01/machineLearningServices.json#/definitions/PaginatedServiceList`,
  AsyncOperationStatus: 'Azure/azure-resource-manager-rpc v1.0/async-api-reference.md: the Azure-AsyncOperation body (recalled)',
  ServiceLogs: 'azureml-core azureml/core/webservice/webservice.py Webservice.get_logs (requires "content")',
};

const trackedResource = {
  id: str, name: str, type: str, systemData: ref('SystemData'), tags: map(nstr), location: str,
};

const deploymentProperties = {
  // EndpointDeploymentPropertiesBase
  codeConfiguration: { anyOf: [ref('CodeConfiguration'), { type: 'null' }] },
  description: nstr, environmentId: nstr, environmentVariables: map(nstr), properties: map(nstr),
  // OnlineDeployment
  appInsightsEnabled: { type: 'boolean' },
  egressPublicNetworkAccess: { enum: ['Enabled', 'Disabled'] },
  instanceType: nstr,
  livenessProbe: { anyOf: [ref('ProbeSettings'), { type: 'null' }] },
  model: nstr, modelMountPath: nstr,
  provisioningState: { enum: ['Creating', 'Deleting', 'Scaling', 'Updating', 'Succeeded', 'Failed', 'Canceled'] },
  readinessProbe: { anyOf: [ref('ProbeSettings'), { type: 'null' }] },
  requestSettings: { anyOf: [ref('OnlineRequestSettings'), { type: 'null' }] },
  scaleSettings: { anyOf: [ref('OnlineScaleSettings'), { type: 'null' }] },
};

/** The definitions, as one JSON Schema document. */
export const specSchemas = {
  $id: 'azure-spec',
  definitions: {
    ErrorDetail: {
      type: 'object',
      properties: { code: str, message: str, target: str, details: { type: 'array', items: ref('ErrorDetail') }, additionalInfo: { type: 'array', items: { type: 'object', properties: { type: str, info: { type: 'object' } } } } },
    },
    ErrorResponse: { type: 'object', properties: { error: ref('ErrorDetail') }, required: ['error'] },
    SystemData: {
      type: 'object', additionalProperties: false,
      properties: {
        createdBy: str, createdByType: { enum: ['User', 'Application', 'ManagedIdentity', 'Key'] }, createdAt: { type: 'string', format: 'date-time' },
        lastModifiedBy: str, lastModifiedByType: { enum: ['User', 'Application', 'ManagedIdentity', 'Key'] }, lastModifiedAt: { type: 'string', format: 'date-time' },
      },
    },
    Sku: {
      type: 'object', required: ['name'],
      properties: { name: str, tier: { enum: ['Free', 'Basic', 'Standard', 'Premium'] }, size: str, family: str, capacity: int },
    },
    ManagedServiceIdentity: {
      type: 'object', required: ['type'],
      properties: {
        type: { enum: ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned'] },
        principalId: { type: 'string', format: 'uuid' }, tenantId: { type: 'string', format: 'uuid' },
        userAssignedIdentities: { type: 'object', additionalProperties: { type: 'object', properties: { principalId: { type: 'string', format: 'uuid' }, clientId: { type: 'string', format: 'uuid' } } } },
      },
    },
    EndpointAuthKeys: { type: 'object', additionalProperties: false, properties: { primaryKey: nstr, secondaryKey: nstr } },
    EndpointAuthToken: { type: 'object', additionalProperties: false, properties: { accessToken: nstr, expiryTimeUtc: int, refreshAfterTimeUtc: int, tokenType: nstr } },
    DeploymentLogs: { type: 'object', additionalProperties: false, properties: { content: nstr } },
    OnlineEndpointProperties: {
      type: 'object', additionalProperties: false, required: ['authMode'],
      properties: {
        authMode: { enum: ['AMLToken', 'Key', 'AADToken'] }, description: nstr,
        keys: { anyOf: [ref('EndpointAuthKeys'), { type: 'null' }] }, properties: map(nstr),
        scoringUri: { type: ['string', 'null'], format: 'uri' }, swaggerUri: { type: ['string', 'null'], format: 'uri' },
        compute: nstr, mirrorTraffic: map(int),
        provisioningState: { enum: ['Creating', 'Deleting', 'Succeeded', 'Failed', 'Updating', 'Canceled'] },
        publicNetworkAccess: { enum: ['Enabled', 'Disabled'] }, traffic: map(int),
      },
    },
    OnlineEndpointTrackedResource: {
      type: 'object', additionalProperties: false, required: ['location', 'properties'],
      properties: { ...trackedResource, identity: ref('ManagedServiceIdentity'), kind: str, properties: ref('OnlineEndpointProperties'), sku: ref('Sku') },
    },
    OnlineEndpointTrackedResourceArmPaginatedResult: {
      type: 'object', additionalProperties: false, properties: { nextLink: str, value: { type: 'array', items: ref('OnlineEndpointTrackedResource') } },
    },
    OnlineRequestSettings: {
      type: 'object', additionalProperties: false,
      properties: { maxConcurrentRequestsPerInstance: int, maxQueueWait: str, requestTimeout: str },
    },
    OnlineScaleSettings: {
      anyOf: [
        { type: 'object', additionalProperties: false, required: ['scaleType'], properties: { scaleType: { enum: ['Default'] } } },
        {
          type: 'object', additionalProperties: false, required: ['scaleType'],
          properties: { scaleType: { enum: ['TargetUtilization'] }, maxInstances: int, minInstances: int, pollingInterval: str, targetUtilizationPercentage: int },
        },
      ],
    },
    ProbeSettings: {
      type: 'object', additionalProperties: false,
      properties: { failureThreshold: int, successThreshold: int, timeout: str, period: str, initialDelay: nstr },
    },
    CodeConfiguration: { type: 'object', additionalProperties: false, required: ['scoringScript'], properties: { codeId: nstr, scoringScript: { type: 'string', minLength: 1 } } },
    ContainerResourceRequirements: {
      type: 'object', additionalProperties: false,
      properties: Object.fromEntries(['containerResourceLimits', 'containerResourceRequests'].map((k) => [k, {
        type: ['object', 'null'], additionalProperties: false, properties: { cpu: nstr, gpu: nstr, memory: nstr },
      }])),
    },
    OnlineDeploymentProperties: {
      anyOf: [
        { type: 'object', additionalProperties: false, required: ['endpointComputeType'], properties: { ...deploymentProperties, endpointComputeType: { enum: ['Managed'] } } },
        {
          type: 'object', additionalProperties: false, required: ['endpointComputeType'],
          properties: { ...deploymentProperties, endpointComputeType: { enum: ['Kubernetes'] }, containerResourceRequirements: { anyOf: [ref('ContainerResourceRequirements'), { type: 'null' }] } },
        },
      ],
    },
    OnlineDeploymentTrackedResource: {
      type: 'object', additionalProperties: false, required: ['location', 'properties'],
      properties: { ...trackedResource, identity: ref('ManagedServiceIdentity'), kind: str, properties: ref('OnlineDeploymentProperties'), sku: ref('Sku') },
    },
    OnlineDeploymentTrackedResourceArmPaginatedResult: {
      type: 'object', additionalProperties: false, properties: { nextLink: str, value: { type: 'array', items: ref('OnlineDeploymentTrackedResource') } },
    },
    ContainerRoute: { type: 'object', additionalProperties: false, required: ['path', 'port'], properties: { path: { type: 'string', minLength: 1 }, port: int } },
    EnvironmentVersionResource: {
      type: 'object', additionalProperties: false, required: ['properties'],
      properties: {
        id: str, name: str, type: str, systemData: ref('SystemData'),
        properties: {
          type: 'object', additionalProperties: false,
          properties: {
            description: nstr, tags: map(nstr), properties: map(nstr), isAnonymous: { type: 'boolean' }, isArchived: { type: 'boolean' },
            autoRebuild: { enum: ['Disabled', 'OnBaseImageUpdate'] },
            build: { anyOf: [{ type: 'object', additionalProperties: false, required: ['contextUri'], properties: { contextUri: { type: 'string', minLength: 1 }, dockerfilePath: nstr } }, { type: 'null' }] },
            condaFile: nstr, environmentType: { enum: ['Curated', 'UserCreated'] }, image: nstr,
            inferenceConfig: {
              anyOf: [{ type: 'object', additionalProperties: false, properties: { livenessRoute: ref('ContainerRoute'), readinessRoute: ref('ContainerRoute'), scoringRoute: ref('ContainerRoute') } }, { type: 'null' }],
            },
            osType: { enum: ['Linux', 'Windows'] }, provisioningState: { enum: ['Succeeded', 'Failed', 'Canceled', 'Creating', 'Updating', 'Deleting'] }, stage: nstr,
          },
        },
      },
    },
    Subscription: {
      type: 'object',
      properties: {
        id: str, subscriptionId: str, tenantId: str, displayName: str,
        state: { enum: ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'] },
        subscriptionPolicies: { type: 'object', properties: { locationPlacementId: str, quotaId: str, spendingLimit: { enum: ['On', 'Off', 'CurrentPeriodOff'] } } },
        authorizationSource: str, managedByTenants: { type: 'array', items: { type: 'object', properties: { tenantId: str } } }, tags: { type: 'object', additionalProperties: str },
      },
    },
    SubscriptionListResult: { type: 'object', properties: { value: { type: 'array', items: ref('Subscription') }, nextLink: str } },
    Workspace: {
      type: 'object',
      properties: {
        id: str, name: str, type: str, location: str, tags: map(str), systemData: ref('SystemData'),
        properties: {
          type: 'object',
          properties: {
            friendlyName: str, description: str, discoveryUrl: str, keyVault: str, applicationInsights: str, containerRegistry: str, storageAccount: str,
            provisioningState: { enum: ['Unknown', 'Updating', 'Creating', 'Deleting', 'Succeeded', 'Failed', 'Canceled', 'SoftDeleted'] },
          },
        },
      },
    },
    WorkspaceListResult: { type: 'object', properties: { value: { type: 'array', items: ref('Workspace') }, nextLink: str } },
    ServiceResource: {
      type: 'object',
      properties: {
        id: str, name: str, type: str, location: str,
        properties: {
          type: 'object', required: ['computeType'],
          properties: {
            description: nstr, kvTags: { type: 'object', additionalProperties: str }, properties: { type: 'object', additionalProperties: str },
            state: { enum: ['Transitioning', 'Healthy', 'Unhealthy', 'Failed', 'Unschedulable'] },
            error: { type: 'object', properties: { code: str, message: str, details: { type: 'array' } } },
            computeType: { enum: ['ACI', 'AKS'] }, deploymentType: { enum: ['GRPCRealtimeEndpoint', 'HttpRealtimeEndpoint', 'Batch'] },
            // ACIServiceResponse
            containerResourceRequirements: { type: 'object', properties: { cpu: { type: 'number' }, memoryInGB: { type: 'number' }, gpu: { type: ['integer', 'null'] }, fpga: { type: ['integer', 'null'] } } },
            scoringUri: str, location: str, authEnabled: { type: 'boolean' }, sslEnabled: { type: 'boolean' }, appInsightsEnabled: { type: 'boolean' }, swaggerUri: str,
          },
        },
      },
    },
    PaginatedServiceList: { type: 'object', properties: { value: { type: 'array', items: ref('ServiceResource') }, nextLink: str } },
    AsyncOperationStatus: {
      type: 'object', required: ['status'],
      properties: {
        id: str, name: str, status: { enum: ['InProgress', 'Succeeded', 'Failed', 'Canceled'] }, startTime: { type: 'string', format: 'date-time' },
        endTime: { type: 'string', format: 'date-time' }, percentComplete: { type: 'number' }, error: ref('ErrorDetail'),
      },
    },
    ServiceLogs: { type: 'object', required: ['content'], properties: { content: str } },
  },
};

/** A response of an operation: its schema, or `null` for "no body". */
type Responses = Record<string, string | null>;

/**
 * Each operation's responses as its spec declares them (`default` is the
 * error schema of any other status). The operations are the test server's names.
 */
export const operationResponses: Record<string, Responses> = {
  Subscriptions_List: { 200: 'SubscriptionListResult', default: 'ErrorResponse' },
  Workspaces_ListBySubscription: { 200: 'WorkspaceListResult', default: 'ErrorResponse' },
  OnlineEndpoints_List: { 200: 'OnlineEndpointTrackedResourceArmPaginatedResult', default: 'ErrorResponse' },
  OnlineEndpoints_Get: { 200: 'OnlineEndpointTrackedResource', default: 'ErrorResponse' },
  OnlineEndpoints_ListKeys: { 200: 'EndpointAuthKeys', default: 'ErrorResponse' },
  OnlineEndpoints_GetToken: { 200: 'EndpointAuthToken', default: 'ErrorResponse' },
  OnlineDeployments_List: { 200: 'OnlineDeploymentTrackedResourceArmPaginatedResult', default: 'ErrorResponse' },
  OnlineDeployments_Get: { 200: 'OnlineDeploymentTrackedResource', default: 'ErrorResponse' },
  OnlineDeployments_CreateOrUpdate: { 200: 'OnlineDeploymentTrackedResource', 201: 'OnlineDeploymentTrackedResource', default: 'ErrorResponse' },
  OnlineDeployments_Delete: { 200: null, 202: null, 204: null, default: 'ErrorResponse' },
  OnlineDeployments_GetLogs: { 200: 'DeploymentLogs', default: 'ErrorResponse' },
  EnvironmentVersions_Get: { 200: 'EnvironmentVersionResource', default: 'ErrorResponse' },
  Services_List: { 200: 'PaginatedServiceList', default: 'ErrorResponse' },
  OperationStatus: { 200: 'AsyncOperationStatus', default: 'ErrorResponse' },
  OperationResult: { 200: null, 202: null, 204: null, default: 'ErrorResponse' },
  Webservice_GetLogs: { 200: 'ServiceLogs', default: 'ErrorResponse' },
};

/** Headers a status must carry (the spec's response headers the client relies on). */
export const requiredHeaders: Record<string, Record<string, string[]>> = {
  OnlineDeployments_CreateOrUpdate: { 201: ['Azure-AsyncOperation', 'x-ms-async-operation-timeout'] },
  OnlineDeployments_Delete: { 202: ['Location', 'Retry-After', 'x-ms-async-operation-timeout'] },
  OperationResult: { 202: ['Location', 'Retry-After'] },
};
