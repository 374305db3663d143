// The local deployment workflow without VS Code: read a folder's
// inferenceconfig.json and files, plan the image, build it, run it and wait
// for health; Update rebuilds what changed and replaces the container on the
// same port. The commands (src/commands/deploy) and the tests both drive it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { readDeployConfig, type DeployConfig } from '../../core/deploy/deployConfig';
import { planEnvironment, readRequirements, type BaseFacts, type EnvironmentPlan, type Requirement } from '../../core/deploy/deployEnvironment';
import { changedLayers, deployPlan, DeployLabels, hashesFromLabels, serviceNameFrom, type DeployPlan, type LayerHashes, type ModelFile } from '../../core/deploy/deployPlan';
import { mountAccess, readableMode, type MountAccess } from '../../core/docker/mountAccess';
import { buildImage, ImageBuildError, probeBaseImage, type BuiltImage } from './localImageBuild';
import { ensureImage } from './imagePull';
import type { PullSnapshot } from '../../core/docker/imagePull/pullProgress';
import { runService, waitHealthy, type HealthResult } from './localService';
import { hostUser, sourceChain } from './mountFacts';
import { loadOnlineDeployment, type OnlineTarget } from './onlineDeployment';
import { isOnlineDeploymentFile } from '../../core/deploy/onlineDeployment';
import { l10n } from '../../core/l10n';

export { ImageBuildError };

/** A problem with the user's files, placed when it can be. */
export class DeployInputError extends Error {
  constructor(message: string, readonly file?: string, readonly line?: number, readonly column?: number) {
    super(file && line ? `${message} (${path.basename(file)}, line ${line}, column ${column ?? 1})` : message);
    this.name = 'DeployInputError';
  }
}

/**
 * The source folder (mounted at /var/azureml-app) is one the image's user
 * cannot read: the container would die at once. `finding` says which path and
 * the `User` that would work.
 */
export class UnreadableSourceError extends Error {
  constructor(readonly finding: Extract<MountAccess, { ok: false }>, readonly sourceFolder: string) {
    super(
      finding.need === 'enter'
        ? l10n.t('The container runs as "{0}", which cannot open the folder {1}: the server would stop at once. Run the container as your user ({2}), or make the folder readable to others.', finding.user, finding.path, finding.runAs)
        : l10n.t('The container runs as "{0}", which cannot read {1}: the server would stop at once. Run the container as your user ({2}), or make the folder readable to others.', finding.user, finding.path, finding.runAs),
    );
    this.name = 'UnreadableSourceError';
  }
}

/** The user's deployment, read from disk. */
export interface LoadedDeployment {
  /** The inferenceconfig.json, or the folder when it has none. */
  configPath: string;
  config: DeployConfig;
  sourceFolder: string;
  /** Entry script relative to the source folder, `/` separators. */
  entryScript: string;
  condaFile?: string;
  modelPath?: string;
  requirements: Requirement[];
  /** An Azure ML v2 deployment.yml: the container is the one the CLI's --local makes. */
  online?: OnlineTarget;
}

/** Settings that shape a deployment. */
export interface DeploySettings {
  baseImage: string;
  /** Packages the base image's server stands in for (azureml-defaults). */
  providedPackages: readonly string[];
  port: number;
  healthTimeoutMs: number;
  /** More labels for the image and container (tests mark theirs). */
  extraLabels?: Record<string, string>;
  /** Run the container as this `User` (`uid:gid`, the host user's) instead of the image's; kept by Update. */
  runAs?: string;
  /** deploy.behaveLikeAzure: a v2 model is mounted as Azure lays it out, not as the CLI's --local does. */
  behaveLikeAzure?: boolean;
}

/** Progress reports of a long step. */
export interface DeployHooks {
  progress?(message: string): void;
  /** Builder output as it comes. */
  output?(text: string): void;
  /** Where the pull of a missing base image stands. */
  pull?(snapshot: PullSnapshot): void;
  signal?: AbortSignal;
}

/** What a deploy or update did. */
export interface DeployOutcome {
  service: string;
  containerId: string;
  imageId: string;
  port: number;
  /** The preferred port, when it was taken and another was used. */
  portTaken?: number;
  health: HealthResult;
  build: BuiltImage;
  environment: EnvironmentPlan;
  /** Layers whose inputs changed since the previous version (all of them on a first deploy). */
  changed: (keyof LayerHashes)[];
  version: number;
  /**
   * A v2 deployment that became healthy later than its readiness probe
   * allows: Azure would have given up on it (ms it took, the budget, the probe).
   */
  slowStart?: { tookMs: number; budgetMs: number; probe: OnlineTarget['deployment']['readinessProbe'] };
}

