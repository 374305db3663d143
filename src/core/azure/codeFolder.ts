// Which folder of this machine a deployment's code in Azure maps to, so a
// crash in Azure lands on the local score.py: a deployment.yml in the
// workspace naming this endpoint and deployment wins (its code folder), then
// one naming the endpoint only, then a workspace file named like the
// deployment's scoring script (the shortest path). Azure mounts the code
// folder at /var/azureml-app/<folder name>, the app root returned. Pure: the
// glue finds the files and reads the ymls.
import * as path from 'node:path';
import { APP_ROOT } from '../model/appRoot';

/** A deployment.yml of the workspace, as core/deploy/onlineDeployment read it. */
export interface LocalDeploymentYml {
  /** Absolute path of the yml. */
  file: string;
  name?: string;
  endpointName?: string;
  /** code_configuration.code, relative to the yml's folder. */
  code?: string;
  scoringScript?: string;
}

/** What is known of the deployment in Azure. */
export interface AzureCodeRef {
  endpointName: string;
  deploymentName: string;
  /** codeConfiguration.scoringScript (relative to the code folder). */
  scoringScript?: string;
}

/** The local code folder and where Azure mounts it. */
export interface LocalCode {
  folder: string;
  appRoot: string;
  /** Why this folder: a yml naming the deployment, one naming the endpoint, or a file named like the script. */
  by: 'deployment.yml' | 'endpoint.yml' | 'script';
}

const same = (a?: string, b?: string) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

function fromYml(y: LocalDeploymentYml, by: LocalCode['by']): LocalCode {
  const folder = path.resolve(path.dirname(y.file), y.code ?? '.');
  return { folder, appRoot: `${APP_ROOT}/${path.basename(folder)}`, by };
}

/**
 * The local folder of `ref`'s code: `ymls` are the workspace's deployment
 * ymls, `scripts` the absolute paths of its files named like the scoring
 * script. Undefined when nothing matches (the diagnostics then fall back to a
 * search of the workspace by the traceback's relative path).
 */
export function localCodeFolder(ref: AzureCodeRef, ymls: readonly LocalDeploymentYml[], scripts: readonly string[]): LocalCode | undefined {
  const byPath = (a: LocalDeploymentYml, b: LocalDeploymentYml) => a.file.length - b.file.length || a.file.localeCompare(b.file);
  const exact = ymls.filter((y) => same(y.endpointName, ref.endpointName) && same(y.name, ref.deploymentName)).sort(byPath)[0];
  if (exact) return fromYml(exact, 'deployment.yml');
  const endpoint = ymls.filter((y) => same(y.endpointName, ref.endpointName)).sort(byPath)[0];
  if (endpoint) return fromYml(endpoint, 'endpoint.yml');
  const script = ref.scoringScript ? path.basename(ref.scoringScript) : undefined;
  const found = [...scripts].filter((s) => !script || path.basename(s) === script).sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
  if (!found) return undefined;
  // The script may sit below the code folder (scoring_script: src/score.py): the folder is above that path.
  const depth = ref.scoringScript ? ref.scoringScript.split(/[\\/]/).filter(Boolean).length : 1;
  let folder = path.dirname(found);
  for (let i = 1; i < depth; i++) folder = path.dirname(folder);
  return { folder, appRoot: `${APP_ROOT}/${path.basename(folder)}`, by: 'script' };
}
