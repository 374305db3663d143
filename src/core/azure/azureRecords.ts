// Azure deployments as the service model's records: a v2 online deployment or
// a v1 web service becomes a ServiceRecord whose id is its ARM resource id
// exactly as ARM returned it (other features find it by that id), whose state
// is the tree's common word for Azure's, and which carries where it lives.
// Also how a failure of one call reads on the node it kept empty. Pure.
import type { AzureDetails, AzureNodeError } from '../model/azureDetails';
import type { ServiceRecord, ServiceState } from '../model/serviceRecord';
import type { AzureFailure } from './armErrors';
import type { AzureDeploymentState, OnlineDeploymentView, WebServiceView } from './deploymentView';

/** Azure's state in the model's words (what crash analysis and the status bar read). */
const STATE: Record<AzureDeploymentState, ServiceState> = {
  ready: 'running', transitioning: 'pending', failed: 'dead', canceled: 'exited', unhealthy: 'crashloop', unknown: 'created',
};

/** The workspace a record lives in, as the listing read it. */
export interface AzureWorkspaceRef {
  subscriptionId: string;
  id: string;
  name: string;
  resourceGroupName: string;
  /** The workspace's discoveryUrl (its origin is the v1 data plane). */
  discoveryUrl?: string;
}

/** The origin of a discoveryUrl, or undefined when it is not an https (or test) URL. */
export function dataPlaneOf(discoveryUrl: string | undefined): string | undefined {
  if (!discoveryUrl) return undefined;
  try {
    const u = new URL(discoveryUrl);
    return u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The record of a deployment (`view.kind === 'online'`) or web service in
 * `ws`, on connection `connectionId`; `local` is the workspace folder its
 * code maps to (core/azure/codeFolder), when one was found.
 */
export function azureRecord(connectionId: string, ws: AzureWorkspaceRef, view: OnlineDeploymentView | WebServiceView, local?: { folder: string; appRoot?: string }): ServiceRecord {
  const details: AzureDetails = {
    subscriptionId: ws.subscriptionId, workspaceId: ws.id, workspaceName: ws.name, resourceGroupName: ws.resourceGroupName,
    ...(view.kind === 'webservice' && dataPlaneOf(ws.discoveryUrl) ? { dataPlane: dataPlaneOf(ws.discoveryUrl) } : {}),
    view,
  };
  return {
    id: view.id,
    name: view.kind === 'online' ? `${view.endpointName}/${view.name}` : view.name,
    connectionId,
    kind: 'azure',
    state: STATE[view.state],
    restartCount: 0,
    image: '',
    ports: [],
    labels: {},
    reason: 'azureml',
    ...(local ? { appSource: local.folder, ...(local.appRoot ? { appRoot: local.appRoot } : {}) } : {}),
    azure: details,
  };
}

/** A failed call as the node it concerns shows it (a 403 names the role; throttling and the network say they retry). */
export function nodeError(f: Pick<AzureFailure, 'message' | 'advice' | 'role'>): AzureNodeError {
  return { message: f.message, ...(f.advice ? { advice: f.advice } : {}), ...(f.role ? { role: f.role } : {}) };
}

/** Whether anything listed is still moving (so the list is read again, backing off). */
export function anyTransitioning(records: readonly ServiceRecord[]): boolean {
  return records.some((r) => r.azure?.view.state === 'transitioning');
}
