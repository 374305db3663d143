// Reads an Azure ML v2 deployment.yml (and the endpoint.yml beside it) from
// disk into what Deploy Locally builds and runs: the scoring code, the conda
// file, the base image, and the container the CLI's `--local` would make
// (core/deploy/localEndpoint). Problems the file has come back as a
// DeployInputError placed on their line, as for inferenceconfig.json.
import * as fs from 'node:fs';
import { stringify as stringifyYaml } from 'yaml';
import * as path from 'node:path';
import { readRequirements, type Requirement } from '../../core/deploy/deployEnvironment';
import { readOnlineDeployment, type OnlineDeployment, type OnlineEndpoint } from '../../core/deploy/onlineDeployment';
import { endpointBeside, pathKind } from '../../platform/onlineFiles';
import { checkOnlinePaths } from '../../core/deploy/onlinePaths';
import type { OnlineProblem } from '../../core/deploy/onlineProblems';
import { localEndpointLayout, type LocalEndpointLayout } from '../../core/deploy/localEndpoint';
import { parseYamlGuarded } from '../../core/edits/yamlText';
import type { BuildContext } from './localImageBuild';
import { l10n } from '../../core/l10n';

/** What a v2 deployment adds to a loaded deployment. */
export interface OnlineTarget {
  deployment: OnlineDeployment;
  endpoint: string;
  /** The base the image is built on: environment.image, or the tag the build context is built as. */
  image: string;
  /** environment.build: the user's build context, built as `image` before the deployment's image. */
  build?: BuildContext;
  layout: LocalEndpointLayout;
  /** How long the readiness probe lets the server take before Azure gives up: initial_delay + period x failure_threshold. */
  readinessBudgetMs: number;
}

/** A v2 deployment read from disk, in the shape Deploy Locally's v1 road takes, with the v2 particulars. */
export interface LoadedOnline {
  configPath: string;
  sourceFolder: string;
  entryScript: string;
  condaFile?: string;
  modelPath: string;
  requirements: Requirement[];
  online: OnlineTarget;
}

/** A problem with the file, placed; thrown by {@link loadOnlineDeployment}. */
export type Placed = (message: string, file?: string, line?: number, column?: number) => Error;

/** The endpoint.yml beside a deployment.yml, when there is one; its errors stop the deploy, on its line. */
function endpointFor(ymlFolder: string, fail: Placed): OnlineEndpoint | undefined {
  const read = endpointBeside(ymlFolder);
  if (!read) return undefined;
  const error = read.problems.find((p) => p.severity === 'error');
  if (error || !read.endpoint) throw fail(error?.message ?? l10n.t('The endpoint file cannot be read.'), read.file, error?.line, error?.column);
  return read.endpoint;
}

/** The file as plain data, for the CLI's `deployment-data` label (undefined parts dropped). */
function asData(text: string): unknown {
  const parsed = parseYamlGuarded(text);
  return parsed.doc ? parsed.doc.toJS({ maxAliasCount: 1000 }) : {};
}

/**
 * Reads `file` (a deployment.yml): what cannot run here (a registered model
 * or environment, a build context, a custom container) is refused with the
 * file's own words, on its line.
 */
export function loadOnlineDeployment(file: string, fail: Placed, modelMount: 'cli' | 'azure' = 'cli'): LoadedOnline {
  const ymlFolder = path.dirname(file);
  const text = fs.readFileSync(file, 'utf8');
  const endpoint = endpointFor(ymlFolder, fail);
  const read = readOnlineDeployment(text, { endpoint });
  const problems: OnlineProblem[] = [...read.problems, ...checkOnlinePaths(read, ymlFolder, pathKind)];
  const blocking = problems.find((p) => p.severity === 'error' || ['registered-model', 'registered-environment', 'code-in-azure'].includes(p.code));
  if (blocking) throw fail(blocking.message, file, blocking.line, blocking.column);
  const d = read.deployment;
  if (!d) throw fail(l10n.t('The deployment file cannot be read.'), file);
  if (!d.name) throw fail(l10n.t('The deployment has no name: add "name: blue" (any lower-case name).'), file, 1, 1);
  const endpointName = d.endpointName ?? endpoint?.name;
  if (!endpointName) throw fail(l10n.t('The deployment names no endpoint: add "endpoint_name: my-endpoint", or an endpoint.yml beside it.'), file, 1, 1);
  if (d.model?.kind !== 'path') throw fail(l10n.t('The deployment has no local model: give model.path, a file or folder beside the yml.'), file, 1, 1);
  if (!d.code || !d.scoringScript) throw fail(l10n.t('The deployment has no scoring code: give code_configuration.code and .scoring_script.'), file, 1, 1);
  const env = d.environment;
  if (!env || env.kind === 'registered' || env.customContainer) {
    throw fail(l10n.t('{0} runs an environment given as image (and conda_file) or as a build context (build.path); a registered environment or a custom container (inference_config) is not supported yet.', l10n.t('Deploy Locally')), file, 1, 1);
  }
  const sourceFolder = path.resolve(ymlFolder, d.code);
  const entryScript = d.scoringScript.split(path.sep).join('/');
  const modelPath = path.resolve(ymlFolder, d.model.path);
  let requirements: Requirement[] = [];
  const condaFile = env.kind === 'image' && env.condaFile ? path.resolve(ymlFolder, env.condaFile) : undefined;
  if (condaFile) {
    const conda = readRequirements(fs.readFileSync(condaFile, 'utf8'));
    if ('error' in conda) throw fail(conda.error, condaFile, conda.line, conda.column);
    requirements = conda.requirements;
  } else if (env.kind === 'image' && env.condaInline) {
    // conda_file given as a mapping in the yml: the CLI writes it out as the build's conda file; the same packages here.
    const inline = (asData(text) as { environment?: { conda_file?: unknown } }).environment?.conda_file;
    const conda = readRequirements(stringifyYaml(inline ?? {}));
    if ('error' in conda) throw fail(`environment.conda_file: ${conda.error}`, file, read.places.condaFile?.line ?? 1, read.places.condaFile?.column ?? 1);
    requirements = conda.requirements;
  }
  const layout = localEndpointLayout({
    endpoint: endpointName,
    deployment: d.name,
    modelPath,
    modelName: d.model.name,
    modelVersion: d.model.version,
    codeFolder: sourceFolder,
    scoringScript: entryScript,
    environmentVariables: d.environmentVariables,
    endpointData: { name: endpointName, ...(endpoint ? { auth_mode: endpoint.authMode } : {}) },
    deploymentData: { ...(asData(text) as object), name: d.name, endpoint_name: endpointName },
    modelMount,
  });
  const p = d.readinessProbe;
  return {
    configPath: file,
    sourceFolder,
    entryScript,
    condaFile,
    modelPath,
    requirements,
    online: {
      deployment: d,
      endpoint: endpointName,
      // A build context is built first (as the CLI builds it, its Dockerfile alone), under a tag of its own.
      image: env.kind === 'image' ? env.image : `${layout.image}-environment`,
      ...(env.kind === 'build' ? { build: { dir: path.resolve(ymlFolder, env.path), ...(env.dockerfile ? { dockerfile: env.dockerfile } : {}) } } : {}),
      layout,
      readinessBudgetMs: (p.initialDelay + p.period * p.failureThreshold) * 1000,
    },
  };
}
