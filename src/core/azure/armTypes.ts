// The shapes of the answers the routes give, transcribed (the fields the
// extension reads, not every field) from the spec definitions named on each
// type: subscriptions.json, workspaceRP.json, mfe.json (2024-04-01),
// machineLearningServices.json (2021-01-01) and common-types v3.

/** A page of a list (`x-ms-pageable`, nextLinkName `nextLink`). */
export interface ArmPage<T> {
  value: T[];
  nextLink?: string | null;
}

/** common-types/resource-management/v3/types.json#/definitions/ErrorDetail. */
export interface ArmErrorDetail {
  code?: string;
  message?: string;
  target?: string;
  details?: ArmErrorDetail[];
  additionalInfo?: { type?: string; info?: unknown }[];
}

/** common-types v3 ErrorResponse. */
export interface ArmErrorResponse {
  error?: ArmErrorDetail;
}

/** The body an Azure-AsyncOperation URL answers (ARM RPC: status, error). */
export interface AsyncOperationStatus {
  id?: string;
  name?: string;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled' | string;
  startTime?: string;
  endTime?: string;
  percentComplete?: number;
  error?: ArmErrorDetail;
}

/** subscriptions.json#/definitions/Subscription. */
export interface Subscription {
  id: string;
  subscriptionId: string;
  tenantId?: string;
  displayName: string;
  state: 'Enabled' | 'Warned' | 'PastDue' | 'Disabled' | 'Deleted';
}

/** workspaceRP.json#/definitions/Workspace (2024-04-01). */
export interface Workspace {
  id: string;
  name: string;
  type: string;
  location?: string;
  properties?: {
    friendlyName?: string;
    description?: string;
    discoveryUrl?: string;
    provisioningState?: string;
    workspaceId?: string;
    mlFlowTrackingUri?: string;
  };
}

/** mfe.json#/definitions/OnlineEndpoint (2024-04-01). */
export interface OnlineEndpoint {
  id: string;
  name: string;
  type: string;
  location: string;
  kind?: string;
  tags?: Record<string, string>;
  properties: {
    authMode: 'AMLToken' | 'Key' | 'AADToken';
    description?: string;
    scoringUri?: string;
    swaggerUri?: string;
    compute?: string;
    provisioningState?: 'Creating' | 'Deleting' | 'Succeeded' | 'Failed' | 'Updating' | 'Canceled';
    publicNetworkAccess?: 'Enabled' | 'Disabled';
    /** Deployment name -> percent of traffic. */
    traffic?: Record<string, number>;
    mirrorTraffic?: Record<string, number>;
    properties?: Record<string, string>;
  };
}

/** mfe.json#/definitions/ProbeSettings (durations are ISO 8601: PT10S). */
export interface ProbeSettings {
  failureThreshold?: number;
  successThreshold?: number;
  timeout?: string;
  period?: string;
  initialDelay?: string;
}

/** mfe.json#/definitions/OnlineDeployment (Managed and Kubernetes, by endpointComputeType). */
export interface OnlineDeployment {
  id: string;
  name: string;
  type: string;
  location: string;
  kind?: string;
  tags?: Record<string, string>;
  sku?: { name: string; tier?: string; capacity?: number };
  properties: {
    endpointComputeType: 'Managed' | 'Kubernetes' | 'AzureMLCompute';
    provisioningState?: 'Creating' | 'Deleting' | 'Scaling' | 'Updating' | 'Succeeded' | 'Failed' | 'Canceled';
    description?: string;
    codeConfiguration?: { codeId?: string; scoringScript: string };
    environmentId?: string;
    environmentVariables?: Record<string, string>;
    model?: string;
    modelMountPath?: string;
    instanceType?: string;
    scaleSettings?: { scaleType: 'Default' | 'TargetUtilization'; minInstances?: number; maxInstances?: number };
    requestSettings?: { requestTimeout?: string; maxConcurrentRequestsPerInstance?: number; maxQueueWait?: string };
    livenessProbe?: ProbeSettings;
    readinessProbe?: ProbeSettings;
    appInsightsEnabled?: boolean;
    properties?: Record<string, string>;
    /** Kubernetes only: mfe.json#/definitions/ContainerResourceRequirements. */
    containerResourceRequirements?: {
      containerResourceRequests?: { cpu?: string | null; memory?: string | null; gpu?: string | null } | null;
      containerResourceLimits?: { cpu?: string | null; memory?: string | null; gpu?: string | null } | null;
    } | null;
  };
}

