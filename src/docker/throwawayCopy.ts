// A throwaway copy of a stopped container, to look inside it: the same image,
// environment, mounts, user and working directory, with a sleep in place of
// the server, so a crashed init() can be examined as the server saw it. No
// network, no published port, a label that keeps it out of the tree (the
// image's own labels would put it there as the service it copies);
// removed when done (and by Docker itself if the extension host dies: the
// container is AutoRemove and its sleep ends on its own).
import type Dockerode from 'dockerode';
import { THROWAWAY_LABEL } from '../core/docker/dockerRecords';
import type { ServiceCopy } from '../platform/runtimeVerbs';
import { execInContainer } from './containerExec';

/** How long a copy lives at most, should nobody remove it. */
const COPY_LIFETIME_S = 600;

/** Starts the copy of `containerId`. */
export async function throwawayCopy(docker: Dockerode, containerId: string): Promise<ServiceCopy> {
  const info = await docker.getContainer(containerId).inspect();
  const binds = (info.Mounts ?? []).filter((m) => m.Type === 'bind' || m.Type === 'volume').map((m) => {
    const source = m.Type === 'volume' ? m.Name : m.Source;
    return `${source}:${m.Destination}${m.RW ? '' : ':ro'}`;
  });
  const copy = await docker.createContainer({
    Image: info.Image,
    Env: info.Config.Env,
    User: info.Config.User,
    WorkingDir: info.Config.WorkingDir,
    Entrypoint: ['sleep'],
    Cmd: [String(COPY_LIFETIME_S)],
    Labels: { [THROWAWAY_LABEL]: '1' },
    HostConfig: { Binds: binds, NetworkMode: 'none', AutoRemove: true },
  });
  await copy.start();
  return {
    exec: (command) => execInContainer(docker, copy.id, command),
    remove: async () => {
      await copy.remove({ force: true }).catch(() => undefined);
    },
  };
}
