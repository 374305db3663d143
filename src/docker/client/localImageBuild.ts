// Builds a local deployment's image with dockerode from a generated context
// or from the user's own build context (a v2 environment.build), streaming the
// builder's output, and probes a base image for what it holds (its Python
// env, packages and user).
// A failed or cancelled build leaves nothing behind: the images and build
// containers it created (found by our owner label) are removed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { BaseFacts } from '../../core/deploy/deployEnvironment';
import { DEPLOY_OWNER, DeployLabels } from '../../core/deploy/deployPlan';
import { buildFailureMessage } from '../../core/docker/buildFailure';
import type { ContextFile } from '../../core/deploy/deployPlan';
import { packContext } from './buildContext';
import { demuxedText } from '../../core/logs/dockerLogFrames';
import { describeDockerError, engineBack, engineUnreachable } from './debugDocker';
import { l10n } from '../../core/l10n';

/** A build that did not produce an image; `log` is everything the builder said. */
export class ImageBuildError extends Error {
  constructor(message: string, readonly log: string, readonly cancelled: boolean, readonly baseMissing = false) {
    super(message);
    this.name = 'ImageBuildError';
  }
}

/** What a build produced. */
export interface BuiltImage {
  imageId: string;
  log: string;
  /** Steps the builder took from its cache (`Using cache`). */
  cachedSteps: string[];
  /** Steps it ran. */
  ranSteps: string[];
}

const OWNER_FILTER = `${DeployLabels.owner}=${DEPLOY_OWNER}`;
const probeCache = new Map<string, BaseFacts>();

/** Fails with a clear message when `image` is not on the engine (nothing can be pulled here). */
export async function requireImage(docker: Dockerode, image: string): Promise<string> {
  try {
    return (await docker.getImage(image).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) {
      throw new ImageBuildError(l10n.t('The base image "{0}" is not on this Docker engine. Build or pull it, or set azuremlDebug.deploy.baseImage to an image you have.', image), '', false, true);
    }
    throw new Error(describeDockerError(err, l10n.t('Could not inspect the base image "{0}"', image)));
  }
}

const PROBE = [
  'import importlib.metadata as m, importlib.util as u, json, os, platform, re, shutil, site, sys, sysconfig',
  'p = {}',
  'for d in m.distributions():',
  '    n = d.metadata["Name"]',
  '    if n: p[re.sub(r"[-_.]+", "-", n).lower()] = d.version',
  'env = os.environ.get("AZUREML_CONDA_ENVIRONMENT_PATH") or sys.prefix',
  'purelib = sysconfig.get_paths()["purelib"]',
  'print(json.dumps({"python": platform.python_version(), "packages": p, "pip": u.find_spec("pip") is not None,',
  '    "conda": shutil.which("conda") is not None, "executable": sys.executable, "envPath": env,',
  '    "envWritable": os.access(purelib, os.W_OK), "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups()}))',
].join('\n');

// The env's own interpreter, as Azure ML's images name it ($AZUREML_CONDA_ENVIRONMENT_PATH/bin/python), else python3 on PATH.
const PROBE_LAUNCH = 'e="${AZUREML_CONDA_ENVIRONMENT_PATH:-}"; if [ -n "$e" ] && [ -x "$e/bin/python" ]; then exec "$e/bin/python" -c "$1"; fi; exec python3 -c "$1"';

/**
 * Runs the base image once (no network), as its own user, to learn its Python
 * env, packages, installers and user ids; cached per image id.
 */
