// The "Services" tree: connections (Docker engine, clusters) and their
// services, rendered from the service model. getChildren answers from what
// the model holds, so it is instant and silent; the model's change events
// refresh exactly the nodes that changed.
import * as vscode from 'vscode';
import { connectionDisplay, serviceDisplay, type Display } from '../core/serviceDisplay';
import type { ModelChange, ServiceModel } from '../core/serviceModel';
import type { ServiceRecord } from '../core/serviceRecord';
import { CommandIds } from '../platform/commandIds';
import type { Services } from '../services';

/** A node of the tree: what commands receive when invoked from a menu. */
export type ServiceTreeNode =
  | { readonly type: 'connection'; readonly connectionId: string }
  | { readonly type: 'service'; readonly connectionId: string; readonly serviceId: string };

export class ServicesTreeProvider implements vscode.TreeDataProvider<ServiceTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ServiceTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  // VS Code matches refreshed elements by identity: keep one object per node.
  private readonly nodes = new Map<string, ServiceTreeNode>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: ServiceModel) {
    this.subscription = model.onDidChange((c) => this.onModelChange(c));
  }

  private node(n: ServiceTreeNode): ServiceTreeNode {
    const key = n.type === 'connection' ? n.connectionId : `${n.connectionId}\u0000${n.serviceId}`;
    let kept = this.nodes.get(key);
    if (!kept) this.nodes.set(key, (kept = n));
    return kept;
  }

  private onModelChange(c: ModelChange): void {
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

  /** Redraws every node (e.g. to move "up 5m" along). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(n: ServiceTreeNode): vscode.TreeItem {
    if (n.type === 'connection') {
      const conn = this.model.connection(n.connectionId);
      if (!conn) return new vscode.TreeItem(n.connectionId);
      const item = toItem(connectionDisplay(conn), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `conn:${n.connectionId}`;
      return item;
    }
    const record = this.model.get(n.connectionId, n.serviceId);
    if (!record) return new vscode.TreeItem(n.serviceId);
    const item = toItem(serviceDisplay(record, Date.now()), vscode.TreeItemCollapsibleState.None);
    item.id = `svc:${n.connectionId}/${n.serviceId}`;
    item.command = { command: CommandIds.serviceShowLogs, title: 'Show Logs', arguments: [n] };
    return item;
  }

  getChildren(n?: ServiceTreeNode): ServiceTreeNode[] {
    if (!n) return this.model.connections().map((c) => this.node({ type: 'connection', connectionId: c.id }));
    if (n.type === 'connection') {
      return this.model
        .services(n.connectionId)
        .sort(byName)
        .map((s) => this.node({ type: 'service', connectionId: n.connectionId, serviceId: s.id }));
    }
    return [];
  }

  getParent(n: ServiceTreeNode): ServiceTreeNode | undefined {
    return n.type === 'service' ? this.node({ type: 'connection', connectionId: n.connectionId }) : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function byName(a: ServiceRecord, b: ServiceRecord): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

function toItem(d: Display, collapsible: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(d.label, collapsible);
  item.description = d.description;
  const tooltip = new vscode.MarkdownString(d.tooltip.filter(Boolean).join('\n\n'));
  tooltip.supportThemeIcons = true;
  item.tooltip = tooltip;
  item.iconPath = new vscode.ThemeIcon(d.icon, d.color ? new vscode.ThemeColor(d.color) : undefined);
  item.contextValue = d.contextValue;
  return item;
}

/** Registers the tree; the Docker connection starts when the view is first shown. */
export function register(services: Services): ServicesTreeProvider {
  const provider = new ServicesTreeProvider(services.model);
  const view = vscode.window.createTreeView('azuremlDebug.services', { treeDataProvider: provider, showCollapseAll: true });
  // Uptimes move on: redraw twice a minute, only while the view is visible.
  let ticker: ReturnType<typeof setInterval> | undefined;
  const visibility = () => {
    if (view.visible) {
      services.docker.ensureStarted();
      ticker ??= setInterval(() => provider.refresh(), 30000);
    } else if (ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  view.onDidChangeVisibility(visibility, undefined, services.context.subscriptions);
  visibility();
  services.context.subscriptions.push(
    provider,
    view,
    { dispose: () => ticker && clearInterval(ticker) },
    vscode.commands.registerCommand(CommandIds.servicesRefresh, async () => {
      await services.docker.refresh();
      provider.refresh();
    }),
  );
  return provider;
}