/** mfe.json#/definitions/Route: where a custom container answers. */
export interface ContainerRoute {
  path: string;
  port: number;
}

/**
 * mfe.json#/definitions/EnvironmentVersionResource (2024-04-01; fields of
 * examples/Workspace/EnvironmentVersion/get.json): a registered environment,
 * an image and a conda file (the file's text, not a path), or a build context.
 */
export interface EnvironmentVersion {
  id: string;
  name: string;
  type: string;
  properties: {
    description?: string | null;
    tags?: Record<string, string> | null;
    properties?: Record<string, string> | null;
    isAnonymous?: boolean;
    isArchived?: boolean;
    environmentType?: 'Curated' | 'UserCreated';
    image?: string | null;
    /** The conda specification as YAML text. */
    condaFile?: string | null;
    build?: { contextUri: string; dockerfilePath?: string | null } | null;
    inferenceConfig?: { livenessRoute?: ContainerRoute; readinessRoute?: ContainerRoute; scoringRoute?: ContainerRoute } | null;
    osType?: 'Linux' | 'Windows';
  };
}

/** mfe.json#/definitions/ContainerType: the containers getLogs reads. */
export type DeploymentContainerType = 'StorageInitializer' | 'InferenceServer';

/** mfe.json#/definitions/DeploymentLogsRequest. */
export interface DeploymentLogsRequest {
  containerType?: DeploymentContainerType;
  tail?: number | null;
}

/** mfe.json#/definitions/DeploymentLogs. */
export interface DeploymentLogs {
  content?: string;
}

/** mfe.json#/definitions/EndpointAuthKeys (x-ms-secret). */
export interface EndpointAuthKeys {
  primaryKey?: string;
  secondaryKey?: string;
}

/** mfe.json#/definitions/EndpointAuthToken (times in seconds since the epoch). */
export interface EndpointAuthToken {
  accessToken?: string;
  tokenType?: string;
  expiryTimeUtc?: number;
  refreshAfterTimeUtc?: number;
}

/** machineLearningServices.json (2021-01-01) #/definitions/ServiceResource: a v1 web service. */
export interface ServiceResource {
  id: string;
  name: string;
  type: string;
  properties: {
    computeType: 'ACI' | 'AKS' | 'AMLCOMPUTE' | 'Custom' | string;
    state?: 'Transitioning' | 'Healthy' | 'Unhealthy' | 'Failed' | 'Unschedulable';
    error?: ArmErrorDetail;
    description?: string | null;
    scoringUri?: string;
    swaggerUri?: string;
    authEnabled?: boolean;
    aadAuthEnabled?: boolean;
    computeName?: string;
    location?: string;
    namespace?: string;
    kvTags?: Record<string, string>;
    properties?: Record<string, string>;
    /** ACIServiceResponse / AKSServiceResponse: the cores and memory it runs with. */
    containerResourceRequirements?: { cpu?: number | null; memoryInGB?: number | null; gpu?: number | null } | null;
    /** #/definitions/EnvironmentImageResponse: what the service's image was made of. */
    environmentImageRequest?: {
      driverProgram?: string | null;
      modelIds?: string[] | null;
      environment?: {
        name?: string | null;
        version?: string | null;
        python?: { condaDependencies?: unknown; userManagedDependencies?: boolean | null } | null;
        environmentVariables?: Record<string, string> | null;
        docker?: { baseImage?: string | null } | null;
      } | null;
      environmentReference?: { name?: string | null; version?: string | null } | null;
    } | null;
  };
}

/** The v1 data plane's logs answer (azureml-core reads `content`). */
export interface ServiceLogs {
  content: string;
}
