// "Save Container as Image" that keeps what the user changed. `docker commit`
// alone leaves out every bind mount, and the user's edits live in one: the
// app folder at /var/azureml-app (and, for a v2 deployment, the code folder
// and the model). So the container is committed, then each bind-mounted
// file or folder is copied in by a one-step build on top (`COPY` to the
// place it was mounted, its files streamed as the build context), tagged
// with the name given: the saved image runs with no mounts and gives the
// edited answer. Named volumes and tmpfs are not the user's files on this
// machine: they are left out and said so.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import * as tar from 'tar-fs';
import { l10n } from '../../core/l10n';

/** Names the container an image was saved from. */
export const SAVED_FROM_LABEL = 'com.azureml-debug.saved-from';

/** What a save put in the image, and what it could not. */
export interface SavedImage {
  image: string;
  /** Where in the image each bind-mounted path was copied. */
  included: string[];
  /** Mounts left out: their kind and where they were mounted. */
  leftOut: { type: string; destination: string }[];
}

/** A JSON string is a valid Dockerfile argument in exec form, whatever the path holds. */
const q = (s: string) => JSON.stringify(s);

/**
 * The build context of one copy: the mounted files under `files/`, and a
 * Dockerfile that copies them onto `from` at `destination` (a file mount
 * keeps its own name there).
 */
function copyContext(from: string, source: string, destination: string, lastLabels?: Record<string, string>): Readable {
  const isDir = fs.statSync(source).isDirectory();
  const dockerfile = [
    `FROM ${from}`,
    `COPY [${q(isDir ? 'files/' : `files/${path.basename(source)}`)}, ${q(isDir ? `${destination.replace(/\/+$/, '')}/` : destination)}]`,
    ...Object.entries(lastLabels ?? {}).map(([k, v]) => `LABEL ${q(k)}=${q(v)}`),
    '',
  ].join('\n');
  return tar.pack(isDir ? source : path.dirname(source), {
    ...(isDir ? {} : { entries: [path.basename(source)] }),
    map: (h) => ({ ...h, name: `files/${h.name}` }),
    finalize: false,
    finish: (pack) => {
      pack.entry({ name: 'Dockerfile' }, dockerfile);
      pack.finalize();
    },
  }) as unknown as Readable;
}

/** Runs one build; resolves with the image id, rejects with the builder's error. */
async function build(docker: Dockerode, context: Readable, tag?: string): Promise<string> {
  const stream = await docker.buildImage(context, { ...(tag ? { t: tag } : {}), rm: true, forcerm: true, version: '1' } as Dockerode.ImageBuildOptions);
  const events = await new Promise<{ error?: string; aux?: { ID?: string } }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: { error?: string; aux?: { ID?: string } }[]) => (err ? reject(err) : resolve(out))),
  );
  const failed = events.find((e) => e.error);
  if (failed) throw new Error(failed.error);
  const id = [...events].reverse().find((e) => e.aux?.ID)?.aux?.ID;
  if (!id) throw new Error(l10n.t('The builder gave no image id.'));
  return id;
}

/**
 * Commits container `id` as `repo:tag` with its bind mounts copied in. The
 * commit and each copy but the last stay as the saved image's parent layers
 * (untagged).
 */
export async function saveWithMounts(docker: Dockerode, id: string, repo: string, tag: string, comment: string): Promise<SavedImage> {
  const info = await docker.getContainer(id).inspect();
  const mounts = info.Mounts ?? [];
  const binds = mounts.filter((m) => m.Type === 'bind' && fs.existsSync(m.Source));
  const leftOut = mounts.filter((m) => !binds.includes(m)).map((m) => ({ type: m.Type, destination: m.Destination }));
  if (!binds.length) {
    await docker.getContainer(id).commit({ repo, tag, comment });
    return { image: `${repo}:${tag}`, included: [], leftOut };
  }
  let image = ((await docker.getContainer(id).commit({ comment })) as { Id: string }).Id;
  const savedFrom = { [SAVED_FROM_LABEL]: info.Name.replace(/^\//, '') };
  for (const [i, m] of binds.entries()) {
    const last = i === binds.length - 1;
    image = await build(docker, copyContext(image, m.Source, m.Destination, last ? savedFrom : undefined), last ? `${repo}:${tag}` : undefined);
  }
  return { image: `${repo}:${tag}`, included: binds.map((m) => m.Destination), leftOut };
}
