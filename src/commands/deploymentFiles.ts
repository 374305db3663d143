// Finds the files of a deployment that the scaffolding commands edit: the
// conda file and the entry script named by an inferenceconfig.json, or the
// seeds' conventional names (myenv.yml, score.py), asking when several match.
import * as vscode from 'vscode';
import { inferenceConfigFiles } from '../core/deploy/inferenceConfigFiles';
import { exists } from './textEdits';

const exclude = '{**/node_modules/**,**/.git/**,**/.venv/**,**/site-packages/**}';

/** Every existing file that an inferenceconfig.json in the workspace names as its `kind`. */
export async function filesNamedByInferenceConfigs(kind: 'condaFile' | 'entryScript'): Promise<vscode.Uri[]> {
  const configs = await vscode.workspace.findFiles('**/inferenceconfig.json', exclude, 50);
  const found: vscode.Uri[] = [];
  for (const config of configs) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(config));
    const folder = vscode.Uri.joinPath(config, '..');
    for (const rel of inferenceConfigFiles(text)[kind]) {
      const uri = rel.startsWith('/') ? vscode.Uri.file(rel) : vscode.Uri.joinPath(folder, rel);
      if (await exists(uri)) {
        found.push(uri);
        break;
      }
    }
  }
  return found;
}

/**
 * The file to edit: the one given, the active editor's when it matches
 * `matches`, the ones inferenceconfig.json files name, else `fallbackGlob`;
 * a quick pick when several remain.
 */
export async function pickDeploymentFile(options: {
  given?: vscode.Uri;
  kind: 'condaFile' | 'entryScript';
  matches: (doc: vscode.TextDocument) => boolean;
  fallbackGlob: string;
  placeHolder: string;
}): Promise<vscode.Uri | undefined> {
  if (options.given) return options.given;
  const active = vscode.window.activeTextEditor?.document;
  if (active && !active.isUntitled && options.matches(active)) return active.uri;
  let candidates = await filesNamedByInferenceConfigs(options.kind);
  if (candidates.length === 0) candidates = await vscode.workspace.findFiles(options.fallbackGlob, exclude, 50);
  const unique = [...new Map(candidates.map((u) => [u.toString(), u])).values()];
  if (unique.length <= 1) return unique[0];
  const pick = await vscode.window.showQuickPick(
    unique.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: options.placeHolder },
  );
  return pick?.uri;
}
