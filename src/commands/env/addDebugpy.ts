// "Add debugpy to the Conda Environment": adds debugpy to the pip list of the
// deployment's conda file (the one inferenceconfig.json names, or myenv.yml)
// as a text edit, or says why the file was left alone.
import * as vscode from 'vscode';
import { addDebugpy as addDebugpyToText } from '../../core/edits/condaEnv';
import { Strings } from '../../platform/localize';
import { pickDeploymentFile } from '../deploymentFiles';
import { applyCoreEdit, inform } from '../textEdits';

/** What happened, for the command's caller; undefined when no file was chosen or the edit was refused. */
export type AddDebugpyResult = { uri: vscode.Uri; changed: boolean; reason?: string } | undefined;

/** True for documents that look like YAML. */
export function isYaml(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'yaml' || /\.ya?ml$/i.test(doc.uri.path);
}

/** Runs the command on `given` or on the file found for the deployment. */
export async function addDebugpy(given?: vscode.Uri): Promise<AddDebugpyResult> {
  const uri = await pickDeploymentFile({
    given, kind: 'condaFile', matches: isYaml, fallbackGlob: '**/myenv.{yml,yaml}', placeHolder: Strings.scaffold.pickCondaFile(),
  });
  if (!uri) {
    void vscode.window.showErrorMessage(Strings.scaffold.noCondaFile());
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const r = addDebugpyToText(doc.getText(), doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  const result = await applyCoreEdit(doc, r);
  if (!result?.changed) return result;
  await vscode.window.showTextDocument(doc, { preview: false });
  inform(Strings.scaffold.debugpyAdded(vscode.workspace.asRelativePath(uri)));
  return result;
}
