// The Azure calls issue 20 needs, as a typed table: each route's method, path
// template, api-version and the file of Azure/azure-rest-api-specs (or, for
// the v1 data plane, of azureml-core) it was transcribed from, so a reader can
// check a route against its source. Pure: builds relative URLs, sends nothing.

/** Where a route's shape was read. */
export interface RouteSource {
  /** A path in Azure/azure-rest-api-specs, or in azureml-core's source for the v1 data plane. */
  file: string;
  /** The spec's operationId, or the SDK function that makes the call. */
  operation: string;
}

/** One call: its method, path template ({name} placeholders), api-version and source. */
export interface Route<P extends string = string> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  apiVersion: string;
  /** Lists answer `{ value, nextLink }` pages. */
  pageable?: boolean;
  /** An ARM long-running operation (Azure-AsyncOperation or Location). */
  longRunning?: boolean;
  /** The answer holds secrets (keys, tokens): never logged, never in a message. */
  secret?: boolean;
  source: RouteSource;
  /** The placeholders of `path`, for the type of `params`. */
  readonly params?: readonly P[];
}

const MLS = 'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable';
/** The Azure ML control-plane api-version used for v2 online endpoints (stable). */
export const AML_API_VERSION = '2024-04-01';
/** The newest stable api-version that still describes v1 web services (`workspaces/{ws}/services`). */
export const AML_V1_API_VERSION = '2021-01-01';
/** Subscriptions (Microsoft.Resources). */
export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';
/** The api-version azureml-core sends to the v1 model management data plane (`MMS_WORKSPACE_API_VERSION`). */
export const MMS_API_VERSION = '2018-11-19';

const WS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}';
const ENDPOINT = `${WS}/onlineEndpoints/{endpointName}`;
const DEPLOYMENT = `${ENDPOINT}/deployments/{deploymentName}`;

const mfe = (operation: string): RouteSource => ({ file: `${MLS}/${AML_API_VERSION}/mfe.json`, operation });

/** Every route, by name. */
export const routes = {
  listSubscriptions: {
    method: 'GET', path: '/subscriptions', apiVersion: SUBSCRIPTIONS_API_VERSION, pageable: true,
    source: { file: `specification/resources/resource-manager/Microsoft.Resources/stable/${SUBSCRIPTIONS_API_VERSION}/subscriptions.json`, operation: 'Subscriptions_List' },
  },
  listWorkspaces: {
    method: 'GET', path: '/subscriptions/{subscriptionId}/providers/Microsoft.MachineLearningServices/workspaces', apiVersion: AML_API_VERSION, pageable: true,
    source: { file: `${MLS}/${AML_API_VERSION}/workspaceRP.json`, operation: 'Workspaces_ListBySubscription' },
  },
  listOnlineEndpoints: { method: 'GET', path: `${WS}/onlineEndpoints`, apiVersion: AML_API_VERSION, pageable: true, source: mfe('OnlineEndpoints_List') },
  getOnlineEndpoint: { method: 'GET', path: ENDPOINT, apiVersion: AML_API_VERSION, source: mfe('OnlineEndpoints_Get') },
  listEndpointKeys: { method: 'POST', path: `${ENDPOINT}/listKeys`, apiVersion: AML_API_VERSION, secret: true, source: mfe('OnlineEndpoints_ListKeys') },
  getEndpointToken: { method: 'POST', path: `${ENDPOINT}/token`, apiVersion: AML_API_VERSION, secret: true, source: mfe('OnlineEndpoints_GetToken') },
  listOnlineDeployments: { method: 'GET', path: `${ENDPOINT}/deployments`, apiVersion: AML_API_VERSION, pageable: true, source: mfe('OnlineDeployments_List') },
  getOnlineDeployment: { method: 'GET', path: DEPLOYMENT, apiVersion: AML_API_VERSION, source: mfe('OnlineDeployments_Get') },
  getDeploymentLogs: { method: 'POST', path: `${DEPLOYMENT}/getLogs`, apiVersion: AML_API_VERSION, source: mfe('OnlineDeployments_GetLogs') },
  /** PUT answers 201 with Azure-AsyncOperation; the final state is read from the original URI. */
  createOrUpdateOnlineDeployment: { method: 'PUT', path: DEPLOYMENT, apiVersion: AML_API_VERSION, longRunning: true, source: mfe('OnlineDeployments_CreateOrUpdate') },
  /** DELETE answers 202 with Location (and Retry-After, 10..600 s); the final state is read from Location. */
  deleteOnlineDeployment: { method: 'DELETE', path: DEPLOYMENT, apiVersion: AML_API_VERSION, longRunning: true, source: mfe('OnlineDeployments_Delete') },
  /** An environment version (image, conda file, build context): what "Debug this locally" builds the local copy on. */
  getEnvironmentVersion: { method: 'GET', path: `${WS}/environments/{name}/versions/{version}`, apiVersion: AML_API_VERSION, source: mfe('EnvironmentVersions_Get') },
  listServices: {
    method: 'GET', path: `${WS}/services`, apiVersion: AML_V1_API_VERSION, pageable: true,
    source: { file: `${MLS}/${AML_V1_API_VERSION}/machineLearningServices.json`, operation: 'GET workspaces/{ws}/services (example examples/getServices.json)' },
  },
  getService: {
    method: 'GET', path: `${WS}/services/{serviceName}`, apiVersion: AML_V1_API_VERSION,
    source: { file: `${MLS}/${AML_V1_API_VERSION}/machineLearningServices.json`, operation: 'GET workspaces/{ws}/services/{name} (example examples/getService.json)' },
  },
  /**
   * Not in any ARM spec: the v1 model management data plane, on the
   * workspace's region host (`https://<region>.api.azureml.ms`, found through
   * the workspace's `discoveryUrl`), as azureml-core calls it in
   * `Webservice.get_logs` (`GET {mms}/services/{name}/logs`, query `tail` and
   * `init`, answer `{ "content": "..." }`); the path prefix is `_get_mms_url`
   * of `azureml/_model_management/_util.py` (`/modelmanagement/v1.0/...`).
   */
  getServiceLogs: {
    method: 'GET', path: `/modelmanagement/v1.0${WS}/services/{serviceName}/logs`, apiVersion: MMS_API_VERSION,
    source: { file: 'azureml-core: azureml/core/webservice/webservice.py, azureml/_model_management/_util.py', operation: 'Webservice.get_logs' },
  },
} as const satisfies Record<string, Route>;

