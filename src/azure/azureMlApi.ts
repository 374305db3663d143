// The Azure ML calls of issue 20, typed: subscriptions, workspaces, online
// endpoints and deployments, a deployment's container logs, an endpoint's
// key or token (kept out of every message and log by the client), v1 web
// services and their logs. One method per route of core/azure/routes; the
// tree, log panel and test request of the Azure connection call these.
import { l10n } from '../core/l10n';
import type {
  DeploymentContainerType, DeploymentLogs, EnvironmentVersion, EndpointAuthKeys, EndpointAuthToken, OnlineDeployment, OnlineEndpoint,
  ServiceLogs, ServiceResource, Subscription, Workspace,
} from '../core/azure/armTypes';
import { parseResourceId, routes, routeUrl, type RouteName, type RouteParams } from '../core/azure/routes';
import type { ArmClient } from './armClient';

/** A workspace's coordinates, as its resource id gives them. */
export interface WorkspaceRef {
  subscriptionId: string;
  resourceGroupName: string;
  workspaceName: string;
}

/** The workspace a resource id names. */
export function workspaceOf(id: string): WorkspaceRef {
  const p = parseResourceId(id);
  const ws = Object.entries(p.names).find(([k]) => k.toLowerCase() === 'workspaces')?.[1];
  if (!p.subscriptionId || !p.resourceGroupName || !ws) throw new Error(`not a workspace resource id: ${id}`);
  return { subscriptionId: p.subscriptionId, resourceGroupName: p.resourceGroupName, workspaceName: ws };
}

/** The Azure ML API over one {@link ArmClient}. */
export class AzureMlApi {
  constructor(private readonly client: ArmClient) {}

  private url<R extends RouteName>(name: R, params: RouteParams<R>, query?: Record<string, string | number | boolean | undefined>): string {
    return routeUrl(name, params, query);
  }

  listSubscriptions(signal?: AbortSignal): Promise<Subscription[]> {
    return this.client.list<Subscription>({ url: this.url('listSubscriptions', {}), what: l10n.t('list subscriptions'), signal });
  }

  listWorkspaces(subscriptionId: string, signal?: AbortSignal): Promise<Workspace[]> {
    return this.client.list<Workspace>({ url: this.url('listWorkspaces', { subscriptionId }), what: l10n.t('list the Azure ML workspaces of subscription {0}', subscriptionId), signal });
  }

  listOnlineEndpoints(ws: WorkspaceRef, signal?: AbortSignal): Promise<OnlineEndpoint[]> {
    return this.client.list<OnlineEndpoint>({ url: this.url('listOnlineEndpoints', { ...ws }), what: l10n.t('list the online endpoints of workspace {0}', ws.workspaceName), signal });
  }

  async getOnlineEndpoint(ws: WorkspaceRef, endpointName: string, signal?: AbortSignal): Promise<OnlineEndpoint> {
    const r = await this.client.send<OnlineEndpoint>({ method: 'GET', url: this.url('getOnlineEndpoint', { ...ws, endpointName }), what: l10n.t('read online endpoint {0}', endpointName), signal });
    return r.body;
  }

  listOnlineDeployments(ws: WorkspaceRef, endpointName: string, signal?: AbortSignal): Promise<OnlineDeployment[]> {
    return this.client.list<OnlineDeployment>({ url: this.url('listOnlineDeployments', { ...ws, endpointName }), what: l10n.t('list the deployments of online endpoint {0}', endpointName), signal });
  }

  async getOnlineDeployment(ws: WorkspaceRef, endpointName: string, deploymentName: string, signal?: AbortSignal): Promise<OnlineDeployment> {
    const r = await this.client.send<OnlineDeployment>({
      method: 'GET', url: this.url('getOnlineDeployment', { ...ws, endpointName, deploymentName }), what: l10n.t('read deployment {0}/{1}', endpointName, deploymentName), signal,
    });
    return r.body;
  }

  /** The last `tail` lines of a deployment's container (InferenceServer: azmlinfsrv's output; StorageInitializer: the model download). */
  async getDeploymentLogs(ws: WorkspaceRef, endpointName: string, deploymentName: string, containerType: DeploymentContainerType, tail?: number, signal?: AbortSignal): Promise<string> {
    const r = await this.client.send<DeploymentLogs>({
      method: 'POST', url: this.url('getDeploymentLogs', { ...ws, endpointName, deploymentName }), body: { containerType, ...(tail !== undefined ? { tail } : {}) },
      what: l10n.t('read the logs of deployment {0}/{1}', endpointName, deploymentName), signal,
    });
    return r.body?.content ?? '';
  }

