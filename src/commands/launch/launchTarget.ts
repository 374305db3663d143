// Which file an attach configuration goes into: a workspace folder's
// .vscode/launch.json, or the "launch" section of the .code-workspace file in
// a multi-root workspace; asks when there is more than one.
import * as vscode from 'vscode';
import type { JSONPath } from 'jsonc-parser';
import { Strings } from '../../platform/localize';

/** A file and the JSON path of the object holding `configurations` in it. */
export interface LaunchTarget {
  uri: vscode.Uri;
  path: JSONPath;
  /** The folder whose `${workspaceFolder}` the configuration refers to, if any. */
  folder?: vscode.WorkspaceFolder;
}

/** The launch.json of a workspace folder. */
export function folderTarget(folder: vscode.WorkspaceFolder): LaunchTarget {
  return { uri: vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json'), path: [], folder };
}

/**
 * Resolves `given` (a folder, a file in it, or the .code-workspace file) or
 * asks the user; undefined when there is no folder or the user cancels.
 */
export async function pickLaunchTarget(given?: vscode.Uri): Promise<LaunchTarget | undefined> {
  const workspaceFile = vscode.workspace.workspaceFile?.scheme === 'file' ? vscode.workspace.workspaceFile : undefined;
  if (given) {
    if (workspaceFile && given.toString() === workspaceFile.toString()) return { uri: workspaceFile, path: ['launch'] };
    const folder = vscode.workspace.getWorkspaceFolder(given);
    if (folder) return folderTarget(folder);
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return undefined;
  if (folders.length === 1 && !workspaceFile) return folderTarget(folders[0]);
  const items: (vscode.QuickPickItem & { target: LaunchTarget })[] = folders.map((f) => ({
    label: f.name,
    description: vscode.workspace.asRelativePath(vscode.Uri.joinPath(f.uri, '.vscode', 'launch.json'), true),
    target: folderTarget(f),
  }));
  if (workspaceFile) {
    items.push({ label: Strings.scaffold.workspaceTarget(), description: workspaceFile.fsPath, target: { uri: workspaceFile, path: ['launch'] } });
  }
  const pick = await vscode.window.showQuickPick(items, { placeHolder: Strings.scaffold.pickTarget() });
  return pick?.target;
}