export async function probeBaseImage(docker: Dockerode, image: string): Promise<BaseFacts> {
  const id = await requireImage(docker, image);
  const cached = probeCache.get(id);
  if (cached) return cached;
  const user = (await docker.getImage(id).inspect()).Config?.User ?? '';
  const container = await docker.createContainer({
    Image: id,
    // A fixed script; the probe is its argument, not part of the shell text.
    Entrypoint: ['/bin/sh', '-c', PROBE_LAUNCH, 'probe', PROBE],
    Cmd: [],
    NetworkDisabled: true,
    Labels: { [DeployLabels.owner]: 'deploy-probe' },
  });
  try {
    await container.start();
    const waited = (await container.wait()) as { StatusCode: number };
    const buf = (await container.logs({ stdout: true, stderr: true })) as unknown as Buffer;
    const text = demuxedText(buf);
    if (waited.StatusCode !== 0) throw new Error(l10n.t('The Python env of "{0}" could not list its packages (exit {1}): {2}', image, waited.StatusCode, text.trim().split('\n').slice(-3).join(' ')));
    const facts = { ...(JSON.parse(text.trim().split('\n').pop() ?? '{}') as BaseFacts), user };
    probeCache.set(id, facts);
    return facts;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** A user's build context: a folder and its Dockerfile (relative to it; `Dockerfile` when not named). */
export interface BuildContext {
  dir: string;
  dockerfile?: string;
}

/** The files of a build context, relative, `/` separated (dockerode applies its .dockerignore). */
function contextFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out;
}

/**
 * Builds `context` (our generated Dockerfile and files, or the user's build
 * context folder, streamed) as `tag` with the classic builder (its `Using
 * cache` lines show which layers were reused). `onOutput` gets the builder's
 * text as it comes; aborting `signal` cancels the build.
 */
export async function buildImage(
  docker: Dockerode,
  context: readonly ContextFile[] | BuildContext,
  tag: string,
  onOutput: (text: string) => void,
  signal?: AbortSignal,
): Promise<BuiltImage> {
  const before = await ours(docker);
  const startedAt = Date.now();
  const log: string[] = [];
  const say = (t: string) => {
    log.push(t);
    onOutput(t);
  };
  const steps = { cached: [] as string[], ran: [] as string[], current: '' };
  let imageId: string | undefined;
  let failure: string | undefined;
  try {
    if (signal?.aborted) throw new ImageBuildError(l10n.t('The build was cancelled.'), '', true);
    const options = { t: tag, rm: true, forcerm: true, version: '1' } as Dockerode.ImageBuildOptions;
    // A generated context is a tar-stream pack (streamx): docker-modem only pipes it, as it pipes tar-fs's packs of a folder.
    const stream = (Array.isArray(context)
      ? await docker.buildImage(packContext(context as readonly ContextFile[]) as unknown as NodeJS.ReadableStream, options)
      : await docker.buildImage({ context: (context as BuildContext).dir, src: contextFiles((context as BuildContext).dir) }, { ...options, dockerfile: (context as BuildContext).dockerfile ?? 'Dockerfile' })) as unknown as Readable;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        stream.destroy();
        reject(new ImageBuildError(l10n.t('The build was cancelled.'), log.join(''), true));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let pending = '';
      stream.on('data', (b: Buffer) => {
        pending += b.toString('utf8');
        let nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (!line) continue;
          let msg: { stream?: string; error?: string; aux?: { ID?: string } };
          try {
            msg = JSON.parse(line) as typeof msg;
          } catch {
            continue;
          }
          if (msg.stream) {
            say(msg.stream);
            const step = /^Step \d+\/\d+ : (.*)/.exec(msg.stream);
            if (step) steps.current = step[1].trim();
            if (/Using cache/.test(msg.stream)) steps.cached.push(steps.current);
            else if (/^ ---> Running in /.test(msg.stream)) steps.ran.push(steps.current);
          }
          if (msg.aux?.ID) imageId = msg.aux.ID;
          if (msg.error) {
            failure = msg.error.trim();
            say(`${failure}\n`);
          }
        }
      });
      stream.on('error', (e) => reject(e));
      stream.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    if (failure) throw new ImageBuildError(buildFailureMessage(failure, log.join('')), log.join(''), false);
    if (!imageId) imageId = (await docker.getImage(tag).inspect()).Id;
    return { imageId, log: log.join(''), cachedSteps: steps.cached, ranSteps: steps.ran };
  } catch (err) {
    if (!(err instanceof ImageBuildError && err.cancelled) && (await engineWentAway(docker, err))) {
      // Nothing can be cleaned while it is down; what the build left goes once it is back.
      const window = { from: startedAt, to: Date.now() };
      void engineBack(docker, LEFTOVER_WAIT_MS).then(async (back) => {
        if (!back) return;
        await removeNewSince(docker, before, tag).catch(() => undefined);
        await removeBuildContainers(docker, before, window).catch(() => undefined);
      });
      throw new ImageBuildError(engineLostMessage(err, steps.current), log.join(''), false);
    }
    await removeNewSince(docker, before, tag);
    if (err instanceof ImageBuildError) throw err;
    throw new ImageBuildError(describeDockerError(err, l10n.t('The image build failed')), log.join(''), false);
  }
}

