// "Add Attach Configuration to launch.json": writes the attach configuration
// into the chosen launch.json (or .code-workspace "launch") as a text edit
// that keeps comments and formatting, creating the file when missing.
import * as vscode from 'vscode';
import { addAttachConfigurationAt, isLaunchEditError, type LaunchEdit } from '../../core/edits/launchJson';
import { attachConfigurationOf, scopedLocalRoot, type AttachConfiguration, type AttachKind } from '../../core/edits/attachConfig';
import { Strings } from '../../platform/localize';
import type { Settings } from '../../platform/settings';
import { applyTextChange, exists, formatFor, inform, showPositionedError } from '../textEdits';
import { pythonDebuggerInstalled } from '../../platform/pythonDebugger';
import { pickLaunchTarget, type LaunchTarget } from './launchTarget';

/** Optional arguments, so tests and other commands can skip the pickers. */
export interface AddConfigurationArgs {
  target?: vscode.Uri;
  kinds?: AttachKind[];
}

/** What the command did, per configuration name; undefined when cancelled or refused. */
export type AddConfigurationResult = { uri: vscode.Uri; outcomes: Record<string, LaunchEdit['outcome']> } | undefined;

async function pickKinds(): Promise<AttachKind[] | undefined> {
  if (!pythonDebuggerInstalled()) return ['azureml'];
  const items: (vscode.QuickPickItem & { attachKind: AttachKind })[] = [
    { label: Strings.scaffold.azuremlType(), attachKind: 'azureml', picked: true },
    { label: Strings.scaffold.debugpyType(), attachKind: 'debugpy', picked: true },
  ];
  const picks = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: Strings.scaffold.pickTypes() });
  return picks && picks.length > 0 ? picks.map((p) => p.attachKind) : undefined;
}

/** Runs the whole command; exported for the command registration and tests. */
export async function addConfiguration(settings: Settings, args: AddConfigurationArgs = {}): Promise<AddConfigurationResult> {
  const target = await pickLaunchTarget(args.target instanceof vscode.Uri ? args.target : undefined);
  if (!target) {
    if ((vscode.workspace.workspaceFolders ?? []).length === 0) void vscode.window.showErrorMessage(Strings.scaffold.noFolder());
    return undefined;
  }
  const kinds = args.kinds ?? (await pickKinds());
  if (!kinds) return undefined;
  // In a .code-workspace file the configuration belongs to no folder: it names one.
  const localRoot = target.folder ? undefined : await workspaceLocalRoot();
  const configs = kinds.map((k) => attachConfigurationOf(k, settings.debugPort, localRoot));
  return (await exists(target.uri)) ? editExisting(target, configs) : createNew(target, configs);
}

async function workspaceLocalRoot(): Promise<string | undefined> {
  const folders = await Promise.all((vscode.workspace.workspaceFolders ?? []).map(async (f) => ({
    name: f.name,
    hasEntryScript: await exists(vscode.Uri.joinPath(f.uri, 'score.py')),
  })));
  return scopedLocalRoot(folders);
}

async function editExisting(target: LaunchTarget, configs: AttachConfiguration[]): Promise<AddConfigurationResult> {
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const wasDirty = doc.isDirty;
  const format = formatFor(doc);
  let text = doc.getText();
  const outcomes: Record<string, LaunchEdit['outcome']> = {};
  for (const config of configs) {
    const r = addAttachConfigurationAt(text, target.path, config, format);
    if (isLaunchEditError(r)) {
      showPositionedError(target.uri, r.error, r.line, r.column);
      return undefined;
    }
    text = r.text;
    outcomes[config.name] = r.outcome;
  }
  if (!(await applyTextChange(doc, text))) {
    void vscode.window.showErrorMessage(Strings.scaffold.editRefused(vscode.workspace.asRelativePath(target.uri)));
    return undefined;
  }
  // VS Code reads launch configurations from disk: save, unless the user had unsaved work of their own in it.
  if (!wasDirty && doc.isDirty) await doc.save();
  await reveal(doc, configs[0].name);
  report(target.uri, outcomes);
  return { uri: target.uri, outcomes };
}

async function createNew(target: LaunchTarget, configs: AttachConfiguration[]): Promise<AddConfigurationResult> {
  const editor = vscode.workspace.getConfiguration('editor', target.uri);
  // A new file follows "files.eol"; "auto" means the platform's ending, as VS Code does.
  const filesEol = vscode.workspace.getConfiguration('files', target.uri).get<string>('eol', 'auto');
  const eol = filesEol === '\n' || filesEol === '\r\n' ? filesEol : process.platform === 'win32' ? '\r\n' : '\n';
  const format = { insertSpaces: editor.get<boolean>('insertSpaces', true), tabSize: editor.get<number>('tabSize', 4), eol };
  let text = '';
  const outcomes: Record<string, LaunchEdit['outcome']> = {};
  for (const config of configs) {
    const r = addAttachConfigurationAt(text, target.path, config, format);
    if (isLaunchEditError(r)) return undefined; // cannot happen on text we wrote ourselves
    text = r.text;
    outcomes[config.name] = 'added';
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target.uri, '..'));
  // Created with its contents through the workbench's file operations: writing
  // the disk with workspace.fs left an open model behind the disk (a later save
  // met a "file is newer" conflict), and create-empty + insert + save raced.
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target.uri, { ignoreIfExists: true, contents: new TextEncoder().encode(text) });
  const doc = (await vscode.workspace.applyEdit(edit)) ? await vscode.workspace.openTextDocument(target.uri) : undefined;
  if (!doc || doc.getText() !== text) {
    void vscode.window.showErrorMessage(Strings.scaffold.editRefused(vscode.workspace.asRelativePath(target.uri)));
    return undefined;
  }
  await reveal(doc, configs[0].name);
  report(target.uri, outcomes);
  return { uri: target.uri, outcomes };
}

async function reveal(doc: vscode.TextDocument, name: string): Promise<void> {
  const at = doc.getText().indexOf(JSON.stringify(name));
  const pos = doc.positionAt(Math.max(0, at));
  await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(pos, pos) });
}

function report(uri: vscode.Uri, outcomes: Record<string, LaunchEdit['outcome']>): void {
  const file = vscode.workspace.asRelativePath(uri);
  const lines = Object.entries(outcomes).map(([name, outcome]) =>
    outcome === 'added' ? Strings.scaffold.launchAdded(name, file)
      : outcome === 'updated' ? Strings.scaffold.launchUpdated(name, file)
        : Strings.scaffold.launchUnchanged(name, file));
  inform(lines.join(' '));
}
