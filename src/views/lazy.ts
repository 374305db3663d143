// The Services tree's front, registered at activation: the view, its
// refresh command, and what its showing starts (the Docker connection, the
// kubeconfig's clusters, the uptime ticker). The provider behind the view,
// its nodes and items with the strings they are worded in, is built from
// dist/tree.js on the view's first request, so an activation with the view
// hidden (a workspace holding a score.py) never loads it.
import * as vscode from 'vscode';
import type * as TreeBundle from './servicesView';
import type { ServicesTreeProvider, ServiceTreeNode } from './servicesView';
import { CommandIds } from '../platform/commandIds';
import { bundleDirOf, Lazy, loadBundle } from '../platform/lazyBundle';
import type { Services } from '../services';

/** Registers the view; the provider is built on the returned value's first `get()` (the view's first request). */
export function register(services: Services): { tree: Lazy<ServicesTreeProvider>; view: vscode.TreeView<ServiceTreeNode> } {
  // The view subscribes to its provider's event once, at registration: the built provider's events are passed on.
  const changed = new vscode.EventEmitter<ServiceTreeNode | undefined>();
  const tree = new Lazy(() => {
    const provider = loadBundle<typeof TreeBundle>(bundleDirOf(services.context), 'tree').createServicesTree(services);
    services.context.subscriptions.push(provider, provider.onDidChangeTreeData((n) => changed.fire(n)));
    return provider;
  });
  const view = vscode.window.createTreeView<ServiceTreeNode>('azuremlDebug.services', {
    treeDataProvider: {
      onDidChangeTreeData: changed.event,
      getChildren: (n) => tree.get().getChildren(n),
      getTreeItem: (n) => tree.get().getTreeItem(n),
      getParent: (n) => tree.get().getParent(n),
    },
    showCollapseAll: true,
  });
  services.context.subscriptions.push(
    changed,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('azuremlDebug.deploy.behaveLikeAzure')) tree.built?.refresh();
    }),
  );
  // Uptimes move on: redraw twice a minute, only while the view is visible.
  let ticker: ReturnType<typeof setInterval> | undefined;
  const visibility = () => {
    if (view.visible) {
      services.docker.ensureStarted();
      void services.clusters.discover();
      ticker ??= setInterval(() => tree.built?.refresh(), 30000);
    } else if (ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
  view.onDidChangeVisibility(visibility, undefined, services.context.subscriptions);
  visibility();
  services.context.subscriptions.push(
    view,
    { dispose: () => ticker && clearInterval(ticker) },
    vscode.commands.registerCommand(CommandIds.servicesRefresh, async () => {
      await services.docker.refresh();
      tree.built?.refresh();
    }),
  );
  return { tree, view };
}
