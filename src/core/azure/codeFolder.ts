// Where a deployment's code is on this machine. In Azure the code folder is a
// snapshot in the workspace's storage; "Debug this locally" runs the user's
// own copy instead, and a crash read from Azure's log is placed on it, so a
// breakpoint and a diagnostic land on the file the user edits.
// From the workspace's files holding the scoring script and its deployment
// files, the folder to use: the one a deployment.yml naming this endpoint and
// deployment points at, else the only one there is, else the user chooses
// (chooseCodeFolder). Crash analysis cannot ask, so it takes a yml naming the
// endpoint, then the shortest candidate (localCodeFolder). One decision, two
// callers. Pure: paths in (absolute, `/` or `\` separated), a choice out.
import * as path from 'node:path';
import { l10n } from '../l10n';
import { APP_ROOT } from '../model/appRoot';

/** A deployment.yml of the workspace, as read: what it names. */
export interface DeploymentFileFacts {
  file: string;
  endpointName?: string;
  name?: string;
  /** code_configuration.code, relative to the file's folder. */
  code?: string;
}

/** A folder holding the script, and the deployment.yml that named it (when one did). */
export interface CodeFolder {
  folder: string;
  deploymentFile?: string;
}

export type CodeFolderChoice =
  | { kind: 'found'; code: CodeFolder }
  | { kind: 'ask'; candidates: CodeFolder[] }
  | { kind: 'none'; message: string };

/** The script's path inside the code folder, `/` separated; undefined when it would leave the folder. */
export function scriptInFolder(scoringScript: string): string | undefined {
  const rel = path.posix.normalize(scoringScript.trim().replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
  if (!rel || rel === '.' || rel.startsWith('../') || rel === '..' || rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.includes('\0')) return undefined;
  return rel;
}

const norm = (p: string) => path.resolve(p.replace(/\\/g, '/'));
const same = (a?: string, b?: string) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * The local code folder of deployment `deployment` of `endpoint`, whose
 * scoring script is `scoringScript`, from `scripts` (every workspace file
 * whose name is the script's) and `deploymentFiles`.
 */
export function chooseCodeFolder(input: {
  scoringScript: string | undefined;
  endpoint?: string;
  deployment: string;
  scripts: readonly string[];
  deploymentFiles?: readonly DeploymentFileFacts[];
}): CodeFolderChoice {
  const rel = input.scoringScript ? scriptInFolder(input.scoringScript) : undefined;
  if (!input.scoringScript) return { kind: 'none', message: l10n.t('The deployment names no scoring script, so there is no code to run locally.') };
  if (!rel) return { kind: 'none', message: l10n.t('The scoring script "{0}" is not a path inside a code folder.', input.scoringScript) };
  const suffix = `/${rel}`;
  const folders = new Map<string, CodeFolder>();
  for (const s of input.scripts) {
    const file = norm(s).split(path.sep).join('/');
    if (!file.endsWith(suffix)) continue;
    const folder = path.resolve(file.slice(0, -suffix.length) || '/');
    if (!folders.has(folder)) folders.set(folder, { folder });
  }
  // The deployment.yml the user deployed from names the folder: that one, whatever else matches.
  const named = new Map<string, CodeFolder>();
  for (const f of input.deploymentFiles ?? []) {
    if (!same(f.name, input.deployment) || !f.code || (input.endpoint && !same(f.endpointName, input.endpoint))) continue;
    const folder = path.resolve(path.dirname(norm(f.file)), f.code);
    if (folders.has(folder) && !named.has(folder)) named.set(folder, { folder, deploymentFile: norm(f.file) });
  }
  const pick = named.size ? [...named.values()] : [...folders.values()];
  pick.sort((a, b) => a.folder.localeCompare(b.folder));
  if (pick.length === 1) return { kind: 'found', code: pick[0] };
  if (pick.length > 1) return { kind: 'ask', candidates: pick };
  return {
    kind: 'none',
    message: l10n.t('No folder of the workspace holds {0}, the scoring script of {1}. Its code is stored in Azure only: open the folder you deployed it from (or download the code) and run this again.', rel, input.deployment),
  };
}

/** `target` relative to `from`, `/` separated, as a deployment file writes it ("." for the same folder). */
export function relativePath(from: string, target: string): string {
  const rel = path.relative(path.resolve(from), path.resolve(target)).split(path.sep).join('/');
  return rel || '.';
}

/** What is known of the deployment in Azure, for placing its crash. */
export interface AzureCodeRef {
  endpointName: string;
  deploymentName: string;
  /** codeConfiguration.scoringScript (relative to the code folder). */
  scoringScript?: string;
}

/** The local code folder of a deployment in Azure, and where Azure mounts it. */
export interface LocalCode {
  folder: string;
  appRoot: string;
  /** Why this folder: a yml naming the deployment, one naming its endpoint only, or a file named like the script. */
  by: 'deployment.yml' | 'endpoint.yml' | 'script';
}

const mounted = (folder: string, by: LocalCode['by']): LocalCode => ({ folder, appRoot: `${APP_ROOT}/${path.basename(folder)}`, by });

/**
 * chooseCodeFolder without asking, for placing a crash read from Azure's
 * log: when it would ask, or finds no folder holding the script, a yml
 * naming the endpoint (another deployment of it, e.g. blue beside green)
 * decides, else the shortest candidate. Undefined when the workspace holds
 * no such code (the diagnostics then search by the traceback's path).
 */
export function localCodeFolder(ref: AzureCodeRef, ymls: readonly DeploymentFileFacts[], scripts: readonly string[]): LocalCode | undefined {
  const choice = chooseCodeFolder({ scoringScript: ref.scoringScript ?? 'score.py', endpoint: ref.endpointName, deployment: ref.deploymentName, scripts, deploymentFiles: ymls });
  if (choice.kind === 'found') return mounted(choice.code.folder, choice.code.deploymentFile ? 'deployment.yml' : 'script');
  const byPath = (a: string, b: string) => a.length - b.length || a.localeCompare(b);
  const yml = ymls.filter((y) => same(y.endpointName, ref.endpointName) && !same(y.name, ref.deploymentName)).sort((a, b) => byPath(a.file, b.file))[0];
  if (yml) return mounted(path.resolve(path.dirname(norm(yml.file)), yml.code ?? '.'), 'endpoint.yml');
  if (choice.kind === 'ask') return mounted(choice.candidates.map((c) => c.folder).sort(byPath)[0], 'script');
  return undefined;
}
