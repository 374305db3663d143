// Finds the workspace folder a deployment's code in Azure maps to: reads the
// workspace's deployment ymls and looks for files named like its scoring
// script, then lets core/azure/codeFolder decide. A crash in Azure is then
// placed on the local score.py. Reads only small files, at listing time, and
// remembers the ymls for a few seconds (one listing reads many deployments).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { localCodeFolder, type AzureCodeRef, type DeploymentFileFacts, type LocalCode } from '../core/azure/codeFolder';
import { looksLikeOnlineDeployment, readOnlineDeployment } from '../core/deploy/onlineDeployment';
import { endpointBeside } from '../platform/onlineFiles';

const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.venv/**,**/site-packages/**,**/out/**,**/dist/**}';
const MAX_YAML_BYTES = 256 * 1024;
const KEEP_MS = 5000;
let ymlCache: { at: number; ymls: Promise<DeploymentFileFacts[]> } | undefined;

async function workspaceYmls(): Promise<DeploymentFileFacts[]> {
  const out: DeploymentFileFacts[] = [];
  for (const uri of await vscode.workspace.findFiles('**/*.{yml,yaml}', EXCLUDE, 200)) {
    try {
      const st = await fs.promises.stat(uri.fsPath);
      if (st.size > MAX_YAML_BYTES) continue;
      const text = await fs.promises.readFile(uri.fsPath, 'utf8');
      if (!looksLikeOnlineDeployment(text)) continue;
      const d = readOnlineDeployment(text, { endpoint: endpointBeside(path.dirname(uri.fsPath))?.endpoint }).deployment;
      if (d) out.push({ file: uri.fsPath, name: d.name, endpointName: d.endpointName, code: d.code });
    } catch {
      // An unreadable yml names no deployment.
    }
  }
  return out;
}

/** The local code folder of a deployment (or v1 web service) in Azure, when the workspace holds one. */
export async function localCodeOf(ref: AzureCodeRef): Promise<LocalCode | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  if (!ymlCache || Date.now() - ymlCache.at > KEEP_MS) ymlCache = { at: Date.now(), ymls: workspaceYmls() };
  const ymls = await ymlCache.ymls;
  const script = path.basename(ref.scoringScript ?? 'score.py').replace(/[[\]{}*?]/g, '?');
  const scripts = (await vscode.workspace.findFiles(`**/${script}`, EXCLUDE, 20)).map((u) => u.fsPath);
  return localCodeFolder(ref, ymls, scripts);
}