/** How long a failed build waits for Docker to come back to remove what it left. */
const LEFTOVER_WAIT_MS = 30 * 60_000;

/**
 * Whether a build failed because the engine went away rather than because of
 * the Dockerfile: the connection broke, or the running step was killed (137)
 * by a daemon that was stopping (it stops answering within a moment).
 */
async function engineWentAway(docker: Dockerode, err: unknown): Promise<boolean> {
  if (engineUnreachable(err)) return true;
  const killed = /returned a non-zero code: 137\b/.test(String((err as Error)?.message));
  if (!killed && !(err instanceof ImageBuildError && /aborted|socket hang up|premature close/i.test(err.message))) return false;
  for (let i = 0; i < 6; i++) {
    try {
      await docker.ping();
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

function engineLostMessage(err: unknown, step: string): string {
  const code = (err as { code?: string })?.code;
  const stopped = code
    ? l10n.t('Docker stopped during the build ({0}): no image was made and nothing was tagged.', code)
    : l10n.t('Docker stopped during the build: no image was made and nothing was tagged.');
  const running = step ? l10n.t('The step that was running ({0}) was cut off; it did not fail.', step.length > 80 ? `${step.slice(0, 80)}…` : step) : '';
  return [stopped, running, l10n.t('Start Docker and deploy again; what the build left behind is removed when Docker is back.')].filter(Boolean).join(' ');
}

/**
 * The containers of the classic builder's steps that a daemon killed
 * mid-build leaves behind (its own clean-up never ran): made during the build,
 * from a bare image id (the builder runs steps on the previous step's id),
 * not running. A user's container of those seconds names its image.
 */
async function removeBuildContainers(docker: Dockerode, before: Owned, window: { from: number; to: number }): Promise<void> {
  const all = await docker.listContainers({ all: true });
  for (const c of all) {
    const created = c.Created * 1000;
    if (before.all.has(c.Id) || created < window.from - 1000 || created > window.to + 1000) continue;
    if (!/^(sha256:)?[0-9a-f]{12,64}$/.test(c.Image) || c.State === 'running') continue;
    await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  }
}

interface Owned {
  images: Set<string>;
  containers: Set<string>;
  /** Every container, ours or not, at the start (a build container is any new one). */
  all: Set<string>;
}

async function ours(docker: Dockerode): Promise<Owned> {
  const [images, containers, all] = await Promise.all([
    docker.listImages({ all: true, filters: JSON.stringify({ label: [OWNER_FILTER] }) } as unknown as Dockerode.ListImagesOptions),
    docker.listContainers({ all: true, filters: JSON.stringify({ label: [OWNER_FILTER] }) } as unknown as Dockerode.ContainerListOptions),
    docker.listContainers({ all: true }),
  ]);
  return { images: new Set(images.map((i) => i.Id)), containers: new Set(containers.map((c) => c.Id)), all: new Set(all.map((c) => c.Id)) };
}

/**
 * Removes the build containers and images that appeared since `before`.
 * The daemon notices a cancelled build a moment later and may still commit a
 * step, so this repeats until a round finds nothing new (at most ~15 s).
 */
async function removeNewSince(docker: Dockerode, before: Owned, tag: string): Promise<void> {
  await docker.getImage(tag).remove({ noprune: false }).catch(() => undefined);
  const deadline = Date.now() + 15_000;
  let quiet = 0;
  while (Date.now() < deadline && quiet < 2) {
    const now = await ours(docker).catch(() => undefined);
    if (!now) return;
    const containers = [...now.containers].filter((id) => !before.containers.has(id));
    const images = [...now.images].filter((id) => !before.images.has(id));
    for (const id of containers) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
    // Newest first, so children go before their parents.
    const listed = await docker.listImages({ all: true }).catch(() => []);
    const created = new Map(listed.map((i) => [i.Id, i.Created]));
    images.sort((a, b) => (created.get(b) ?? 0) - (created.get(a) ?? 0));
    for (const id of images) await docker.getImage(id).remove({ force: true, noprune: false }).catch(() => undefined);
    quiet = containers.length + images.length === 0 ? quiet + 1 : 0;
    if (quiet < 2) await new Promise((r) => setTimeout(r, 500));
  }
}