/**
 * Reads `target` (an inferenceconfig.json, a folder holding one or a
 * score.py, or a v2 deployment.yml); `modelMount` says how a v2 model fills
 * AZUREML_MODEL_DIR (see localEndpointLayout).
 */
export function loadDeployment(target: string, modelMount: 'cli' | 'azure' = 'cli'): LoadedDeployment {
  if (isOnlineDeploymentFile(target)) {
    const o = loadOnlineDeployment(target, (message, file, line, column) => new DeployInputError(message, file, line, column), modelMount);
    const config: DeployConfig = { entryScript: o.entryScript, sourceDirectory: o.sourceFolder, condaFile: o.condaFile, modelPath: o.modelPath };
    return { ...o, config };
  }
  let configPath = target;
  let config: DeployConfig;
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new DeployInputError(l10n.t('{0} does not exist.', target));
  if (stat.isDirectory() && fs.existsSync(path.join(target, 'inferenceconfig.json'))) configPath = path.join(target, 'inferenceconfig.json');
  if (fs.statSync(configPath).isDirectory()) {
    // No inferenceconfig.json: the conventional names, as the SDK samples use them.
    const has = (f: string) => fs.existsSync(path.join(configPath, f));
    if (!has('score.py')) throw new DeployInputError(l10n.t('No entry script: {0} has neither an inferenceconfig.json nor a score.py.', configPath));
    config = { entryScript: 'score.py', sourceDirectory: '.', condaFile: has('myenv.yml') ? 'myenv.yml' : undefined, modelPath: has('model') ? 'model' : undefined };
  } else {
    const text = fs.readFileSync(configPath, 'utf8');
    const read = readDeployConfig(text);
    if (!read.config) {
      const p = read.problems[0];
      throw new DeployInputError(p.message, configPath, p.line, p.column);
    }
    config = read.config;
  }
  const base = fs.statSync(configPath).isDirectory() ? configPath : path.dirname(configPath);
  const sourceFolder = path.resolve(base, config.sourceDirectory);
  if (!fs.statSync(sourceFolder, { throwIfNoEntry: false })?.isDirectory()) throw new DeployInputError(l10n.t('The source folder {0} does not exist.', sourceFolder), configPath);
  // CLI v1 names the entry script inside sourceDirectory; older files name it from the config's folder.
  const candidates = [path.resolve(sourceFolder, config.entryScript), path.resolve(base, config.entryScript)];
  const entry = candidates.find((c) => fs.statSync(c, { throwIfNoEntry: false })?.isFile());
  if (!entry) throw new DeployInputError(l10n.t('The entry script "{0}" is not in {1}.', config.entryScript, sourceFolder), configPath);
  const entryRel = path.relative(sourceFolder, entry).split(path.sep).join('/');
  if (entryRel.startsWith('..')) throw new DeployInputError(l10n.t('The entry script {0} is outside the source folder {1}, which is what the container sees.', entry, sourceFolder), configPath);
  let requirements: Requirement[] = [];
  let condaFile: string | undefined;
  if (config.condaFile) {
    condaFile = [path.resolve(sourceFolder, config.condaFile), path.resolve(base, config.condaFile)].find((c) => fs.existsSync(c));
    if (!condaFile) throw new DeployInputError(l10n.t('The environment file "{0}" does not exist.', config.condaFile), configPath);
    const read = readRequirements(fs.readFileSync(condaFile, 'utf8'));
    if ('error' in read) throw new DeployInputError(read.error, condaFile, read.line, read.column);
    requirements = read.requirements;
  } else if (config.condaInline) {
    // The spec written into inferenceconfig.json itself (JSON reads as YAML): the same packages as from a file.
    const read = readRequirements(config.condaInline);
    if ('error' in read) throw new DeployInputError(`environment.python.condaDependencies: ${read.error}`, configPath);
    requirements = read.requirements;
  }
  let modelPath: string | undefined;
  if (config.modelPath) {
    modelPath = path.resolve(base, config.modelPath);
    if (!fs.existsSync(modelPath)) throw new DeployInputError(l10n.t('The model path "{0}" does not exist.', config.modelPath), configPath);
  }
  return { configPath, config, sourceFolder, entryScript: entryRel, condaFile, modelPath, requirements };
}

