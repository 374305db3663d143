// "Debug this locally": from a deployment in Azure (the tree's node, or a
// pick from the palette), write what it is made of into the workspace as the
// files Deploy Locally reads (v2: deployment.yml + endpoint.yml in
// .azureml-local/<endpoint>-<deployment>/; v1: inferenceconfig.json +
// deploymentconfig.json in the code folder), open them, deploy them locally
// and start the `azureml` debugger on the result, so the failure seen in
// Azure happens here on the user's own score.py.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureMlApi } from '../../azure/azureMlApi';
import { NotCopyableError, readCopySource, type AzureCopySource } from '../../azure/localCopySource';
import { relativePath } from '../../core/azure/codeFolder';
import { LOCAL_COPIES, azureCopyTarget, localCopyFolder, onlineLocalCopy, type LocalCopy } from '../../core/azure/localCopy';
import { serviceEntryScript, serviceLocalCopy } from '../../core/azure/localCopyV1';
import { DeployLabels } from '../../core/deploy/deployPlan';
import { redactError } from '../../core/model/secrets';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { CommandIds } from '../../platform/commandIds';
import { LocalCopyStrings } from '../../platform/localCopyStrings';
import type { Workbench } from '../../workbench';
import { deployLocalCommand, updateCommand, type DeployCommandResult } from '../deploy/deployLocal';
import { pickService, requireTrust } from '../service/pickService';
import { ignoreCopies, localCodeFolder, modelFrom, writeCopy } from './localCopyWorkspace';
import { workspaceDeploymentFiles } from '../../platform/workspaceDeployments';

/**
 * Where the Azure API comes from: the Azure sign-in hands it out (undefined
 * when the user is not signed in). Declared here so the sign-in wires in
 * with one line.
 */
export interface AzureApiSource {
  api(): Promise<AzureMlApi | undefined>;
}

/** The tree's node of an Azure deployment (a record whose id is the ARM resource id), or that id itself. */
export type DebugLocallyTarget = { readonly type: 'service'; readonly connectionId: string; readonly serviceId: string } | string;

/** What the command did (for tests and other features). */
export interface DebugLocallyResult {
  /** The files written, absolute. */
  files: string[];
  notes: string[];
  deployed?: DeployCommandResult;
  /** Whether the debug session started. */
  debugging: boolean;
}

/** An Azure deployment's record: its id is an online deployment's or web service's ARM id. */
export function isAzureRecord(r: ServiceRecord): boolean {
  return azureCopyTarget(r.id) !== undefined;
}

async function targetId(services: Workbench, node: DebugLocallyTarget | undefined): Promise<string | undefined> {
  if (typeof node === 'string') return node;
  if (node?.type === 'service') return services.model.get(node.connectionId, node.serviceId)?.id ?? node.serviceId;
  if (!services.model.allServices().some(isAzureRecord)) {
    void vscode.window.showInformationMessage(LocalCopyStrings.noAzureDeployment());
    return undefined;
  }
  return (await pickService(services, undefined, isAzureRecord))?.id;
}

