// Pulls an image that is not on the engine (dockerode POST /images/create),
// with the credentials `docker login` stored for its registry, reporting
// layers and bytes as they come; aborting the signal closes the stream, which
// makes the engine stop the pull. A failed pull is an ImagePullError that
// says why (src/core/docker/imagePull/pullFailure).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { parseImageReference } from '../../core/docker/imagePull/imageReference';
import { classifyPullFailure, pullFailureText, type PullFailure } from '../../core/docker/imagePull/pullFailure';
import { PullProgress, type PullSnapshot } from '../../core/docker/imagePull/pullProgress';
import { registryAuthFrom, type RegistryAuth } from '../../core/docker/imagePull/registryAuth';
import { l10n } from '../../core/l10n';

/** A pull that did not produce the image: `failure` says why; `cancelled` when the user stopped it. */
export class ImagePullError extends Error {
  constructor(
    message: string,
    readonly failure: PullFailure | undefined,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'ImagePullError';
  }
}

export interface PullOptions {
  /** Called with where the pull stands, at most every `intervalMs` (and once at the end). */
  onProgress?(snapshot: PullSnapshot): void;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Folder of the Docker config (default: $DOCKER_CONFIG, else ~/.docker). */
  dockerConfigDir?: string;
}

/** What ensureImage did. */
export interface EnsuredImage {
  /** True when the image had to be pulled. */
  pulled: boolean;
  imageId: string;
  /** The last progress of the pull (when pulled). */
  progress?: PullSnapshot;
}

/** The credentials `docker login` stored for the registry of `image`, if any (never print them). */
export function storedAuth(image: string, dockerConfigDir?: string): RegistryAuth | undefined {
  const dir = dockerConfigDir ?? process.env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
  } catch {
    return undefined;
  }
  return registryAuthFrom(text, parseImageReference(image).registry);
}

/** The image's id when it is on the engine; undefined when it is not (other errors throw). */
export async function imageIdIfPresent(docker: Dockerode, image: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(image).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** Makes sure `image` is on the engine, pulling it when missing. */
export async function ensureImage(docker: Dockerode, image: string, options: PullOptions = {}): Promise<EnsuredImage> {
  let id: string | undefined;
  try {
    id = await imageIdIfPresent(docker, image);
  } catch (err) {
    throw failed(image, err);
  }
  if (id) return { pulled: false, imageId: id };
  const progress = await pullImage(docker, image, options);
  id = await imageIdIfPresent(docker, image).catch(() => undefined);
  if (!id) throw new ImagePullError(l10n.t('The pull of "{0}" ended, but the engine does not list the image.', image), undefined);
  return { pulled: true, imageId: id, progress };
}

/** Pulls `image`; resolves with the last progress when the engine has it. */
export async function pullImage(docker: Dockerode, image: string, options: PullOptions = {}): Promise<PullSnapshot> {
  const { signal } = options;
  const cancelled = () => new ImagePullError(l10n.t('The pull of "{0}" was cancelled.', image), undefined, true);
  if (signal?.aborted) throw cancelled();
  const ref = parseImageReference(image);
  // With a name only, the engine would pull every tag: name the one we mean.
  const pullOptions: Record<string, unknown> = { fromImage: ref.digest || /:[^/]*$/.test(image) ? image : `${image}:latest` };
  const auth = storedAuth(image, options.dockerConfigDir);
  if (auth) pullOptions.authconfig = auth;
  let stream: Readable;
  try {
    stream = (await docker.createImage(pullOptions)) as unknown as Readable;
  } catch (err) {
    if (signal?.aborted) throw cancelled();
    throw failed(image, err);
  }
  const progress = new PullProgress();
  const interval = options.intervalMs ?? 250;
  let last = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!force && now - last < interval) return;
    last = now;
    options.onProgress?.(progress.snapshot());
  };
  await new Promise<void>((resolve, reject) => {
    let pending = '';
    const onAbort = () => {
      // Closing the request cancels the pull in the engine (its context ends with the connection).
      stream.destroy();
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (b: Buffer) => {
      pending = progress.addText(pending + b.toString('utf8'));
      report(false);
    });
    stream.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? cancelled() : failed(image, err));
    });
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      progress.addText(`${pending}\n`);
      report(true);
      if (progress.error) reject(failed(image, { message: progress.error }));
      else resolve();
    });
  });
  return progress.snapshot();
}

function failed(image: string, err: unknown): ImagePullError {
  const e = err as { message?: string; code?: string; statusCode?: number; json?: { message?: string } };
  const failure = classifyPullFailure(image, { message: e.json?.message ?? e.message ?? String(err), code: e.code, statusCode: e.statusCode });
  return new ImagePullError(pullFailureText(failure), failure);
}
