// The workspace's Azure ML v2 deployment files, read: what each names (its
// deployment, endpoint, code folder and local model). Where a deployment's
// code is on this machine rests on them, for placing a crash read from Azure
// (azure/localCode) and for "Debug This Locally" (commands/azure). Small
// files only; copies made earlier (.azureml-local) name no candidate.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DeploymentFileFacts } from '../core/azure/codeFolder';
import { LOCAL_COPIES } from '../core/azure/localCopy';
import { looksLikeOnlineDeployment, readOnlineDeployment } from '../core/deploy/onlineDeployment';
import { endpointBeside } from './onlineFiles';

/** Folders no deployment file or scoring script of the user's is searched in. */
export const WORKSPACE_EXCLUDE = `{**/node_modules/**,**/.git/**,**/.venv/**,**/site-packages/**,**/out/**,**/dist/**,**/${LOCAL_COPIES}/**}`;
/** Larger files are not deployment files: not read. */
const MAX_YML_BYTES = 256 * 1024;
const MAX_FILES = 200;

/** A deployment.yml of the workspace: what it names, and its local model (absolute) when it has one. */
export interface DeploymentFile extends DeploymentFileFacts {
  modelPath?: string;
}

/** The workspace's v2 deployment files, read (an endpoint.yml beside one names its endpoint when it does not). */
export async function workspaceDeploymentFiles(): Promise<DeploymentFile[]> {
  const out: DeploymentFile[] = [];
  for (const uri of await vscode.workspace.findFiles('**/*.{yml,yaml}', WORKSPACE_EXCLUDE, MAX_FILES)) {
    try {
      if ((await vscode.workspace.fs.stat(uri)).size > MAX_YML_BYTES) continue;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (!looksLikeOnlineDeployment(text)) continue;
      const dir = path.dirname(uri.fsPath);
      const d = readOnlineDeployment(text, { endpoint: endpointBeside(dir)?.endpoint }).deployment;
      if (!d) continue;
      out.push({
        file: uri.fsPath, endpointName: d.endpointName, name: d.name, code: d.code,
        ...(d.model?.kind === 'path' ? { modelPath: path.resolve(dir, d.model.path) } : {}),
      });
    } catch {
      // An unreadable file names nothing.
    }
  }
  return out;
}
