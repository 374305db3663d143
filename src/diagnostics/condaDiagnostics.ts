// Warns on a deployment's conda file when azureml-defaults is missing or
// pinned too old (the seeds: a custom environment must list it, >= 1.0.45, to
// host a web service). Checks open documents that an inferenceconfig.json
// names, and files called myenv.yml as in the seeds; offers the quick fix.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { checkAzuremlDefaults } from '../core/edits/condaEnv';
import { filesNamedByInferenceConfigs } from '../commands/deploymentFiles';
import { isYaml } from '../commands/env/addDebugpy';
import type { Services } from '../services';
import { CondaQuickFix } from './condaQuickFix';

/** `source` of the diagnostics, so tests and code actions can find them. */
export const CONDA_DIAGNOSTIC_SOURCE = 'Azure ML';

export function register(services: Services): void {
  const collection = vscode.languages.createDiagnosticCollection('azuremlDebug.conda');
  let named = new Set<string>();

  const isDeploymentConda = (doc: vscode.TextDocument) =>
    isYaml(doc) && (named.has(doc.uri.toString()) || /^myenv\.ya?ml$/i.test(path.posix.basename(doc.uri.path)));

  const check = (doc: vscode.TextDocument) => {
    if (!isDeploymentConda(doc)) {
      collection.delete(doc.uri);
      return;
    }
    collection.set(doc.uri, checkAzuremlDefaults(doc.getText()).map((f) => {
      const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(f.offset), doc.positionAt(f.offset + f.length)), f.message, vscode.DiagnosticSeverity.Warning);
      d.source = CONDA_DIAGNOSTIC_SOURCE;
      d.code = f.code;
      return d;
    }));
  };

  const refresh = async () => {
    try {
      named = new Set((await filesNamedByInferenceConfigs('condaFile')).map((u) => u.toString()));
    } catch (e) {
      services.log.warn(`conda diagnostics: could not read inferenceconfig.json files: ${String(e)}`);
    }
    vscode.workspace.textDocuments.forEach(check);
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/inferenceconfig.json');
  services.context.subscriptions.push(
    collection,
    watcher,
    watcher.onDidChange(() => void refresh()),
    watcher.onDidCreate(() => void refresh()),
    watcher.onDidDelete(() => void refresh()),
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    vscode.languages.registerCodeActionsProvider({ pattern: '**/*.{yml,yaml}' }, new CondaQuickFix(CONDA_DIAGNOSTIC_SOURCE), {
      providedCodeActionKinds: CondaQuickFix.providedCodeActionKinds,
    }),
  );
  vscode.workspace.textDocuments.forEach(check);
  void refresh();
}
