// The user's gestures the host suites share, done as VS Code does them: a
// launch.json saved and read back before F5 by name, the quick fixes the
// light bulb offers on one of our diagnostics, and a quick fix applied the
// way the editor applies it (its edit, then its command).
import * as vscode from 'vscode';
import { waitFor } from '../support/docker';

/** The diagnostics of ours (source "Azure ML: <service>") on `uri`, of `code` when given. */
export function crashDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source?.startsWith('Azure ML: ') && (!code || d.code === code));
}

/** The quick fixes the light bulb offers on `d`. */
export async function quickFixes(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  // The command needs the document loaded in the editor's model service.
  await vscode.workspace.openTextDocument(uri);
  // The command's answer does not carry the actions' diagnostics: the range picks them (ours are alone there).
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

/** Applies a picked quick fix as the editor does: its edit first, then its command (if either fails, nothing more). */
export async function applyQuickFix(action: vscode.CodeAction): Promise<boolean> {
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) return false;
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return true;
}

/** Saves `configs` as `folder`'s .vscode/launch.json and waits until VS Code has read them (F5 by name needs that). */
export async function saveLaunchJson(folder: vscode.WorkspaceFolder, configs: vscode.DebugConfiguration[]): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify({ version: '0.2.0', configurations: configs }, null, 4)}\n`));
  await waitFor('VS Code to read launch.json', () => {
    const names = (vscode.workspace.getConfiguration('launch', folder.uri).get<vscode.DebugConfiguration[]>('configurations') ?? []).map((c) => c.name);
    return configs.every((c) => names.includes(c.name)) || undefined;
  });
  return uri;
}