export type RouteName = keyof typeof routes;

/** The {placeholders} of a path template. */
type Placeholders<S extends string> = S extends `${string}{${infer N}}${infer Rest}` ? N | Placeholders<Rest> : never;
/** The path parameters a route needs. */
export type RouteParams<R extends RouteName> = Record<Placeholders<(typeof routes)[R]['path']>, string>;

/**
 * The relative URL of a route (`/subscriptions/...?api-version=...`), every
 * path parameter encoded; `query` adds parameters (undefined ones skipped).
 * Throws on a missing parameter: a route half filled would reach another resource.
 */
export function routeUrl<R extends RouteName>(name: R, params: RouteParams<R>, query: Record<string, string | number | boolean | undefined> = {}): string {
  const route: Route = routes[name];
  const values = params as Record<string, string>;
  const path = route.path.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = values[key];
    if (typeof v !== 'string' || v === '') throw new Error(`route ${name}: missing ${key}`);
    return encodeURIComponent(v);
  });
  const search = new URLSearchParams({ 'api-version': route.apiVersion });
  for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
  return `${path}?${search.toString()}`;
}

/** The parts of an ARM resource id (`/subscriptions/s/resourceGroups/rg/providers/.../workspaces/ws`). */
export interface ResourceIdParts {
  subscriptionId?: string;
  resourceGroupName?: string;
  /** Type segments and names after `providers/<namespace>/`: `{ workspaces: 'ws', onlineEndpoints: 'e' }`. */
  names: Record<string, string>;
}

/** Splits an ARM resource id; case of the fixed segments ignored, as ARM ignores it. */
export function parseResourceId(id: string): ResourceIdParts {
  const parts = id.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const out: ResourceIdParts = { names: {} };
  for (let i = 0; i + 1 < parts.length;) {
    const key = parts[i].toLowerCase();
    if (key === 'subscriptions') out.subscriptionId = parts[i + 1];
    else if (key === 'resourcegroups') out.resourceGroupName = parts[i + 1];
    // `providers/<namespace>`: the namespace is no name; type/name pairs follow it.
    else if (key !== 'providers') out.names[parts[i]] = parts[i + 1];
    i += 2;
  }
  return out;
}