/** Reads the model's files (a file, or a folder's files recursively, in name order). */
export function readModel(modelPath: string): { name: string; isFile: boolean; files: ModelFile[] } {
  const name = path.basename(modelPath);
  if (fs.statSync(modelPath).isFile()) return { name, isFile: true, files: [{ path: '', data: fs.readFileSync(modelPath) }] };
  const files: ModelFile[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(abs, r);
      else if (e.isFile()) files.push({ path: r, data: fs.readFileSync(abs) });
    }
  };
  walk(modelPath, '');
  return { name, isFile: false, files };
}

/** Plans the image of `loaded` on the base image (probed once per image); `facts` are the probe's. */
export async function planDeployment(docker: Dockerode, loaded: LoadedDeployment, service: string, version: number, settings: DeploySettings): Promise<DeployPlan & { environment: EnvironmentPlan; facts: BaseFacts }> {
  const baseImage = baseImageOf(loaded, settings);
  const facts = await probeBaseImage(docker, baseImage);
  const environment = planEnvironment(loaded.requirements, facts, settings.providedPackages);
  if (environment.error) throw new DeployInputError(environment.error, loaded.condaFile);
  const plan = deployPlan({
    service,
    sourceFolder: loaded.sourceFolder,
    configPath: loaded.configPath,
    entryScript: loaded.entryScript,
    baseImage,
    environment,
    // A v2 model is mounted, as the CLI mounts it, not copied into the image.
    model: loaded.modelPath && !loaded.online ? readModel(loaded.modelPath) : undefined,
    version,
    extraLabels: { ...settings.extraLabels, ...loaded.online?.layout.labels },
    tag: loaded.online?.layout.image,
  });
  return { ...plan, environment, facts };
}

/**
 * Makes what the server opens in the folder readable to others (folders
 * `o+rx`, the entry script `o+r`), leaving every other bit as it was; the
 * fix the user picks for an {@link UnreadableSourceError}. Returns the paths changed.
 */
export function makeSourceReadable(target: string): string[] {
  const changed: string[] = [];
  const loaded = loadDeployment(target);
  for (const st of sourceChain(loaded.sourceFolder, loaded.entryScript)) {
    const mode = readableMode(st);
    if (mode === st.mode) continue;
    fs.chmodSync(st.path, mode);
    changed.push(st.path);
  }
  return changed;
}

/** The service name of a deployment: its source folder's name, made container-safe; a v2 one's is the CLI's `<endpoint>.<deployment>`. */
export function defaultServiceName(loaded: LoadedDeployment): string {
  if (loaded.online) return loaded.online.layout.container;
  return serviceNameFrom(path.basename(loaded.sourceFolder)) || 'azureml-local';
}

/** Behaving like Azure, a v2 deploy mounts the model as Azure will, so a path that works here works there. */
function modelMountOf(settings: DeploySettings): 'cli' | 'azure' {
  return settings.behaveLikeAzure ? 'azure' : 'cli';
}

/** The image a deployment builds on: a v2 deployment's environment.image, else the setting. */
function baseImageOf(loaded: LoadedDeployment, settings: DeploySettings): string {
  return loaded.online?.image ?? settings.baseImage;
}

/**
 * Deploys `target` as `service`: build, run on `settings.port` (or the next
 * free port), wait for health. A container of the same name must not exist.
 */
export async function deployLocal(docker: Dockerode, target: string, service: string | undefined, settings: DeploySettings, hooks: DeployHooks = {}): Promise<DeployOutcome> {
  const loaded = loadDeployment(target, modelMountOf(settings));
  const name = service ?? defaultServiceName(loaded);
  const existing = await docker.getContainer(name).inspect().catch(() => undefined);
  if (existing) throw new DeployInputError(l10n.t('A container named "{0}" already exists: use Update to redeploy it, or Delete it first.', name));
  return buildAndRun(docker, loaded, name, 1, settings.port, settings, hooks, undefined);
}

/**
 * Updates the service of container `containerId` from its files as they are
 * now: rebuilds (Docker reuses the layers whose inputs did not change) and
 * replaces the container on the same port. The previous image is removed
 * once the new container is healthy.
 */
