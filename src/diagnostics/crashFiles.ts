// Finds the user's files a crash cause is placed on: the script a container
// path names (in the record's bind-mounted app folder, else by relative path
// in the workspace), the conda file, and where a deployment setting is set
// (a v2 deployment's deployment.yml, else a deploy script's SDK keyword,
// else deploymentconfig.json).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { locateJsonSetting, locateSdkKeyword, locateYamlSetting, onlineSettingPaths, setJsonSetting, setSdkKeyword, setYamlSetting, type DeploymentSetting, type SettingLocation } from '../core/crash/configLocations';
import { DeployLabels } from '../core/deploy/deployPlan';
import { minimalReplacement } from '../core/edits/textChange';
import type { ServiceRecord } from '../core/model/serviceRecord';
import { filesNamedByInferenceConfigs } from '../commands/deploymentFiles';
import { exists } from '../commands/textEdits';
import { pathInCodeFolder } from '../core/crash/crashPlacement';
import { scoringScriptOf } from '../core/model/cliLabels';

const exclude = '{**/node_modules/**,**/.git/**,**/.venv/**,**/site-packages/**,**/out/**,**/dist/**}';

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Files matching `glob`, the ones inside `preferFolder` first, then the shortest paths. */
async function ranked(glob: string, preferFolder?: string, max = 20): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(glob, exclude, max);
  const inside = (u: vscode.Uri) => (preferFolder && (u.fsPath === preferFolder || u.fsPath.startsWith(preferFolder + path.sep)) ? 0 : 1);
  return found.sort((a, b) => inside(a) - inside(b) || a.fsPath.length - b.fsPath.length || a.fsPath.localeCompare(b.fsPath));
}

/** The workspace file of a path relative to the app folder. */
export async function scriptFile(record: ServiceRecord | undefined, relPath: string): Promise<vscode.Uri | undefined> {
  if (record?.appSource) {
    // Relative to /var/azureml-app; a v2 container mounts the code folder one level down (appRoot).
    const rel = pathInCodeFolder(relPath, record.appRoot) ?? relPath;
    const uri = vscode.Uri.file(path.join(record.appSource, ...rel.split('/')));
    if (await exists(uri)) return uri;
  }
  const glob = `**/${relPath.replace(/[[\]{}*?]/g, '?')}`;
  return (await ranked(glob, record?.appSource))[0];
}

/** The conda file: named by an inferenceconfig.json, else a conventional name. */
export async function condaFile(record: ServiceRecord | undefined): Promise<vscode.Uri | undefined> {
  const named = await filesNamedByInferenceConfigs('condaFile');
  const pref = record?.appSource;
  const inApp = named.find((u) => pref && u.fsPath.startsWith(pref + path.sep));
  if (inApp ?? named[0]) return inApp ?? named[0];
  return (await ranked('**/{myenv,environment,conda_env,conda}.{yml,yaml}', pref))[0];
}

/** Where a setting is written. */
export interface SettingSite {
  uri: vscode.Uri;
  kind: 'json' | 'sdk' | 'yaml';
  setting: DeploymentSetting;
  /** Undefined when the key is absent (the quick fix adds it). */
  location?: SettingLocation;
}

/**
 * Where the first of `settings` is set: a Python deploy script's keyword
 * (`memory_gb=`), else deploymentconfig.json's key; when no file sets any of
 * them, deploymentconfig.json itself (with no location).
 */
export async function settingSite(record: ServiceRecord | undefined, settings: DeploymentSetting[]): Promise<SettingSite | undefined> {
  // A v2 deployment's settings are in the deployment.yml it was deployed from.
  const yml = record?.labels[DeployLabels.config];
  const online = settings.filter((s) => onlineSettingPaths[s]);
  if (yml && /\.ya?ml$/i.test(yml) && online.length) {
    const uri = vscode.Uri.file(yml);
    if (await exists(uri)) {
      const text = await readText(uri);
      for (const setting of online) {
        const location = locateYamlSetting(text, setting);
        if (location) return { uri, kind: 'yaml', setting, location };
      }
      return { uri, kind: 'yaml', setting: online[0] };
    }
  }
  const scripts = await ranked('**/*.py', record?.appSource, 200);
  for (const uri of scripts) {
    const text = await readText(uri);
    if (!text.includes('deploy_configuration')) continue;
    for (const setting of settings) {
      const found = locateSdkKeyword(text, setting);
      if (found.length) return { uri, kind: 'sdk', setting, location: found[found.length - 1] };
    }
  }
  const configs = await ranked('**/deploymentconfig.json', record?.appSource);
  for (const uri of configs) {
    const text = await readText(uri);
    for (const setting of settings) {
      const location = locateJsonSetting(text, setting);
      if (location) return { uri, kind: 'json', setting, location };
    }
  }
  return configs[0] && settings[0] ? { uri: configs[0], kind: 'json', setting: settings[0] } : undefined;
}

/** The entry script, for causes that point at no line (crash loop, image pull). */
export async function entryScript(record: ServiceRecord | undefined): Promise<vscode.Uri | undefined> {
  // A v2 deployment names its script, which can sit in a subfolder of the code folder.
  const named = record?.appSource ? scoringScriptOf(record.labels) : undefined;
  const uri = named && vscode.Uri.file(path.join(record!.appSource!, ...named.split('/')));
  if (uri && (await exists(uri))) return uri;
  return (await scriptFile(record, 'score.py')) ?? (await filesNamedByInferenceConfigs('entryScript'))[0];
}

/** The edit that sets a setting where `site` says it is written; undefined when it cannot be written. */
export async function settingEdit(site: SettingSite, setting: DeploymentSetting, value: number, edit = new vscode.WorkspaceEdit()): Promise<vscode.WorkspaceEdit | undefined> {
  const doc = await vscode.workspace.openTextDocument(site.uri);
  const text = doc.getText();
  let change;
  if (site.kind === 'yaml') change = setYamlSetting(text, setting, value);
  else {
    const next = site.kind === 'json' ? setJsonSetting(text, setting, value).text : setSdkKeyword(text, setting, value)?.text;
    change = next === undefined || next === text ? undefined : minimalReplacement(text, next);
  }
  if (!change) return undefined;
  edit.replace(site.uri, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
  return edit;
}

export { readText };
