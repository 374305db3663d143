// How a quick fix is made, for every diagnostic of ours: the fix of one
// diagnostic, as an edit or a command, and the common edit of all, one
// replacement of a file's text (a core module's TextReplacement, one undo step).
import * as vscode from 'vscode';
import type { TextReplacement } from '../core/edits/textChange';

/** A quick fix of `d` that applies `edit`. */
export function editAction(title: string, edit: vscode.WorkspaceEdit, d: vscode.Diagnostic, preferred = false): vscode.CodeAction {
  const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  a.edit = edit;
  a.diagnostics = [d];
  a.isPreferred = preferred;
  return a;
}

/** A quick fix of `d` that replaces one span of `doc`'s text. */
export function replacementAction(title: string, doc: vscode.TextDocument, change: TextReplacement, d: vscode.Diagnostic, preferred = false): vscode.CodeAction {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
  return editAction(title, edit, d, preferred);
}

/** A quick fix of `d` that runs `command`. */
export function commandAction(command: vscode.Command, d: vscode.Diagnostic): vscode.CodeAction {
  const a = new vscode.CodeAction(command.title, vscode.CodeActionKind.QuickFix);
  a.command = command;
  a.diagnostics = [d];
  return a;
}