export async function updateLocal(docker: Dockerode, containerId: string, settings: DeploySettings, hooks: DeployHooks = {}): Promise<DeployOutcome> {
  const info = await docker.getContainer(containerId).inspect();
  const labels = info.Config.Labels ?? {};
  const service = labels[DeployLabels.service];
  const configPath = labels[DeployLabels.config] ?? labels[DeployLabels.source];
  if (!service || !configPath) throw new DeployInputError(l10n.t('{0} was not deployed by "{1}", so it cannot be updated from its files.', info.Name.replace(/^\//, ''), l10n.t('Deploy Locally')));
  const loaded = loadDeployment(configPath, modelMountOf(settings));
  const version = Number(labels[DeployLabels.version] ?? '0') + 1;
  const port = Number(info.HostConfig.PortBindings?.['5001/tcp']?.[0]?.HostPort ?? settings.port) || settings.port;
  const runAs = settings.runAs ?? labels[DeployLabels.runAs];
  return buildAndRun(docker, loaded, service, version, port, { ...settings, runAs }, hooks, { id: containerId, image: info.Image, hashes: hashesFromLabels(labels) });
}

async function buildAndRun(
  docker: Dockerode,
  loaded: LoadedDeployment,
  service: string,
  version: number,
  port: number,
  settings: DeploySettings,
  hooks: DeployHooks,
  previous: { id: string; image: string; hashes?: Partial<LayerHashes> } | undefined,
): Promise<DeployOutcome> {
  const environment = loaded.online?.build;
  if (environment) {
    hooks.progress?.(l10n.t('Building the environment (its Dockerfile)...'));
    await buildImage(docker, environment, loaded.online!.image, (t) => hooks.output?.(t), hooks.signal);
  }
  hooks.progress?.(l10n.t('Checking the base image...'));
  const baseImage = baseImageOf(loaded, settings);
  await ensureImage(docker, baseImage, { onProgress: hooks.pull, signal: hooks.signal });
  const plan = await planDeployment(docker, loaded, service, version, settings);
  if (!settings.runAs) {
    // Before building: a folder the image's user cannot read would only show as runsvdir's one-line death.
    const { facts } = plan;
    const access = mountAccess(sourceChain(loaded.sourceFolder, loaded.entryScript), { user: facts.user ?? '', uid: facts.uid, gid: facts.gid, groups: facts.groups }, hostUser());
    if (!access.ok) throw new UnreadableSourceError(access, loaded.sourceFolder);
  }
  hooks.progress?.(l10n.t('Building the image...'));
  const build = await buildImage(docker, plan.files, plan.tag, (t) => hooks.output?.(t), hooks.signal);
  if (hooks.signal?.aborted) throw new ImageBuildError(l10n.t('The build was cancelled.'), build.log, true);
  if (previous) {
    hooks.progress?.(l10n.t('Replacing the container...'));
    await docker.getContainer(previous.id).remove({ force: true });
  }
  hooks.progress?.(l10n.t('Starting the container...'));
  let run;
  try {
    const online = loaded.online?.layout;
    run = await runService(docker, {
      image: build.imageId,
      name: service,
      sourceFolder: loaded.sourceFolder,
      // A v2 deployment's container gets the CLI's variables and mounts (model and code apart).
      env: online ? { ...online.env, SERVICE_NAME: service } : plan.env,
      labels: plan.labels,
      binds: online?.binds,
      port,
      user: settings.runAs,
    });
  } catch (err) {
    if (!previous) await docker.getImage(build.imageId).remove({ noprune: false }).catch(() => undefined);
    throw err;
  }
  hooks.progress?.(l10n.t('Checking container health...'));
  // Healthy means it answers. A v2 deployment is waited for past its readiness budget too, so a
  // slow init() is measured and flagged rather than cut off: here it works, in Azure it would not.
  const budgetMs = loaded.online?.readinessBudgetMs;
  const health = await waitHealthy(docker, run.containerId, run.port, Math.max(budgetMs ?? 0, settings.healthTimeoutMs), hooks.signal);
  const slowStart = budgetMs !== undefined && health.ok && health.ms > budgetMs ? { tookMs: health.ms, budgetMs, probe: loaded.online!.deployment.readinessProbe } : undefined;
  if (previous && previous.image !== build.imageId) {
    // Untagged parents the new image shares (the environment layer) stay: Docker only prunes unused ones.
    await docker.getImage(previous.image).remove({ noprune: false }).catch(() => undefined);
  }
  return {
    service,
    containerId: run.containerId,
    imageId: build.imageId,
    port: run.port,
    portTaken: run.port !== port ? port : undefined,
    health,
    build,
    environment: plan.environment,
    changed: changedLayers(previous?.hashes, plan.hashes),
    version,
    ...(slowStart ? { slowStart } : {}),
  };
}
