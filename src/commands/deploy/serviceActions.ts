// "Reload" (the entry script is mounted: the server restarts in place, no
// rebuild; also on save when the setting says so) and "Delete" (container,
// and after confirmation its images) of a local deployment.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DeployLabels } from '../../core/deploy/deployPlan';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { dockerBundle } from './deployLocal';
import { isLocalDeployment } from '../../core/deploy/workspaceDeployment';
import { pickLocalService } from './pickLocalService';
import { reportHealth } from './report';

/** Reloads a service's entry script; true when it answers its health route afterwards. */
export async function reloadService(services: Workbench, record: ServiceRecord, location = vscode.ProgressLocation.Notification): Promise<boolean> {
  const docker = services.docker.client();
  const port = record.scoringPort?.hostPort;
  if (!docker || !port) {
    void vscode.window.showErrorMessage(docker ? Strings.noScoringPort(record.name) : Strings.dockerUnavailable());
    return false;
  }
  try {
    const health = await vscode.window.withProgress({ location, title: Strings.deploy.reloading(record.name), cancellable: true }, (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const timeout = services.settings.deployHealthTimeoutSeconds * 1000;
      return dockerBundle(services).reloadService(docker, record.id, port, services.settings.deployReloadMode, timeout, abort.signal);
    });
    await reportHealth(services, record.name, record.id, port, health, Strings.deploy.reloaded(record.name));
    return health.ok;
  } catch (err) {
    void vscode.window.showErrorMessage(Strings.deploy.failed((err as Error).message));
    return false;
  }
}

/** Deletes a local service: its container, and its images when `images` (asked when undefined). */
export async function deleteService(services: Workbench, record: ServiceRecord, images?: boolean): Promise<{ containers: number; images: number } | undefined> {
  const service = record.labels[DeployLabels.service] ?? record.name;
  if (images === undefined) {
    const all = Strings.deploy.deleteWithImages();
    const only = Strings.deploy.deleteContainerOnly();
    const answer = await vscode.window.showWarningMessage(Strings.deploy.deleteConfirm(service), { modal: true }, all, only);
    if (!answer) return undefined;
    images = answer === all;
  }
  const docker = services.docker.client();
  if (!docker) return void vscode.window.showErrorMessage(Strings.dockerUnavailable());
  try {
    const removed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: Strings.deploy.deleting(service) }, () =>
      dockerBundle(services).deleteService(docker, service, images));
    void vscode.window.showInformationMessage(Strings.deploy.deleted(service, removed.images));
    return removed;
  } catch (err) {
    void vscode.window.showErrorMessage(Strings.deploy.failed((err as Error).message));
    return undefined;
  }
}

/** Reloads the local services whose source folder holds a saved Python file (setting deploy.reloadOnSave). */
function reloadOnSave(services: Workbench, doc: vscode.TextDocument): void {
  if (!services.settings.deployReloadOnSave || doc.uri.scheme !== 'file' || !doc.fileName.endsWith('.py')) return;
  if (!vscode.workspace.isTrusted) return;
  for (const r of services.model.allServices()) {
    const source = r.labels[DeployLabels.source];
    if (!isLocalDeployment(r) || r.state !== 'running' || !source) continue;
    const rel = path.relative(source, doc.fileName);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    void reloadService(services, r, vscode.ProgressLocation.Window);
  }
}

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.deployReload, async (node?: ServiceTreeNode) => {
      if (!requireTrust()) return false;
      const record = await pickLocalService(services, node);
      return record ? reloadService(services, record) : false;
    }),
    vscode.commands.registerCommand(CommandIds.deployDelete, async (node?: ServiceTreeNode, options?: { images?: boolean }) => {
      const record = await pickLocalService(services, node);
      return record ? deleteService(services, record, options?.images) : undefined;
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => reloadOnSave(services, doc)),
  );
}
