// The container `az ml online-deployment create --local` makes from a
// deployment.yml, as its source lays it out (azure-sdk-for-python,
// azure/ai/ml/_local_endpoints and operations/_local_deployment_helper.py):
// image `<endpoint>:<deployment>`, container `<endpoint>.<deployment>`, the
// CLI's labels (so `az ml online-endpoint list --local` sees ours and our tree
// sees theirs), the parent of model.path mounted at
// /var/azureml-app/azureml-models/<name>/<version> (or, to behave like Azure,
// model.path itself under its own name there), the code folder at
// /var/azureml-app/<its name>/, and AML_APP_ROOT / AZUREML_ENTRY_SCRIPT set
// from the scoring script. Pure: resolved paths in, a layout out.
import { APP_ROOT, scriptRoot } from '../model/appRoot';
import { SCORING_PORT } from './deployPlan';
import { CliLabels } from '../model/cliLabels';

export { CliLabels, localEndpointOf } from '../model/cliLabels';

/** What the layout is made from; paths are absolute on the host. */
export interface LocalEndpointInput {
  endpoint: string;
  deployment: string;
  /** The model file or folder (model.path resolved against the yml's folder). */
  modelPath: string;
  /** model.name / model.version, when the yml names them (an anonymous local model has neither). */
  modelName?: string;
  modelVersion?: string;
  /** code_configuration.code resolved, when the deployment has scoring code. */
  codeFolder?: string;
  /** code_configuration.scoring_script, relative to the code folder, `/` separators. */
  scoringScript?: string;
  /** environment_variables, as the container gets them. */
  environmentVariables: Record<string, string>;
  /** The entities as the CLI stores them in its labels. */
  endpointData: unknown;
  deploymentData: unknown;
  /**
   * How AZUREML_MODEL_DIR is filled: `cli` mounts model.path's parent (what
   * `--local` does, so whatever sits beside the model shows too); `azure`
   * mounts model.path under its own name and nothing else (what Azure
   * uploads). Default `cli`.
   */
  modelMount?: 'cli' | 'azure';
}

/** The container of a local deployment. */
export interface LocalEndpointLayout {
  image: string;
  container: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  /** `host:container` bind mounts. */
  binds: string[];
  /** Where the server runs the scoring script from (AML_APP_ROOT): the code folder's mount, or its subfolder holding the script. */
  appRoot: string;
  /** AZUREML_MODEL_DIR in the container. */
  modelDir: string;
}

/** The parent folder of a path, `/` or `\` separated as given. */
function parentOf(p: string): string {
  const trimmed = p.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut <= 0 ? trimmed.slice(0, cut + 1) || '/' : trimmed.slice(0, cut);
}

function baseName(p: string): string {
  const trimmed = p.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/**
 * The CLI's layout. One difference, on purpose: the CLI joins
 * `/var/azureml-app/azureml-models/` and `/<name>/<version>` into a path with
 * a double slash; this one is normalised (the same folder to the server).
 */
export function localEndpointLayout(input: LocalEndpointInput): LocalEndpointLayout {
  const modelsRoot = `${APP_ROOT}/azureml-models`;
  const modelDir = input.modelName ? `${modelsRoot}/${input.modelName}/${input.modelVersion ?? ''}`.replace(/\/$/, '') : `${modelsRoot}/`;
  // Both keep model.path's own name as a level under AZUREML_MODEL_DIR; the CLI's parent mount also shows its siblings.
  const binds = [input.modelMount === 'azure' ? `${input.modelPath.replace(/[\\/]+$/, '')}:${modelDir.replace(/\/$/, '')}/${baseName(input.modelPath)}` : `${parentOf(input.modelPath)}:${modelDir}`];
  const env: Record<string, string> = { AZUREML_MODEL_DIR: modelDir };
  let appRoot = APP_ROOT;
  if (input.codeFolder && input.scoringScript) {
    const codeMount = `${APP_ROOT}/${baseName(input.codeFolder)}`;
    binds.push(`${input.codeFolder}:${codeMount}/`);
    const run = scriptRoot(codeMount, input.scoringScript);
    appRoot = run.appRoot;
    // os.path.join("<mount>/", dirname(script)): a trailing slash only when the script sits at the top.
    env.AML_APP_ROOT = run.appRoot === codeMount ? `${codeMount}/` : run.appRoot;
    env.AZUREML_ENTRY_SCRIPT = run.entryScript;
  }
  return {
    image: `${input.endpoint}:${input.deployment}`,
    container: `${input.endpoint}.${input.deployment}`,
    labels: {
      [CliLabels.localEndpoint]: '',
      [CliLabels.endpoint]: input.endpoint,
      [CliLabels.deployment]: input.deployment,
      [CliLabels.endpointData]: JSON.stringify(input.endpointData),
      [CliLabels.deploymentData]: JSON.stringify(input.deploymentData),
      [CliLabels.port]: String(SCORING_PORT),
    },
    // The user's variables win over the CLI's, as in the CLI (`{**image_context.environment, **user}`).
    env: { ...env, ...input.environmentVariables },
    binds,
    appRoot,
    modelDir,
  };
}
