// The status bar item of the workspace's local deployment: its state and the
// port it answers on, kept in step with the model; a click offers its actions
// (the same commands as the tree's, on that service).
import * as vscode from 'vscode';
import { deploymentStatus, workspaceDeployment } from '../core/deploy/workspaceDeployment';
import type { ServiceRecord } from '../core/model/serviceRecord';
import { CommandIds } from '../platform/commandIds';
import { Strings } from '../platform/localize';
import type { Services } from '../services';
import type { ServiceTreeNode } from './servicesView';

export function register(services: Services): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('azuremlDebug.deploymentStatus', vscode.StatusBarAlignment.Left, 50);
  item.name = Strings.deploy.statusName();
  item.command = CommandIds.deployStatusActions;
  let shown: ServiceRecord | undefined;
  const update = () => {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    shown = workspaceDeployment(services.model.allServices(), folders);
    if (!shown) return item.hide();
    const s = deploymentStatus(shown);
    const service = shown.name;
    item.text = `$(${s.icon}) ${service}${s.port ? ` :${s.port}` : ''}`;
    item.tooltip = Strings.deploy.statusTooltip(service, Strings.deploy.statusState(s.state), s.port ? `http://127.0.0.1:${s.port}/score` : '');
    item.backgroundColor = s.state === 'crashed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : s.state === 'unhealthy' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const actions = async () => {
    if (!shown) return;
    const node: ServiceTreeNode = { type: 'service', connectionId: shown.connectionId, serviceId: shown.id };
    const running = shown.state === 'running';
    const picks: (vscode.QuickPickItem & { command: string })[] = [
      ...(running ? [
        { label: `$(send) ${Strings.deploy.actionTestRequest()}`, command: CommandIds.deploySendTestRequest },
        { label: `$(debug-alt) ${Strings.deploy.actionDebug()}`, command: CommandIds.serviceDebug },
        { label: `$(refresh) ${Strings.deploy.actionReload()}`, command: CommandIds.deployReload },
      ] : []),
      { label: `$(output) ${Strings.deploy.actionLogs()}`, command: CommandIds.serviceShowLogs },
      { label: `$(cloud-upload) ${Strings.deploy.actionUpdate()}`, command: CommandIds.deployUpdate },
      { label: `$(trash) ${Strings.deploy.actionDelete()}`, command: CommandIds.deployDelete },
    ];
    const picked = await vscode.window.showQuickPick(picks, { title: Strings.deploy.statusActionsTitle(shown.name) });
    if (picked) await vscode.commands.executeCommand(picked.command, node);
  };
  services.context.subscriptions.push(
    item,
    services.model.onDidChange(update),
    vscode.workspace.onDidChangeWorkspaceFolders(update),
    vscode.commands.registerCommand(CommandIds.deployStatusActions, actions),
  );
  update();
  return item;
}
