// The "Services" tree: connections (Docker engine, clusters) and their
// services, rendered from the service model. getChildren answers from what
// the model holds, so it is instant and silent; the model's change events
// refresh exactly the nodes that changed. A cluster shows its Azure ML
// services, their pods, containers and events (see clusterNodes.ts); Azure
// its subscriptions, workspaces, endpoints and deployments (azureNodes.ts).
import * as vscode from 'vscode';
import { connectionDisplay, maskedDisplay, serviceDisplay, withProblem, type Display } from '../core/model/serviceDisplay';
import type { ProblemStore } from '../core/crash/problemStore';
import type { ModelChange, ServiceModel } from '../core/model/serviceModel';
import type { ServiceRecord } from '../core/model/serviceRecord';
import { CommandIds } from '../platform/commandIds';
import type { Services } from '../services';
import { clusterChildren, clusterItem, clusterNodeKey, clusterParent, type ClusterTreeNode } from './clusterNodes';
import { azureChildren, azureItem, azureNodeKey, azureParent, isAzure, type AzureAnyNode, type AzureTreeNode } from './azureNodes';
import { localEndpointOf } from '../core/model/cliLabels';
import { frontDoorRulesOf } from '../core/deploy/frontDoor';
import { Strings } from '../platform/localize';

/** A node of the tree: what commands receive when invoked from a menu. */
export type ServiceTreeNode =
  | { readonly type: 'connection'; readonly connectionId: string }
  | { readonly type: 'service'; readonly connectionId: string; readonly serviceId: string }
  | ClusterTreeNode
  | AzureTreeNode;

/** A node of Docker or a cluster. */
type LocalNode = Exclude<ServiceTreeNode, AzureTreeNode>;

/** Starts a cluster connection when its node is first expanded. */
export interface ClusterStarter {
  ensureStarted(connectionId: string): unknown;
}

/** Starts the Azure side (silent sign-in, listing) when its node is first expanded. */
export interface AzureStarter {
  ensureStarted(): unknown;
}

