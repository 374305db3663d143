// The Azure part of the services tree: the Azure root's subscriptions, their
// workspaces, a workspace's online endpoints (whose deployments, like its v1
// web services, are the tree's ordinary `service` nodes), and the messages
// ("Sign in to Azure", "no deployment"). Answered from the model alone (the
// listing on the connection, the records); no I/O.
import * as vscode from 'vscode';
import { azureContainerDisplay, azureEndpointDisplay, azureRootDisplay, azureServiceDisplay } from '../core/azure/azureDisplay';
import type { OnlineDeploymentView } from '../core/azure/deploymentView';
import { l10n } from '../core/l10n';
import type { Display } from '../core/model/serviceDisplay';
import type { ServiceModel } from '../core/model/serviceModel';
import type { ServiceRecord } from '../core/model/serviceRecord';
import { CommandIds } from '../platform/commandIds';

/** Nodes under an Azure root (deployments and web services are `service` nodes). */
export type AzureTreeNode =
  | { readonly type: 'azureSubscription'; readonly connectionId: string; readonly subscriptionId: string }
  | { readonly type: 'azureWorkspace'; readonly connectionId: string; readonly workspaceId: string }
  | { readonly type: 'azureEndpoint'; readonly connectionId: string; readonly workspaceId: string; readonly endpoint: string }
  | { readonly type: 'azureMessage'; readonly connectionId: string; readonly key: string; readonly message: string; readonly signIn?: boolean };

export type AzureAnyNode = AnyNode;
type AnyNode = AzureTreeNode | { readonly type: 'service'; readonly connectionId: string; readonly serviceId: string } | { readonly type: 'connection'; readonly connectionId: string };
type ToItem = (d: Display, c: vscode.TreeItemCollapsibleState) => vscode.TreeItem;

/** Whether a node belongs to the Azure part (an Azure root, or anything below one). */
export function isAzure(model: ServiceModel, n: { readonly type: string; readonly connectionId: string }): boolean {
  return n.type.startsWith('azure') || model.connection(n.connectionId)?.kind === 'azure';
}

/** Stable key of a node (VS Code matches refreshed elements by identity). */
export function azureNodeKey(n: AzureTreeNode): string {
  switch (n.type) {
    case 'azureSubscription':
      return `${n.connectionId}\u0000sub\u0000${n.subscriptionId}`;
    case 'azureWorkspace':
      return `${n.connectionId}\u0000ws\u0000${n.workspaceId.toLowerCase()}`;
    case 'azureEndpoint':
      return `${n.connectionId}\u0000ep\u0000${n.workspaceId.toLowerCase()}\u0000${n.endpoint}`;
    case 'azureMessage':
      return `${n.connectionId}\u0000msg\u0000${n.key}`;
  }
}

function workspaceRecords(model: ServiceModel, connectionId: string, workspaceId: string): ServiceRecord[] {
  const id = workspaceId.toLowerCase();
  return model.services(connectionId).filter((r) => r.azure?.workspaceId.toLowerCase() === id).sort((a, b) => a.name.localeCompare(b.name));
}

function workspaceEntry(model: ServiceModel, connectionId: string, workspaceId: string) {
  const id = workspaceId.toLowerCase();
  for (const s of model.connection(connectionId)?.azure?.subscriptions ?? []) {
    const w = s.workspaces.find((x) => x.id.toLowerCase() === id);
    if (w) return { s, w };
  }
  return undefined;
}

/** Children of an Azure root, subscription, workspace or endpoint. `node` keeps one object per key. */
export function azureChildren(model: ServiceModel, n: AnyNode, node: <T extends AnyNode>(n: T) => T): AnyNode[] {
  const c = n.connectionId;
  if (n.type === 'connection') {
    const listing = model.connection(c)?.azure;
    if (!listing?.signedIn) return [node({ type: 'azureMessage', connectionId: c, key: 'signIn', message: l10n.t('Sign in to Azure'), signIn: true })];
    return listing.subscriptions.map((s) => node({ type: 'azureSubscription', connectionId: c, subscriptionId: s.id }));
  }
  if (n.type === 'azureSubscription') {
    const s = model.connection(c)?.azure?.subscriptions.find((x) => x.id === n.subscriptionId);
    return (s?.workspaces ?? []).map((w) => node({ type: 'azureWorkspace', connectionId: c, workspaceId: w.id }));
  }
  if (n.type === 'azureWorkspace') {
    const records = workspaceRecords(model, c, n.workspaceId);
    const endpoints = [...new Set(records.flatMap((r) => (r.azure?.view.kind === 'online' ? [r.azure.view.endpointName] : [])))].sort();
    const services = records.filter((r) => r.azure?.view.kind === 'webservice');
    const out: AnyNode[] = [
      ...endpoints.map((e) => node({ type: 'azureEndpoint', connectionId: c, workspaceId: n.workspaceId, endpoint: e })),
      ...services.map((r) => node({ type: 'service', connectionId: c, serviceId: r.id })),
    ];
    if (!out.length && !workspaceEntry(model, c, n.workspaceId)?.w.error) {
      return [node({ type: 'azureMessage', connectionId: c, key: `empty:${n.workspaceId}`, message: l10n.t('No online deployment or web service in this workspace.') })];
    }
    return out;
  }
  if (n.type === 'azureEndpoint') {
    return workspaceRecords(model, c, n.workspaceId)
      .filter((r) => r.azure?.view.kind === 'online' && r.azure.view.endpointName === n.endpoint)
      .map((r) => node({ type: 'service', connectionId: c, serviceId: r.id }));
  }
  return [];
}

