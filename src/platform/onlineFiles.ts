// The files around an Azure ML v2 deployment.yml, read from disk the one way
// both Deploy Locally (src/docker/client) and the editor's problems
// (src/diagnostics) read them: what is at a path, the endpoint.yml beside
// the deployment, the deployments a scoring script belongs to, and what the
// model's folder holds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeOnlineDeployment, readOnlineDeployment, readOnlineEndpoint, type OnlineDeploymentResult, type OnlineEndpointResult } from '../core/deploy/onlineDeployment';
import type { ModelLayout } from '../core/deploy/modelDirPaths';
import type { PathKind } from '../core/deploy/onlinePaths';

/** What is at an absolute path: a file, a folder, or nothing. */
export function pathKind(abs: string): PathKind | undefined {
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  return st?.isDirectory() ? 'folder' : st?.isFile() ? 'file' : undefined;
}

/** The endpoint.yml (or .yaml) in `folder`, read, with its path; undefined when there is none. */
export function endpointBeside(folder: string): (OnlineEndpointResult & { file: string }) | undefined {
  for (const name of ['endpoint.yml', 'endpoint.yaml']) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) return { ...readOnlineEndpoint(fs.readFileSync(file, 'utf8')), file };
  }
  return undefined;
}

/** A deployment.yml with a local model, read, with what the model check needs. */
export interface DeploymentOfScript {
  file: string;
  read: OnlineDeploymentResult;
  /** model.path resolved: a local model (a registered one has no layout to check here). */
  modelPath: string;
  /** The scoring script resolved (code_configuration.code + .scoring_script), when it names one. */
  script?: string;
}

/** How far up from a script the deployment.yml naming it is looked for (azureml-examples keeps it two levels up). */
const LEVELS_UP = 3;
/** YAML files bigger than this are not deployments worth reading for a script. */
const MAX_YAML_BYTES = 256 * 1024;

/** Reads `file` as a v2 deployment with a local model; undefined for anything else. */
export function readDeploymentFile(file: string): DeploymentOfScript | undefined {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st?.isFile() || st.size > MAX_YAML_BYTES) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  if (!looksLikeOnlineDeployment(text)) return undefined;
  const folder = path.dirname(file);
  const read = readOnlineDeployment(text, { endpoint: endpointBeside(folder)?.endpoint });
  const d = read.deployment;
  if (d?.model?.kind !== 'path') return undefined;
  const script = d.code && d.scoringScript ? path.resolve(folder, d.code, d.scoringScript) : undefined;
  return { file, read, modelPath: path.resolve(folder, d.model.path), ...(script ? { script } : {}) };
}

/**
 * The deployment.yml files (in the script's folder and up to three above it,
 * not above `stop`) whose code_configuration names `script` and whose model is
 * a local path. Cheap: a few directory listings and small reads.
 */
export function deploymentsOfScript(script: string, stop: string): DeploymentOfScript[] {
  const out: DeploymentOfScript[] = [];
  let folder = path.dirname(script);
  for (let level = 0; level <= LEVELS_UP; level++) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(folder).filter((n) => /\.ya?ml$/i.test(n));
    } catch {
      names = [];
    }
    for (const name of names) {
      const d = readDeploymentFile(path.join(folder, name));
      if (d?.script === path.resolve(script)) out.push(d);
    }
    const up = path.dirname(folder);
    const rel = path.relative(stop, up);
    if (up === folder || path.relative(stop, folder) === '' || rel.startsWith('..') || path.isAbsolute(rel)) break;
    folder = up;
  }
  return out;
}

/** The most entries of a model listed for suggestions, and how deep. */
const MAX_MODEL_ENTRIES = 2000;
const MAX_MODEL_DEPTH = 8;

/** The two layouts of AZUREML_MODEL_DIR for a local model.path, read from disk. */
export function modelLayoutOf(modelPath: string): ModelLayout {
  const parent = path.dirname(modelPath);
  const base = path.basename(modelPath);
  const inModel: string[] = [];
  const walk = (abs: string, rel: string, depth: number) => {
    if (inModel.length >= MAX_MODEL_ENTRIES) return;
    inModel.push(rel);
    if (depth >= MAX_MODEL_DEPTH || pathKind(abs) !== 'folder') return;
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const e of entries) walk(path.join(abs, e), `${rel}/${e}`, depth + 1);
  };
  if (pathKind(modelPath)) walk(modelPath, base, 0);
  return { base, at: (rel) => pathKind(path.join(parent, ...rel.split('/'))), inModel };
}
