// Quick fix for the conda file warnings: adds azureml-defaults (>= 1.0.45) to
// the pip list, or raises a pin that is too old. Linked to the diagnostics
// through their stable `code`; the edit is the core module's text change.
import * as vscode from 'vscode';
import { checkAzuremlDefaults, fixAzuremlDefaults } from '../core/edits/condaEnv';
import { minimalReplacement } from '../core/edits/textChange';
import { Strings } from '../platform/localize';
import { replacementAction } from './codeActions';

const fixable = new Set(['azureml-defaults-missing', 'azureml-defaults-too-old']);

/** Offers one preferred fix per azureml-defaults warning. */
export class CondaQuickFix implements vscode.CodeActionProvider {
  // A getter, not a field: loading the module touches no `vscode` value (the bundle bench loads it outside the editor).
  static get providedCodeActionKinds(): vscode.CodeActionKind[] {
    return [vscode.CodeActionKind.QuickFix];
  }

  constructor(private readonly source: string) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === this.source && fixable.has(String(d.code)));
    if (ours.length === 0) return [];
    const text = doc.getText();
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = checkAzuremlDefaults(text).find((f) => f.code === diagnostic.code);
      if (!finding) continue;
      const r = fixAzuremlDefaults(text, finding, doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
      if (!('changed' in r) || !r.changed) continue;
      const change = minimalReplacement(text, r.text);
      const title = finding.code === 'azureml-defaults-missing' ? Strings.scaffold.fixAddAzuremlDefaults() : Strings.scaffold.fixRaiseAzuremlDefaults();
      actions.push(replacementAction(title, doc, change, diagnostic, true));
    }
    return actions;
  }
}
