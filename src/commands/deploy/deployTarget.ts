// Which deployment "Deploy Locally" deploys: the Explorer's folder,
// inferenceconfig.json or v2 deployment.yml, the workspace's one such file,
// or a picked one. A folder without inferenceconfig.json is asked about once
// (entry script, environment file, model) and the answers are written into a
// new one.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { newDeployConfigText } from '../../core/deploy/deployConfig';
import { Strings } from '../../platform/localize';
import { exists } from '../textEdits';
import { isOnlineDeploymentFile, looksLikeOnlineDeployment } from '../../core/deploy/onlineDeployment';

/** The inferenceconfig.json (or folder) to deploy, or undefined when the user cancelled. */
export async function deployTarget(uri: vscode.Uri | undefined): Promise<string | undefined> {
  if (uri?.scheme === 'file') {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return withConfig(uri);
    if (path.basename(uri.fsPath) === 'inferenceconfig.json' || isOnlineDeploymentFile(uri.fsPath)) return uri.fsPath;
    return withConfig(vscode.Uri.file(path.dirname(uri.fsPath)));
  }
  const found = [
    ...(await vscode.workspace.findFiles('**/inferenceconfig.json', '**/node_modules/**', 20)),
    ...(await onlineDeploymentFiles()),
  ].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (found.length === 1) return found[0].fsPath;
  if (found.length > 1) {
    const picked = await vscode.window.showQuickPick(
      found.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
      { placeHolder: Strings.deploy.pickConfig() },
    );
    return picked?.uri.fsPath;
  }
  const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: Strings.deploy.pickFolderButton() });
  return folder?.[0] ? withConfig(folder[0]) : undefined;
}

/** The workspace's Azure ML v2 deployment files: YAML named like a deployment whose text is one. */
async function onlineDeploymentFiles(): Promise<vscode.Uri[]> {
  const ymls = await vscode.workspace.findFiles('**/*deployment*.{yml,yaml}', '**/node_modules/**', 50);
  const out: vscode.Uri[] = [];
  for (const u of ymls) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
    if (looksLikeOnlineDeployment(text)) out.push(u);
  }
  return out;
}

/** The folder's inferenceconfig.json, asking for its contents when there is none. */
async function withConfig(folder: vscode.Uri): Promise<string | undefined> {
  const config = vscode.Uri.joinPath(folder, 'inferenceconfig.json');
  if (await exists(config)) return config.fsPath;
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const py = entries.filter(([n, t]) => t === vscode.FileType.File && n.endsWith('.py')).map(([n]) => n).sort();
  // No Python file: let the deployment report "no entry script" with the folder's name.
  if (py.length === 0) return folder.fsPath;
  const entry = py.length === 1 ? py[0] : await vscode.window.showQuickPick(py, { placeHolder: Strings.deploy.pickEntryScript() });
  if (!entry) return undefined;
  const none = Strings.deploy.none();
  const ymls = entries.filter(([n, t]) => t === vscode.FileType.File && /\.ya?ml$/.test(n)).map(([n]) => n).sort();
  const env = ymls.length === 0 ? none : await vscode.window.showQuickPick([...ymls, none], { placeHolder: Strings.deploy.pickEnvironment() });
  if (env === undefined) return undefined;
  const models = entries.filter(([n, t]) => !n.startsWith('.') && (t === vscode.FileType.Directory || /\.(json|pkl|joblib|onnx|pt|h5|bin)$/.test(n)) && n !== '__pycache__').map(([n]) => n).sort();
  const model = models.length === 0 ? none : await vscode.window.showQuickPick([...models, none], { placeHolder: Strings.deploy.pickModel() });
  if (model === undefined) return undefined;
  const text = newDeployConfigText({ entryScript: entry, sourceDirectory: '.', condaFile: env === none ? undefined : env, modelPath: model === none ? undefined : model });
  await vscode.workspace.fs.writeFile(config, Buffer.from(text, 'utf8'));
  void vscode.window.showInformationMessage(Strings.deploy.configWritten(vscode.workspace.asRelativePath(config)));
  return config.fsPath;
}

