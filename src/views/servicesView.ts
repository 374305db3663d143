// The "Services" tree: renders the service model. It holds no I/O of its own;
// getChildren answers from what the model already knows, so it is instant.
import * as vscode from 'vscode';
import { CommandIds } from '../platform/commandIds';
import type { Services } from '../services';

export class ServicesTreeProvider implements vscode.TreeDataProvider<never> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function register(services: Services): void {
  const provider = new ServicesTreeProvider();
  const view = vscode.window.createTreeView('azuremlDebug.services', { treeDataProvider: provider, showCollapseAll: true });
  services.context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand(CommandIds.servicesRefresh, () => provider.refresh()),
  );
}
