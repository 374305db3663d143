// The cluster part of the services tree: nodes for Azure ML services
// (deployments), pods, containers and events, their tree items and their
// children, all answered from the model (no I/O).
import * as vscode from 'vscode';
import { appDisplay, containerDisplay, eventDisplay, podDisplay } from '../core/kubernetes/display';
import type { KubePodDetails } from '../core/model/kubeDetails';
import { appPods, clusterApps } from '../core/kubernetes/tree';
import { scopeDisplay, type Display } from '../core/model/serviceDisplay';
import type { ServiceModel } from '../core/model/serviceModel';
import type { ServiceRecord } from '../core/model/serviceRecord';
import { l10n } from '../core/l10n';

/** Nodes under a cluster connection (pods are the tree's ordinary `service` nodes). */
export type ClusterTreeNode =
  | { readonly type: 'kubernetesApp'; readonly connectionId: string; readonly app: string }
  | { readonly type: 'kubernetesContainer'; readonly connectionId: string; readonly serviceId: string; readonly container: string }
  | { readonly type: 'kubernetesEvent'; readonly connectionId: string; readonly serviceId: string; readonly index: number }
  | { readonly type: 'kubernetesMessage'; readonly connectionId: string; readonly key: 'empty' | 'scope'; readonly message: string; readonly tooltip?: string };

type AnyNode = ClusterTreeNode | { readonly type: 'service'; readonly connectionId: string; readonly serviceId: string } | { readonly type: 'connection'; readonly connectionId: string };

/** Stable key of a node (VS Code matches refreshed elements by identity). */
export function clusterNodeKey(n: ClusterTreeNode): string {
  switch (n.type) {
    case 'kubernetesApp':
      return `${n.connectionId}\u0000app\u0000${n.app}`;
    case 'kubernetesContainer':
      return `${n.connectionId}\u0000${n.serviceId}\u0000c\u0000${n.container}`;
    case 'kubernetesEvent':
      return `${n.connectionId}\u0000${n.serviceId}\u0000e\u0000${n.index}`;
    case 'kubernetesMessage':
      return `${n.connectionId}\u0000msg\u0000${n.key}`;
  }
}

export function pod(model: ServiceModel, connectionId: string, serviceId: string): (ServiceRecord & { kubernetes: KubePodDetails }) | undefined {
  const r = model.get(connectionId, serviceId);
  return r?.kubernetes?.object === 'pod' ? (r as ServiceRecord & { kubernetes: KubePodDetails }) : undefined;
}

/** Children of a cluster connection, an app, or a pod. `node` keeps one object per key. */
export function clusterChildren(model: ServiceModel, n: AnyNode, node: <T extends AnyNode>(n: T) => T): AnyNode[] {
  if (n.type === 'connection') {
    const apps = clusterApps(model, n.connectionId);
    const conn = model.connection(n.connectionId);
    const out: AnyNode[] = [];
    // A namespace-scoped user sees first why the tree shows only part of the cluster.
    if (conn?.scope) {
      const scope = scopeDisplay(conn.scope);
      out.push(node({ type: 'kubernetesMessage', connectionId: n.connectionId, key: 'scope', message: scope.message, tooltip: scope.lines.join('\n') }));
    }
    if (!apps.length && conn?.status === 'connected') {
      out.push(node({ type: 'kubernetesMessage', connectionId: n.connectionId, key: 'empty', message: l10n.t('No Azure ML service found. "{0}" lists every deployment.', l10n.t('Show All Deployments (Toggle)')) }));
    }
    return [...out, ...apps.map((a) => node({ type: 'kubernetesApp', connectionId: n.connectionId, app: a.app }))];
  }
  if (n.type === 'kubernetesApp') {
    return appPods(model, n.connectionId, n.app).map((p) => node({ type: 'service', connectionId: n.connectionId, serviceId: p.id }));
  }
  if (n.type === 'service') {
    const p = pod(model, n.connectionId, n.serviceId);
    if (!p) return [];
    return [
      // Init containers first, as they run first.
      ...[...(p.kubernetes.initContainers ?? []), ...p.kubernetes.containers].map((c) => node({ type: 'kubernetesContainer', connectionId: n.connectionId, serviceId: n.serviceId, container: c.name })),
      ...p.kubernetes.events.map((_e, index) => node({ type: 'kubernetesEvent', connectionId: n.connectionId, serviceId: n.serviceId, index })),
    ];
  }
  return [];
}

/** The tree item of a cluster node (pods included). */
export function clusterItem(model: ServiceModel, n: AnyNode, toItem: (d: Display, c: vscode.TreeItemCollapsibleState) => vscode.TreeItem): vscode.TreeItem | undefined {
  const now = Date.now();
  switch (n.type) {
    case 'kubernetesApp': {
      const app = clusterApps(model, n.connectionId).find((a) => a.app === n.app);
      if (!app) return new vscode.TreeItem(n.app);
      const item = toItem(appDisplay(app), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `app:${n.connectionId}/${n.app}`;
      return item;
    }
    case 'service': {
      const p = pod(model, n.connectionId, n.serviceId);
      if (!p) return undefined;
      const item = toItem(podDisplay(p, now), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `svc:${n.connectionId}/${n.serviceId}`;
      return item;
    }
    case 'kubernetesContainer': {
      const k = pod(model, n.connectionId, n.serviceId)?.kubernetes;
      const c = k && [...(k.initContainers ?? []), ...k.containers].find((x) => x.name === n.container);
      if (!c) return new vscode.TreeItem(n.container);
      const item = toItem(containerDisplay(c), vscode.TreeItemCollapsibleState.None);
      item.id = `container:${n.connectionId}/${n.serviceId}/${n.container}`;
      return item;
    }
    case 'kubernetesEvent': {
      const e = pod(model, n.connectionId, n.serviceId)?.kubernetes.events[n.index];
      if (!e) return new vscode.TreeItem('');
      const item = toItem(eventDisplay(e, now), vscode.TreeItemCollapsibleState.None);
      item.id = `event:${n.connectionId}/${n.serviceId}/${n.index}`;
      return item;
    }
    case 'kubernetesMessage': {
      const item = new vscode.TreeItem(n.message, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(n.key === 'scope' ? 'lock' : 'info');
      item.contextValue = `kubernetes.message.${n.key}`;
      if (n.tooltip) item.tooltip = n.tooltip;
      return item;
    }
    default:
      return undefined;
  }
}

/** The parent of a cluster node. */
export function clusterParent(model: ServiceModel, n: AnyNode, node: <T extends AnyNode>(n: T) => T): AnyNode | undefined {
  switch (n.type) {
    case 'kubernetesApp':
    case 'kubernetesMessage':
      return node({ type: 'connection', connectionId: n.connectionId });
    case 'service': {
      const p = pod(model, n.connectionId, n.serviceId);
      return p ? node({ type: 'kubernetesApp', connectionId: n.connectionId, app: p.kubernetes.app }) : undefined;
    }
    case 'kubernetesContainer':
    case 'kubernetesEvent':
      return node({ type: 'service', connectionId: n.connectionId, serviceId: n.serviceId });
    default:
      return undefined;
  }
}
