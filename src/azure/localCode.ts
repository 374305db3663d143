// Finds the workspace folder a deployment's code in Azure maps to: reads the
// workspace's deployment ymls and looks for files named like its scoring
// script, then lets core/azure/codeFolder decide. A crash in Azure is then
// placed on the local score.py. Reads only small files, at listing time, and
// remembers the ymls for a few seconds (one listing reads many deployments).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { localCodeFolder, type AzureCodeRef, type DeploymentFileFacts, type LocalCode } from '../core/azure/codeFolder';
import { WORKSPACE_EXCLUDE, workspaceDeploymentFiles } from '../platform/workspaceDeployments';

const KEEP_MS = 5000;
let ymlCache: { at: number; ymls: Promise<DeploymentFileFacts[]> } | undefined;

/** The local code folder of a deployment (or v1 web service) in Azure, when the workspace holds one. */
export async function localCodeOf(ref: AzureCodeRef): Promise<LocalCode | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  if (!ymlCache || Date.now() - ymlCache.at > KEEP_MS) ymlCache = { at: Date.now(), ymls: workspaceDeploymentFiles() };
  const ymls = await ymlCache.ymls;
  const script = path.basename(ref.scoringScript ?? 'score.py').replace(/[[\]{}*?]/g, '?');
  const scripts = (await vscode.workspace.findFiles(`**/${script}`, WORKSPACE_EXCLUDE, 20)).map((u) => u.fsPath);
  return localCodeFolder(ref, ymls, scripts);
}
