// What activate() returns: the objects the extension-host tests read to see
// the state behind what the user sees (the tree's items, a log tab's lines,
// the diagnostics; the tree view, to reveal a node before a screenshot), and the two debug providers VS Code gives no API to reach
// (dynamic configurations are listed only in its picker; the resolver's
// refusals sit behind VS Code's own gates). Nothing in src/ reads it.
import type { Workbench } from './workbench';
import type * as vscode from 'vscode';
import type { ServicesTreeProvider, ServiceTreeNode } from './views/servicesView';
import type { AzuremlConfigurationProvider } from './debug/configurationProvider';
import type { AttachConfigurationProvider } from './debug/attachConfigurationProvider';

export interface TestApi extends Workbench {
  readonly tree: ServicesTreeProvider;
  readonly treeView: vscode.TreeView<ServiceTreeNode>;
  readonly debugConfigurations: AzuremlConfigurationProvider;
  readonly attachConfigurations: AttachConfigurationProvider;
  /** The status bar item of the workspace's local deployment. */
  readonly deploymentStatus: vscode.StatusBarItem;
}
