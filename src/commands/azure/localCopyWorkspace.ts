// The workspace side of "Debug this locally": where a deployment's code is
// (every file named like its scoring script, with the workspace's v2
// deployment files), the user's choice when several folders qualify, and
// writing the copy without replacing a user's file unasked, in a folder
// that keeps itself out of the user's commits.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { chooseCodeFolder, relativePath, type CodeFolder } from '../../core/azure/codeFolder';
import { LOCAL_COPIES_IGNORE, type LocalCopy } from '../../core/azure/localCopy';
import { LocalCopyStrings } from '../../platform/localCopyStrings';
import { WORKSPACE_EXCLUDE, type DeploymentFile } from '../../platform/workspaceDeployments';
import { exists } from '../textEdits';

/** The local folder of the code running `scoringScript`: found, picked by the user, or undefined (said why). */
export async function localCodeFolder(scoringScript: string | undefined, deployment: string, endpoint: string | undefined, files: DeploymentFile[]): Promise<CodeFolder | undefined> {
  const base = scoringScript ? path.posix.basename(scoringScript.replace(/\\/g, '/')) : '';
  // A glob's own characters in the name are matched literally.
  const glob = base ? `**/${base.replace(/[[\]{}*?!]/g, (c) => `[${c}]`)}` : undefined;
  const scripts = glob ? (await vscode.workspace.findFiles(glob, WORKSPACE_EXCLUDE, 200)).map((u) => u.fsPath) : [];
  const choice = chooseCodeFolder({ scoringScript, endpoint, deployment, scripts, deploymentFiles: files });
  if (choice.kind === 'found') return choice.code;
  if (choice.kind === 'none') {
    void vscode.window.showErrorMessage(choice.message);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    choice.candidates.map((c) => ({
      label: vscode.workspace.asRelativePath(c.folder),
      description: c.deploymentFile ? LocalCopyStrings.deploymentFileNamed(vscode.workspace.asRelativePath(c.deploymentFile)) : undefined,
      code: c,
    })),
    { placeHolder: LocalCopyStrings.pickCodeFolder(scoringScript ?? '') },
  );
  return picked?.code;
}

/** The model of the deployment file that named `code`, relative to `copyFolder`. */
export function modelFrom(code: CodeFolder, files: DeploymentFile[], copyFolder: string): string | undefined {
  const named = files.find((f) => code.deploymentFile && path.resolve(f.file) === path.resolve(code.deploymentFile));
  return named?.modelPath ? relativePath(copyFolder, named.modelPath) : undefined;
}

/**
 * Writes `copy` into `folder`; when files of the same names are there, asks
 * first (modal) and writes nothing unless the user says Replace. False when
 * nothing was written.
 */
export async function writeCopy(folder: vscode.Uri, copy: LocalCopy): Promise<boolean> {
  const present: string[] = [];
  for (const f of copy.files) if (await exists(vscode.Uri.joinPath(folder, f.name))) present.push(f.name);
  if (present.length) {
    const answer = await vscode.window.showWarningMessage(
      LocalCopyStrings.replaceCopy(vscode.workspace.asRelativePath(folder), present.join(', ')),
      { modal: true },
      LocalCopyStrings.replace(),
    );
    if (answer !== LocalCopyStrings.replace()) return false;
  }
  try {
    await vscode.workspace.fs.createDirectory(folder);
    for (const d of copy.folders) await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder, d));
    for (const f of copy.files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, f.name), Buffer.from(f.text, 'utf8'));
    return true;
  } catch (err) {
    void vscode.window.showErrorMessage(LocalCopyStrings.writeFailed(vscode.workspace.asRelativePath(folder), (err as Error).message));
    return false;
  }
}

/**
 * Writes the copies folder's own `.gitignore` when it has none, so that code
 * and settings downloaded from Azure are not committed by mistake. A user's
 * own file there is left as it is; a failure to write it stops nothing.
 */
export async function ignoreCopies(copies: vscode.Uri): Promise<void> {
  const file = vscode.Uri.joinPath(copies, LOCAL_COPIES_IGNORE.name);
  if (await exists(file)) return;
  await vscode.workspace.fs.writeFile(file, Buffer.from(LOCAL_COPIES_IGNORE.text, 'utf8')).then(undefined, () => undefined);
}