export class ServicesTreeProvider implements vscode.TreeDataProvider<ServiceTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ServiceTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  // VS Code matches refreshed elements by identity: keep one object per node.
  private readonly nodes = new Map<string, ServiceTreeNode>();
  private readonly subscription: { dispose(): void };
  private readonly problemSubscription?: { dispose(): void };
  // Cluster changes come in bursts (a re-list of thousands of pods): coalesced.
  private pending = new Set<ServiceTreeNode | undefined>();
  private flushTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly model: ServiceModel,
    private readonly clusters?: ClusterStarter,
    private readonly problems?: ProblemStore,
    /** Whether v2 deployments are reached through the front door (deploy.behaveLikeAzure). */
    private readonly frontDoorOn: () => boolean = () => false,
    private readonly azure?: AzureStarter,
  ) {
    this.subscription = model.onDidChange((c) => this.onModelChange(c));
    // A crash cause found or cleared redraws that service's node.
    this.problemSubscription = problems?.onDidChange((c) => {
      if (this.model.get(c.connectionId, c.serviceId)) this.later(this.node({ type: 'service', connectionId: c.connectionId, serviceId: c.serviceId }));
    });
  }

  private readonly node = <T extends ServiceTreeNode>(n: T): T => {
    const key = n.type === 'connection' ? n.connectionId : n.type === 'service' ? `${n.connectionId}\u0000${n.serviceId}` : n.type.startsWith('azure') ? azureNodeKey(n as AzureTreeNode) : clusterNodeKey(n as ClusterTreeNode);
    let kept = this.nodes.get(key);
    if (!kept) this.nodes.set(key, (kept = n));
    return kept as T;
  };

  private later(n: ServiceTreeNode | undefined): void {
    this.pending.add(n);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const all = this.pending;
      this.pending = new Set();
      if (all.has(undefined)) return this.changed.fire(undefined);
      for (const x of all) this.changed.fire(x);
    }, 30);
  }

  private onKubernetesChange(c: ModelChange & { service: ServiceRecord }): void {
    const k = c.service.kubernetes;
    if (!k) return;
    const conn = this.node({ type: 'connection', connectionId: c.service.connectionId });
    const app = this.node({ type: 'kubernetesApp', connectionId: c.service.connectionId, app: k.app });
    if (c.type === 'updated' && k.object === 'pod') {
      // The pod node (its children too: containers, events) and its app's counts.
      this.later(this.node({ type: 'service', connectionId: c.service.connectionId, serviceId: c.service.id }));
      this.later(app);
      return;
    }
    if (c.type === 'removed') this.nodes.delete(`${c.service.connectionId}\u0000${c.service.id}`);
    // A new or removed pod changes its app; a new or removed deployment may add or drop the app itself.
    this.later(k.object === 'pod' && c.type !== 'updated' ? app : conn);
    if (k.object === 'deployment') this.later(app);
  }

  private onModelChange(c: ModelChange): void {
    // Azure lists come whole (a re-read every few seconds while something moves): one coalesced redraw.
    if ((c.type === 'added' || c.type === 'updated' || c.type === 'removed') && c.service.kind === 'azure') return this.later(undefined);
    if ((c.type === 'added' || c.type === 'updated' || c.type === 'removed') && c.service.kind === 'kubernetes') return this.onKubernetesChange(c);
    switch (c.type) {
      case 'connection':
      case 'connectionRemoved':
        this.changed.fire(undefined);
        return;
      case 'added':
      case 'removed':
        if (c.type === 'removed') this.nodes.delete(`${c.service.connectionId}\u0000${c.service.id}`);
        this.changed.fire(this.model.services(c.service.connectionId).length <= 1 ? undefined : this.node({ type: 'connection', connectionId: c.service.connectionId }));
        return;
      case 'updated':
        this.changed.fire(this.node({ type: 'service', connectionId: c.service.connectionId, serviceId: c.service.id }));
        return;
    }
  }

  /** A v2 deployment's front-door rules, as its tooltip states them (none for other containers, or with the setting off). */
  private frontDoorLines(record: ServiceRecord): string[] {
    if (!localEndpointOf(record.labels) || !record.scoringPort || !this.frontDoorOn()) return [];
    const r = frontDoorRulesOf(record.labels);
    return [Strings.online.frontDoorRules(r.requestTimeoutMs, r.concurrency, r.queue)];
  }

  /** Redraws every node (e.g. to move "up 5m" along). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(n: ServiceTreeNode): vscode.TreeItem {
    if (isAzure(this.model, n)) return azureItem(this.model, n as AzureAnyNode, toItem) ?? new vscode.TreeItem('');
    return this.localItem(n as LocalNode);
  }

  private localItem(n: LocalNode): vscode.TreeItem {
    if (n.type !== 'connection' && n.type !== 'service') return clusterItem(this.model, n, toItem) ?? new vscode.TreeItem('');
    if (n.type === 'connection') {
      const conn = this.model.connection(n.connectionId);
      if (!conn) return new vscode.TreeItem(n.connectionId);
      // Clusters connect when first expanded, so they start collapsed.
      const item = toItem(connectionDisplay(conn), conn.kind === 'kubernetes' && conn.status === 'idle' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = `conn:${n.connectionId}`;
      return item;
    }
    const record = this.model.get(n.connectionId, n.serviceId);
    if (!record) return new vscode.TreeItem(n.serviceId);
    if (record.kubernetes) {
      const problem = this.problems?.get(n.connectionId, n.serviceId);
      const item = clusterItem(this.model, n, problem ? (d, c) => toItem(withProblem(d, problem), c) : toItem) ?? new vscode.TreeItem(record.name);
      item.command = { command: CommandIds.serviceShowLogs, title: Strings.deploy.actionLogs(), arguments: [n] };
      return item;
    }
    const display = serviceDisplay(record, Date.now(), this.problems?.get(n.connectionId, n.serviceId));
    const item = toItem({ ...display, tooltip: [...display.tooltip, ...this.frontDoorLines(record)] }, vscode.TreeItemCollapsibleState.None);
    item.id = `svc:${n.connectionId}/${n.serviceId}`;
    item.command = { command: CommandIds.serviceShowLogs, title: Strings.deploy.actionLogs(), arguments: [n] };
    return item;
  }

  getChildren(n?: ServiceTreeNode): ServiceTreeNode[] {
    if (!n) return this.model.connections().map((c) => this.node({ type: 'connection', connectionId: c.id }));
    if (isAzure(this.model, n)) {
      // Expanding Azure signs in silently and lists; that happens after this returns.
      if (n.type === 'connection' && this.model.connection(n.connectionId)?.status === 'idle') setImmediate(() => this.azure?.ensureStarted());
      return azureChildren(this.model, n as AzureAnyNode, this.node) as ServiceTreeNode[];
    }
    return this.localChildren(n as LocalNode);
  }

  private localChildren(n: LocalNode): ServiceTreeNode[] {
    if (n.type === 'connection' && this.model.connection(n.connectionId)?.kind === 'kubernetes') {
      // Expanding a cluster connects it; the connection happens after this returns.
      if (this.model.connection(n.connectionId)?.status === 'idle') setImmediate(() => this.clusters?.ensureStarted(n.connectionId));
      return clusterChildren(this.model, n, this.node);
    }
    if (n.type !== 'connection' && (n.type !== 'service' || this.model.get(n.connectionId, n.serviceId)?.kubernetes)) return clusterChildren(this.model, n, this.node);
    if (n.type === 'connection') {
      return this.model
        .services(n.connectionId)
        .sort(byName)
        .map((s) => this.node({ type: 'service', connectionId: n.connectionId, serviceId: s.id }));
    }
    return [];
  }

  getParent(n: ServiceTreeNode): ServiceTreeNode | undefined {
    if (isAzure(this.model, n)) return azureParent(this.model, n as AzureAnyNode, this.node) as ServiceTreeNode | undefined;
    return this.localParent(n as LocalNode);
  }

  private localParent(n: LocalNode): ServiceTreeNode | undefined {
    if (n.type !== 'connection' && (n.type !== 'service' || this.model.get(n.connectionId, n.serviceId)?.kubernetes)) return clusterParent(this.model, n, this.node);
    return n.type === 'service' ? this.node({ type: 'connection', connectionId: n.connectionId }) : undefined;
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    this.subscription.dispose();
    this.problemSubscription?.dispose();
    this.changed.dispose();
  }
}

function byName(a: ServiceRecord, b: ServiceRecord): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

function toItem(display: Display, collapsible: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const d = maskedDisplay(display);
  const item = new vscode.TreeItem(d.label, collapsible);
  item.description = d.description;
  const tooltip = new vscode.MarkdownString(d.tooltip.filter(Boolean).join('\n\n'));
  tooltip.supportThemeIcons = true;
  item.tooltip = tooltip;
  item.iconPath = new vscode.ThemeIcon(d.icon, d.color ? new vscode.ThemeColor(d.color) : undefined);
  item.contextValue = d.contextValue;
  return item;
}

/** The tree's provider; src/views/lazy.ts builds it on the view's first request and registers the view. */
export function createServicesTree(services: Services): ServicesTreeProvider {
  return new ServicesTreeProvider(services.model, services.clusters, services.problems, () => services.settings.deployBehaveLikeAzure, services.azure);
}
