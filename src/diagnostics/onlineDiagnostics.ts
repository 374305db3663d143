// Problems on an Azure ML v2 deployment.yml as it is edited: YAML errors,
// unknown keys and wrong types against the managed or Kubernetes schema,
// what a local run cannot reach (a registered model or environment), and
// paths that are not there (model, code folder, scoring script, conda file),
// each on the node that names it. An unknown key has a quick fix that removes
// it, comments and all else kept byte for byte. Completion offers the keys a
// mapping may still take and the values of a fixed set; a hover says what a
// key takes (core/deploy/onlineCompletion, from the same key table).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { debouncedPerDocument } from './debounce';
import { looksLikeOnlineDeployment, readOnlineDeployment } from '../core/deploy/onlineDeployment';
import { endpointBeside, pathKind } from '../platform/onlineFiles';
import { checkOnlinePaths } from '../core/deploy/onlinePaths';
import type { OnlineProblem } from '../core/deploy/onlineProblems';
import { removeYamlKey } from '../core/edits/yamlEdits';
import { completionsAt, fieldAt } from '../core/deploy/onlineCompletion';
import { Strings } from '../platform/localize';
import { replacementAction } from './codeActions';
import type { Services } from '../services';

/** `source` of these diagnostics. */
export const ONLINE_DIAGNOSTIC_SOURCE = 'Azure ML v2';

/** A YAML file on disk: the only documents worth a look (the cheap test, before the text is read). */
function isYamlFile(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && /\.ya?ml$/i.test(doc.uri.fsPath);
}

/** True for a YAML document that is an online deployment. */
export function isOnlineDeploymentDocument(doc: vscode.TextDocument): boolean {
  return isYamlFile(doc) && looksLikeOnlineDeployment(doc.getText());
}

/** The problems of a deployment.yml's text, with its paths checked from its folder. */
export function onlineProblems(doc: vscode.TextDocument): OnlineProblem[] {
  const folder = path.dirname(doc.uri.fsPath);
  const read = readOnlineDeployment(doc.getText(), { endpoint: endpointBeside(folder)?.endpoint });
  return [...read.problems, ...checkOnlinePaths(read, folder, pathKind)];
}

const severities: Record<OnlineProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function register(services: Services): void {
  const collection = vscode.languages.createDiagnosticCollection('azuremlDebug.online');
  const check = (doc: vscode.TextDocument) => {
    if (!isOnlineDeploymentDocument(doc)) {
      collection.delete(doc.uri);
      return;
    }
    try {
      collection.set(doc.uri, onlineProblems(doc).map((p) => {
        const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(p.offset), doc.positionAt(Math.max(p.end, p.offset + 1))), p.message, severities[p.severity]);
        d.source = ONLINE_DIAGNOSTIC_SOURCE;
        d.code = p.code;
        return d;
      }));
    } catch (err) {
      // A reader bug must not take the editor down with it: say so in the log and show nothing.
      services.log.warn(`deployment.yml diagnostics: ${(err as Error).message}`);
      collection.delete(doc.uri);
    }
  };
  // Typing re-checks once it pauses: the checks read the disk.
  const typing = debouncedPerDocument(check);
  services.context.subscriptions.push(
    collection,
    typing,
    vscode.workspace.onDidOpenTextDocument(check),
    // Every document's changes arrive here (output channels too): only YAML files get a timer.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isYamlFile(e.document)) typing.later(e.document);
    }),
    vscode.workspace.onDidSaveTextDocument(check),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.{yml,yaml}' }, new OnlineQuickFix(), { providedCodeActionKinds: OnlineQuickFix.providedCodeActionKinds }),
    vscode.languages.registerCompletionItemProvider({ pattern: '**/*.{yml,yaml}' }, { provideCompletionItems: completions }, ':', ' '),
    vscode.languages.registerHoverProvider({ pattern: '**/*.{yml,yaml}' }, { provideHover: hover }),
  );
  vscode.workspace.textDocuments.forEach(check);
}

/** The schema a file is checked against: its own, or managed (as the CLI takes a file that names none). */
function schemaOf(doc: vscode.TextDocument): 'managed' | 'kubernetes' {
  return readOnlineDeployment(doc.getText()).deployment?.schema === 'kubernetes' ? 'kubernetes' : 'managed';
}

function completions(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
  if (!isOnlineDeploymentDocument(doc)) return [];
  const indent = /^\s*/.exec(doc.lineAt(position.line).text)![0];
  return completionsAt(doc.getText(), doc.offsetAt(position), schemaOf(doc)).map((c) => {
    const item = new vscode.CompletionItem(c.label, c.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
    item.detail = c.detail;
    // A mapping's key opens its block one level in, at the file's indentation.
    item.insertText = c.insert.endsWith('\n') ? `${c.insert}${indent}  ` : c.insert;
    return item;
  });
}

function hover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  if (!isOnlineDeploymentDocument(doc)) return undefined;
  const field = fieldAt(doc.getText(), doc.offsetAt(position));
  return field ? new vscode.Hover(new vscode.MarkdownString().appendCodeblock(field.path.join('.'), 'yaml').appendMarkdown(field.detail)) : undefined;
}

/** Removes an unknown key (with its value and the comment on its line). */
export class OnlineQuickFix implements vscode.CodeActionProvider {
  static get providedCodeActionKinds(): vscode.CodeActionKind[] {
    return [vscode.CodeActionKind.QuickFix];
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === ONLINE_DIAGNOSTIC_SOURCE && (d.code === 'unknown-key' || d.code === 'schema-key'));
    if (ours.length === 0) return [];
    const text = doc.getText();
    const problems = onlineProblems(doc);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const p = problems.find((x) => x.code === diagnostic.code && doc.positionAt(x.offset).isEqual(diagnostic.range.start));
      const change = p && removeYamlKey(text, p.path);
      if (!p || !change) continue;
      actions.push(replacementAction(Strings.online.removeKey(p.path.join('.')), doc, change, diagnostic, true));
    }
    return actions;
  }
}
