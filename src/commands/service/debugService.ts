// "Debug" on a Docker service: starts an `azureml` launch session that reuses
// the service's image, environment and model mounts in a new debug container
// (the running service is left alone), with the workspace mounted as the app.
// "Save as Image": the seeds' `docker commit`, to a tag the user names.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService, requireTrust } from './pickService';
import { verbsOf } from '../../connections';
import { scoringScriptOf } from '../../core/model/cliLabels';

/** A Docker image reference: [registry/]name[:tag], lower case name parts. */
export function validImageReference(ref: string): boolean {
  return /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/.test(ref);
}

/** Splits "repo:tag" (a registry port is not a tag). */
export function splitReference(ref: string): { repo: string; tag: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.serviceDebug, async (node?: ServiceTreeNode) => {
      if (!requireTrust()) return false;
      const record = await pickService(services, node, (r) => r.kind === 'docker');
      if (!record) return false;
      // The app folder: the one the service mounts when it is in the workspace, else the workspace folder.
      const mounted = record.appSource ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(record.appSource)) : undefined;
      const folder = mounted ?? vscode.workspace.workspaceFolders?.[0];
      const appFolder = mounted && record.appSource ? record.appSource : folder?.uri.fsPath;
      // A v2 deployment's script can sit in a subfolder of its code folder (scoring_script: onlinescoring/score.py).
      const entryScript = scoringScriptOf(record.labels);
      return vscode.debug.startDebugging(folder, {
        type: 'azureml',
        request: 'launch',
        name: Strings.debugServiceName(record.name),
        service: record.id,
        ...(appFolder ? { appFolder: path.resolve(appFolder) } : {}),
        ...(entryScript ? { entryScript } : {}),
      });
    }),
    vscode.commands.registerCommand(CommandIds.serviceSaveAsImage, async (node?: ServiceTreeNode, options?: { reference?: string }) => {
      const record = await pickService(services, node, (r) => r.kind === 'docker');
      if (!record) return;
      const reference =
        options?.reference ??
        (await vscode.window.showInputBox({
          title: Strings.saveAsImageTitle(record.name),
          value: `${record.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}:debug`,
          validateInput: (v) => (validImageReference(v.trim()) ? undefined : Strings.badImageReference()),
        }));
      if (!reference) return;
      if (!validImageReference(reference.trim())) return void vscode.window.showErrorMessage(Strings.badImageReference());
      const verbs = verbsOf(services, record);
      if (!verbs.saveAsImage) return void vscode.window.showErrorMessage(Strings.notOffered(Strings.verb('save'), record.name));
      const { repo, tag } = splitReference(reference.trim());
      try {
        const saved = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: Strings.savingImage(record.name, `${repo}:${tag}`) }, () =>
          verbs.saveAsImage!(record, repo, tag, `Saved from ${record.name} by Azure ML Deployment Debugger`),
        );
        const left = saved.leftOut.map((m) => `${m.destination} (${m.type})`).join(', ');
        void vscode.window.showInformationMessage(Strings.savedImage(`${repo}:${tag}`, saved.included.join(', '), left));
        return saved;
      } catch (err) {
        const e = err as { json?: { message?: string }; message: string };
        void vscode.window.showErrorMessage(Strings.serviceActionFailed(Strings.verb('save'), record.name, e.json?.message ?? e.message));
      }
    }),
  );
}
