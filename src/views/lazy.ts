// The views' front, registered at activation: the Services view, its
// refresh command, Azure's sign-in and refresh commands, and what its showing
// starts (the Docker connection, the kubeconfig's clusters, the uptime
// ticker); and the status bar item's
// command. What is shown, the tree's nodes and items and the status bar
// item, with the strings they are worded in, is built from dist/views.js:
// the tree's provider on the view's first request, so an activation with the
// view hidden (a workspace holding a score.py) never loads it, and the item
// when the model first holds a service.
import * as vscode from 'vscode';
import type * as ViewsBundle from './index';
import type { DeploymentStatus } from './deploymentStatus';
import type { ServicesTreeProvider, ServiceTreeNode } from './servicesView';
import { CommandIds } from '../platform/commandIds';
import { bundleDirOf, Lazy, loadBundle } from '../platform/lazyBundle';
import type { Services } from '../services';

/** What the views' front registered; the tree's provider and the status item are built on their first `get()`. */
export interface Views {
  tree: Lazy<ServicesTreeProvider>;
  view: vscode.TreeView<ServiceTreeNode>;
  status: Lazy<DeploymentStatus>;
}

export function register(services: Services): Views {
  const bundle = () => loadBundle<typeof ViewsBundle>(bundleDirOf(services.context), 'views');
  // The view subscribes to its provider's event once, at registration: the built provider's events are passed on.
  const changed = new vscode.EventEmitter<ServiceTreeNode | undefined>();
  const tree = new Lazy(() => {
    const provider = bundle().createServicesTree(services);
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
    // Azure: the sign-in on the user's gesture (a dialog may ask), and a re-read of its lists (no events come from Azure).
    vscode.commands.registerCommand(CommandIds.azureSignIn, () => services.azure.signIn()),
    vscode.commands.registerCommand(CommandIds.azureRefresh, () => services.azure.refresh()),
  );
  const status = new Lazy(() => bundle().createDeploymentStatus(services));
  // No item is shown before the model holds a deployment, so nothing needs building until then.
  const firstService = services.model.onDidChange((c) => {
    if (c.type !== 'added') return;
    firstService.dispose();
    status.get();
  });
  services.context.subscriptions.push(
    firstService,
    vscode.commands.registerCommand(CommandIds.deployStatusActions, () => status.built?.actions()),
  );
  return { tree, view, status };
}
