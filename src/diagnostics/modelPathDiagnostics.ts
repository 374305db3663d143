// The path doctor in the editor: on a scoring script that a v2
// deployment.yml names, each model path the script builds from
// AZUREML_MODEL_DIR is checked against the two layouts (Azure's, model.path
// under its own name; the CLI's --local, model.path's folder) before anything
// runs. A path only the CLI's layout has, or neither, gets a problem on its
// literal, pointing at the deployment's model.path; when the model holds one
// file of that name, a quick fix writes the path both layouts agree on.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { debouncedPerDocument } from './debounce';
import { modelDirReferences, modelPathFindings, rewriteModelPath, type ModelLayout, type ModelPathFinding } from '../core/deploy/modelDirPaths';
import { deploymentsOfScript, modelLayoutOf, type DeploymentOfScript } from '../platform/onlineFiles';
import { Strings } from '../platform/localize';
import { replacementAction } from './codeActions';
import { ONLINE_DIAGNOSTIC_SOURCE } from './onlineDiagnostics';
import type { Services } from '../services';

const CODES = { 'cli-only': 'model-path-cli-only', missing: 'model-path-missing' } as const;

function isPythonFile(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && /\.py$/i.test(doc.uri.fsPath);
}

/**
 * What the disk says about a script: the deployment.yml naming it and its
 * model's layout. Read once per pause in typing, not per keystroke and again
 * for the quick fixes: kept a few seconds, and dropped when a YAML file is
 * saved (it may name another model).
 */
const onDisk = new Map<string, { at: number; deployment?: DeploymentOfScript; layout?: ModelLayout }>();
const ON_DISK_MS = 5000;

export function forgetModelLayouts(): void {
  onDisk.clear();
}

function deploymentAndLayout(doc: vscode.TextDocument): { deployment?: DeploymentOfScript; layout?: ModelLayout } {
  const key = doc.uri.fsPath;
  const cached = onDisk.get(key);
  if (cached && Date.now() - cached.at < ON_DISK_MS) return cached;
  const stop = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(key);
  const [deployment] = deploymentsOfScript(key, stop);
  const entry = { at: Date.now(), deployment, layout: deployment ? modelLayoutOf(deployment.modelPath) : undefined };
  onDisk.set(key, entry);
  return entry;
}

/** The findings on a script, each with the deployment it was checked against (the first that names the script). */
export function modelPathProblems(doc: vscode.TextDocument): { finding: ModelPathFinding; deployment: DeploymentOfScript }[] {
  if (!isPythonFile(doc)) return [];
  const refs = modelDirReferences(doc.getText());
  if (!refs.length) return [];
  const { deployment, layout } = deploymentAndLayout(doc);
  if (!deployment || !layout) return [];
  return modelPathFindings(refs, layout).map((finding) => ({ finding, deployment }));
}

function diagnosticOf(doc: vscode.TextDocument, { finding, deployment }: { finding: ModelPathFinding; deployment: DeploymentOfScript }): vscode.Diagnostic {
  const base = path.basename(deployment.modelPath);
  const words = finding.kind === 'cli-only' ? Strings.online.modelPathCliOnly(finding.ref.rel, base) : Strings.online.modelPathMissing(finding.ref.rel, base);
  const message = finding.suggestion ? `${words} ${Strings.online.modelPathFoundAt(finding.suggestion)}` : words;
  const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(finding.ref.start), doc.positionAt(finding.ref.end)), message, finding.kind === 'missing' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = ONLINE_DIAGNOSTIC_SOURCE;
  d.code = CODES[finding.kind];
  const at = deployment.read.places.model;
  if (at) {
    const where = new vscode.Position(at.line - 1, at.column - 1);
    d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(deployment.file), where), Strings.online.modelPathOfDeployment(path.basename(deployment.file)))];
  }
  return d;
}

/** Writes the path both layouts have, as the script wrote the old one. */
export class ModelPathQuickFix implements vscode.CodeActionProvider {
  static get providedCodeActionKinds(): vscode.CodeActionKind[] {
    return [vscode.CodeActionKind.QuickFix];
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === ONLINE_DIAGNOSTIC_SOURCE && Object.values(CODES).includes(d.code as never));
    if (!ours.length) return [];
    const problems = modelPathProblems(doc);
    const actions: vscode.CodeAction[] = [];
    for (const d of ours) {
      const p = problems.find(({ finding }) => doc.positionAt(finding.ref.start).isEqual(d.range.start));
      if (!p?.finding.suggestion) continue;
      const { ref, suggestion } = p.finding;
      actions.push(replacementAction(Strings.online.useModelPath(suggestion), doc, { start: ref.start, end: ref.end, text: rewriteModelPath(ref, suggestion) }, d, true));
    }
    return actions;
  }
}

export function register(services: Services): void {
  const collection = vscode.languages.createDiagnosticCollection('azuremlDebug.modelPaths');
  const check = (doc: vscode.TextDocument) => {
    if (!isPythonFile(doc)) return;
    try {
      const found = modelPathProblems(doc);
      if (found.length) collection.set(doc.uri, found.map((f) => diagnosticOf(doc, f)));
      else collection.delete(doc.uri);
    } catch (err) {
      // A reader bug must not take the editor down with it: say so in the log and show nothing.
      services.log.warn(`model path check: ${(err as Error).message}`);
      collection.delete(doc.uri);
    }
  };
  // Typing re-checks once it pauses: the checks read the disk.
  const typing = debouncedPerDocument(check);
  services.context.subscriptions.push(
    collection,
    typing,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isPythonFile(e.document)) typing.later(e.document);
    }),
    // A saved deployment.yml may have moved the model: every open script is looked at again.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (isPythonFile(doc)) return check(doc);
      if (!/\.ya?ml$/i.test(doc.uri.fsPath)) return;
      forgetModelLayouts();
      vscode.workspace.textDocuments.forEach(check);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file', pattern: '**/*.py' }, new ModelPathQuickFix(), { providedCodeActionKinds: ModelPathQuickFix.providedCodeActionKinds }),
  );
  vscode.workspace.textDocuments.forEach(check);
}
