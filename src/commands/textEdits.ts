// Glue shared by the scaffolding commands (launch.json, conda, score.py):
// applies a core module's new text to a document as one minimal WorkspaceEdit
// (undo works, the document may stay unsaved) and shows core errors with their
// position and a button that opens the file there.
import * as vscode from 'vscode';
import { minimalReplacement } from '../core/edits/textChange';
import { detectFormat, type TextFormat } from '../core/edits/textFormat';
import { Strings } from '../platform/localize';

/** Replaces the document's text with `next` through the smallest edit; false if VS Code refused it. */
export async function applyTextChange(doc: vscode.TextDocument, next: string): Promise<boolean> {
  const before = doc.getText();
  if (before === next) return true;
  const r = minimalReplacement(before, next);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.text);
  return vscode.workspace.applyEdit(edit);
}

/**
 * The layout for text inserted into `doc`: the file's own indentation and
 * line ending first, the editor's settings for what the file cannot tell.
 */
export function formatFor(doc: vscode.TextDocument): TextFormat {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const config = vscode.workspace.getConfiguration('editor', doc);
  const insertSpaces = typeof editor?.options.insertSpaces === 'boolean' ? editor.options.insertSpaces : config.get<boolean>('insertSpaces', true);
  const tabSize = typeof editor?.options.tabSize === 'number' ? editor.options.tabSize : config.get<number>('tabSize', 4);
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  return detectFormat(doc.getText(), { insertSpaces, tabSize, eol });
}

/** Shows why a file was not changed, with a button that opens it at the 1-based position. Does not wait for the user. */
export function showPositionedError(uri: vscode.Uri, why: string, line: number, column: number): void {
  const label = vscode.workspace.asRelativePath(uri);
  void vscode.window.showErrorMessage(Strings.scaffold.notChanged(label, why, line, column), Strings.scaffold.openAtError()).then(async (pick) => {
    if (!pick) return;
    const at = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, at), preview: false });
  });
}

/** Shows an information message without waiting for it to be dismissed. */
export function inform(message: string): void {
  void vscode.window.showInformationMessage(message);
}

/** True if a file or folder exists at `uri`. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A core edit's answer: the new text, why nothing changed, or where the file is broken. */
export type CoreEditResult =
  | { text: string; changed: true }
  | { text: string; changed: false; reason: string }
  | { error: string; line: number; column: number };

/**
 * Applies a core edit's answer to `doc` the way every scaffolding command
 * does: a syntax error shown at its line and column, "unchanged" said with
 * its reason, otherwise the new text applied as one minimal edit. Returns
 * whether the document changed, or undefined when nothing could be done.
 */
export async function applyCoreEdit(doc: vscode.TextDocument, r: CoreEditResult): Promise<{ uri: vscode.Uri; changed: boolean; reason?: string } | undefined> {
  const file = vscode.workspace.asRelativePath(doc.uri);
  if ('error' in r) {
    showPositionedError(doc.uri, r.error, r.line, r.column);
    return undefined;
  }
  if (!r.changed) {
    inform(Strings.scaffold.unchanged(file, r.reason));
    return { uri: doc.uri, changed: false, reason: r.reason };
  }
  if (!(await applyTextChange(doc, r.text))) {
    void vscode.window.showErrorMessage(Strings.scaffold.editRefused(file));
    return undefined;
  }
  return { uri: doc.uri, changed: true };
}