/** The command: copy, deploy here, and debug. */
export async function debugLocally(
  services: Workbench,
  azure: AzureApiSource | undefined,
  node?: DebugLocallyTarget,
): Promise<DebugLocallyResult | undefined> {
  if (!requireTrust()) return undefined;
  const id = await targetId(services, node);
  if (!id) return undefined;
  const target = azureCopyTarget(id);
  if (!target) return void vscode.window.showErrorMessage(LocalCopyStrings.notCopyable(id));
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return void vscode.window.showErrorMessage(LocalCopyStrings.noWorkspaceFolder());
  const api = await azure?.api();
  if (!api) return void vscode.window.showErrorMessage(LocalCopyStrings.notSignedIn());
  const name = target.kind === 'online' ? `${target.endpoint}/${target.deployment}` : target.service;

  let source: AzureCopySource;
  try {
    source = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: LocalCopyStrings.reading(name), cancellable: true }, (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return readCopySource(api, id, abort.signal);
    });
  } catch (err) {
    const why = err instanceof NotCopyableError ? err.message : redactError(err);
    return void vscode.window.showErrorMessage(LocalCopyStrings.readFailed(name, why));
  }

  const made = await localCopy(folder.uri.fsPath, source);
  if (!made) return undefined;
  const { dir, copy, codeFolder, entryScript, configFile } = made;
  if (!(await writeCopy(vscode.Uri.file(dir), copy))) return undefined;
  if (source.kind === 'online') await ignoreCopies(vscode.Uri.file(path.join(folder.uri.fsPath, LOCAL_COPIES)));
  const config = vscode.Uri.file(path.join(dir, configFile));
  await vscode.window.showTextDocument(config, { preview: false });
  const shown = vscode.workspace.asRelativePath(dir);
  const summary = copy.notes.length ? `${LocalCopyStrings.written(shown)} ${LocalCopyStrings.notCopied(copy.notes.join(' '))}` : LocalCopyStrings.written(shown);
  void (copy.notes.length ? vscode.window.showWarningMessage(summary) : vscode.window.showInformationMessage(summary));
  const result: DebugLocallyResult = { files: copy.files.map((f) => path.join(dir, f.name)), notes: copy.notes, debugging: false };

  result.deployed = await deploy(services, config.fsPath);
  if (!result.deployed?.containerId) {
    void vscode.window.showErrorMessage(LocalCopyStrings.noContainer(name));
    return result;
  }
  // The launch reuses the new container's image, variables and model mounts, with the user's code folder as the app.
  result.debugging = await vscode.debug.startDebugging(folder, {
    type: 'azureml',
    request: 'launch',
    name: LocalCopyStrings.sessionName(name),
    service: result.deployed.containerId,
    appFolder: codeFolder,
    entryScript,
  });
  return result;
}

/** The copy for `source`, with where it goes; undefined when its code folder is not found (said why). */
async function localCopy(workspace: string, source: AzureCopySource): Promise<{ dir: string; copy: LocalCopy; codeFolder: string; entryScript: string; configFile: string } | undefined> {
  const files = await workspaceDeploymentFiles();
  if (source.kind === 'online') {
    const script = source.deployment.properties?.codeConfiguration?.scoringScript;
    const code = await localCodeFolder(script, source.target.deployment, source.target.endpoint, files);
    if (!code || !script) return undefined;
    const dir = path.join(workspace, localCopyFolder(source.target.endpoint, source.target.deployment));
    const copy = onlineLocalCopy({
      deployment: source.deployment, endpoint: source.endpoint, environment: source.environment,
      code: relativePath(dir, code.folder), modelPath: modelFrom(code, files, dir),
    });
    return { dir, copy, codeFolder: code.folder, entryScript: script.replace(/\\/g, '/'), configFile: 'deployment.yml' };
  }
  const script = serviceEntryScript(source.service) ?? 'score.py';
  const code = await localCodeFolder(script, source.target.service, undefined, files);
  if (!code) return undefined;
  // The v1 reader keeps the source folder inside the config's folder: the pair goes into the code folder.
  const model = path.join(code.folder, 'model');
  const hasModel = await vscode.workspace.fs.stat(vscode.Uri.file(model)).then(() => true, () => false);
  const copy = serviceLocalCopy({ service: source.service, sourceDirectory: '.', ...(hasModel ? { modelPath: 'model' } : {}) });
  return { dir: code.folder, copy, codeFolder: code.folder, entryScript: script.replace(/\\/g, '/'), configFile: 'inferenceconfig.json' };
}

/** Deploys the copy: an Update when a local service was deployed from this same file, else Deploy Locally. */
async function deploy(services: Workbench, config: string): Promise<DeployCommandResult | undefined> {
  const same = services.model.allServices().find((r) => r.kind === 'docker' && r.labels[DeployLabels.config] && path.resolve(r.labels[DeployLabels.config]) === path.resolve(config));
  if (same) return updateCommand(services, { type: 'service', connectionId: same.connectionId, serviceId: same.id });
  return deployLocalCommand(services, vscode.Uri.file(config));
}

export function register(services: Workbench, azure: AzureApiSource | undefined): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.azureDebugLocally, (node?: DebugLocallyTarget) => debugLocally(services, azure, node)),
  );
}
