// The actions on clusters and pods: previous logs, attach debugger through a
// port-forward, test request, model-path probe, "show all deployments".
import * as vscode from 'vscode';
import { CommandIds, legacyCommandIds } from '../../platform/commandIds';
import type { Workbench } from '../../workbench';
import * as attachDebugger from './attachDebugger';
import * as podLogs from './podLogs';
import * as probeModelPath from './probeModelPath';
import * as sendTestRequest from './sendTestRequest';

export function register(services: Workbench): void {
  podLogs.register(services);
  attachDebugger.register(services);
  sendTestRequest.register(services);
  probeModelPath.register(services);
  services.context.subscriptions.push(
    // The old "k8s" ids forward to the new ones (keybindings and scripts that name them keep working).
    ...Object.entries(legacyCommandIds).map(([old, current]) => vscode.commands.registerCommand(old, (...args: unknown[]) => vscode.commands.executeCommand(current, ...args))),
    vscode.commands.registerCommand(CommandIds.kubernetesShowAllDeployments, () =>
      vscode.workspace.getConfiguration('azuremlDebug').update('kubernetes.showAllDeployments', !services.settings.kubernetesShowAll, vscode.ConfigurationTarget.Global),
    ),
    vscode.commands.registerCommand(CommandIds.kubernetesConnect, (node?: { connectionId?: string }) => {
      if (node?.connectionId) services.clusters.ensureStarted(node.connectionId);
      services.clusters.refresh();
    }),
  );
}
