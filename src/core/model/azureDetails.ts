// What the model holds of Azure beyond a record's common fields: where a
// deployment or v1 web service lives (subscription, workspace, endpoint) and
// Azure's own view of it (core/azure/deploymentView), and the listing the
// tree renders above the deployments (subscriptions, workspaces, each with
// the error that kept it from being read). Plain data; no I/O.
import type { OnlineDeploymentView, WebServiceView } from '../azure/deploymentView';

/** Where an Azure record lives. */
export interface AzureDetails {
  subscriptionId: string;
  /** The workspace's ARM resource id, as ARM returns it. */
  workspaceId: string;
  workspaceName: string;
  resourceGroupName: string;
  /** The v1 data plane (the origin of the workspace's discoveryUrl), for a web service's logs. */
  dataPlane?: string;
  view: OnlineDeploymentView | WebServiceView;
}

/** A failure shown on a tree node, worded for the user (never a secret). */
export interface AzureNodeError {
  message: string;
  advice?: string;
  /** For a 403: the role that grants what was refused. */
  role?: string;
}

/** A workspace as the tree lists it. */
export interface AzureWorkspaceEntry {
  id: string;
  name: string;
  resourceGroupName: string;
  error?: AzureNodeError;
}

/** A subscription as the tree lists it. */
export interface AzureSubscriptionEntry {
  id: string;
  name: string;
  workspaces: AzureWorkspaceEntry[];
  error?: AzureNodeError;
}

/** What the Azure connection last listed. */
export interface AzureListing {
  /** 'signedOut': no session (the tree offers "Sign in to Azure"). */
  signedIn: boolean;
  account?: string;
  /** Epoch ms of the last complete listing. */
  updatedAt?: number;
  subscriptions: AzureSubscriptionEntry[];
  /** The cloud's name (AzureCloud, a custom environment's name). */
  cloud?: string;
}