/** The tree item of an Azure node (deployments and web services included). */
export function azureItem(model: ServiceModel, n: AnyNode, toItem: ToItem): vscode.TreeItem | undefined {
  const c = n.connectionId;
  const None = vscode.TreeItemCollapsibleState.None;
  const Expanded = vscode.TreeItemCollapsibleState.Expanded;
  switch (n.type) {
    case 'connection': {
      const conn = model.connection(c);
      if (!conn) return undefined;
      const item = toItem(azureRootDisplay(conn, Date.now()), conn.status === 'idle' ? vscode.TreeItemCollapsibleState.Collapsed : Expanded);
      item.id = `conn:${c}`;
      return item;
    }
    case 'azureSubscription': {
      const s = model.connection(c)?.azure?.subscriptions.find((x) => x.id === n.subscriptionId);
      if (!s) return new vscode.TreeItem(n.subscriptionId);
      const item = toItem(azureContainerDisplay('subscription', s.name, s.id, s.error), Expanded);
      item.id = `azure:${c}/${s.id}`;
      return item;
    }
    case 'azureWorkspace': {
      const e = workspaceEntry(model, c, n.workspaceId);
      if (!e) return new vscode.TreeItem(n.workspaceId);
      const item = toItem(azureContainerDisplay('workspace', e.w.name, e.w.resourceGroupName, e.w.error), Expanded);
      item.id = `azure:${c}/${n.workspaceId}`;
      return item;
    }
    case 'azureEndpoint': {
      const deployments = azureChildren(model, n, (x) => x);
      const first = model.get(c, (deployments[0] as { serviceId?: string } | undefined)?.serviceId ?? '')?.azure?.view as OnlineDeploymentView | undefined;
      const item = toItem(azureEndpointDisplay(n.endpoint, deployments.length, first?.scoringUri), Expanded);
      item.id = `azure:${c}/${n.workspaceId}/${n.endpoint}`;
      return item;
    }
    case 'azureMessage': {
      const item = new vscode.TreeItem(n.message, None);
      item.iconPath = new vscode.ThemeIcon(n.signIn ? 'sign-in' : 'info');
      item.contextValue = n.signIn ? 'azure.signIn' : 'azure.message';
      if (n.signIn) item.command = { command: CommandIds.azureSignIn, title: n.message };
      return item;
    }
    case 'service': {
      const r = model.get(c, n.serviceId);
      if (!r?.azure) return undefined;
      const item = toItem(azureServiceDisplay(r), None);
      item.id = `svc:${c}/${n.serviceId}`;
      item.command = { command: CommandIds.serviceShowLogs, title: 'Show Logs', arguments: [n] };
      return item;
    }
    default:
      return undefined;
  }
}

/** The parent of an Azure node. */
export function azureParent(model: ServiceModel, n: AnyNode, node: <T extends AnyNode>(n: T) => T): AnyNode | undefined {
  const c = n.connectionId;
  switch (n.type) {
    case 'azureSubscription':
    case 'azureMessage':
      return node({ type: 'connection', connectionId: c });
    case 'azureWorkspace': {
      const e = workspaceEntry(model, c, n.workspaceId);
      return e ? node({ type: 'azureSubscription', connectionId: c, subscriptionId: e.s.id }) : undefined;
    }
    case 'azureEndpoint':
      return node({ type: 'azureWorkspace', connectionId: c, workspaceId: n.workspaceId });
    case 'service': {
      const a = model.get(c, n.serviceId)?.azure;
      if (!a) return undefined;
      return a.view.kind === 'online'
        ? node({ type: 'azureEndpoint', connectionId: c, workspaceId: a.workspaceId, endpoint: a.view.endpointName })
        : node({ type: 'azureWorkspace', connectionId: c, workspaceId: a.workspaceId });
    }
    default:
      return undefined;
  }
}