  /** The endpoint's keys (authMode Key). Secret: masked by the client wherever they would appear. */
  async listEndpointKeys(ws: WorkspaceRef, endpointName: string, signal?: AbortSignal): Promise<EndpointAuthKeys> {
    const r = await this.client.send<EndpointAuthKeys>({ method: 'POST', url: this.url('listEndpointKeys', { ...ws, endpointName }), secret: routes.listEndpointKeys.secret, what: l10n.t('read the keys of online endpoint {0}', endpointName), signal });
    return r.body ?? {};
  }

  /** A token for the endpoint (authMode AMLToken). Secret. */
  async getEndpointToken(ws: WorkspaceRef, endpointName: string, signal?: AbortSignal): Promise<EndpointAuthToken> {
    const r = await this.client.send<EndpointAuthToken>({ method: 'POST', url: this.url('getEndpointToken', { ...ws, endpointName }), secret: routes.getEndpointToken.secret, what: l10n.t('get a token for online endpoint {0}', endpointName), signal });
    return r.body ?? {};
  }

  /**
   * The Authorization header value for a request to the endpoint's scoring
   * URI: its primary key (authMode Key) or a fresh token (AMLToken), fetched
   * now and masked by the client everywhere; for AADToken the caller brings a
   * token of the `https://ml.azure.com/.default` scope (undefined here).
   */
  async scoringAuthorization(ws: WorkspaceRef, endpoint: OnlineEndpoint, signal?: AbortSignal): Promise<{ header: string; refreshAfter?: number } | undefined> {
    if (endpoint.properties.authMode === 'Key') {
      const keys = await this.listEndpointKeys(ws, endpoint.name, signal);
      return keys.primaryKey ? { header: `Bearer ${keys.primaryKey}` } : undefined;
    }
    if (endpoint.properties.authMode === 'AMLToken') {
      const t = await this.getEndpointToken(ws, endpoint.name, signal);
      return t.accessToken ? { header: `Bearer ${t.accessToken}`, refreshAfter: t.refreshAfterTimeUtc } : undefined;
    }
    return undefined;
  }

  /** A registered environment's version: its image, conda file or build context. */
  async getEnvironmentVersion(ws: WorkspaceRef, name: string, version: string, signal?: AbortSignal): Promise<EnvironmentVersion> {
    const r = await this.client.send<EnvironmentVersion>({
      method: 'GET', url: this.url('getEnvironmentVersion', { ...ws, name, version }), what: l10n.t('read environment {0}:{1}', name, version), signal,
    });
    return r.body;
  }

  /** Deletes a deployment and waits for the operation (202 + Location). */
  deleteOnlineDeployment(ws: WorkspaceRef, endpointName: string, deploymentName: string, signal?: AbortSignal, onProgress?: (s: string) => void): Promise<unknown> {
    return this.client.longRunning({ method: 'DELETE', url: this.url('deleteOnlineDeployment', { ...ws, endpointName, deploymentName }), what: l10n.t('delete deployment {0}/{1}', endpointName, deploymentName), signal }, onProgress);
  }

  /** Creates or updates a deployment and waits for it (201 + Azure-AsyncOperation); the deployment as it ends. */
  createOrUpdateOnlineDeployment(ws: WorkspaceRef, endpointName: string, deploymentName: string, body: Pick<OnlineDeployment, 'location' | 'properties'> & Partial<OnlineDeployment>, signal?: AbortSignal, onProgress?: (s: string) => void): Promise<OnlineDeployment | undefined> {
    return this.client.longRunning<OnlineDeployment>({
      method: 'PUT', url: this.url('createOrUpdateOnlineDeployment', { ...ws, endpointName, deploymentName }), body, what: l10n.t('update deployment {0}/{1}', endpointName, deploymentName), signal,
    }, onProgress);
  }

  /** v1 web services (ACI, AKS) of a workspace. */
  listServices(ws: WorkspaceRef, signal?: AbortSignal): Promise<ServiceResource[]> {
    return this.client.list<ServiceResource>({ url: this.url('listServices', { ...ws }), what: l10n.t('list the web services of workspace {0}', ws.workspaceName), signal });
  }

  /**
   * A v1 web service's logs from the model management data plane at
   * `dataPlane` (the workspace region's `https://<region>.api.azureml.ms`);
   * `init` reads the init container's, as azureml-core's `get_logs(init=True)`.
   */
  async getServiceLogs(ws: WorkspaceRef, serviceName: string, dataPlane: string, tail = 5000, init = false, signal?: AbortSignal): Promise<string> {
    this.client.trust(dataPlane);
    const url = new URL(this.url('getServiceLogs', { ...ws, serviceName }, { tail, init }), dataPlane).toString();
    const r = await this.client.send<ServiceLogs>({ method: 'GET', url, what: l10n.t('read the logs of web service {0}', serviceName), signal });
    return r.body?.content ?? '';
  }
}
