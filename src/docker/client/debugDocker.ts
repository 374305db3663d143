// Small Docker facts shared by the debug hosts: our labels, the published
// ports of a container, finding our leftover debug containers, and turning
// dockerode errors into messages a user can act on.
import type Dockerode from 'dockerode';
import { l10n } from '../../core/l10n';

/** Labels on every debug container we start (`owner` matches src/core's OWNER_LABEL). */
export const DEBUG_LABELS: Record<string, string> = {
  'com.azureml-debug.owner': 'debug',
  'com.azureml-debug.debug': '1',
};

/** Container port -> host port, for the TCP ports Docker published. */
export function publishedPorts(info: Dockerode.ContainerInspectInfo): Map<number, number> {
  const map = new Map<number, number>();
  for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [port, proto] = key.split('/');
    const first = (bindings ?? []).find((b) => b.HostPort);
    if (proto === 'tcp' && first) map.set(Number(port), Number(first.HostPort));
  }
  return map;
}

/** A debug container of ours, as listed for orphan cleanup. */
export interface DebugContainerSummary {
  id: string;
  name: string;
  image: string;
  state: string;
  appFolder: string;
  labels: Record<string, string>;
}

/** Every container carrying our debug label, running or not. */
export async function listDebugContainers(docker: Dockerode): Promise<DebugContainerSummary[]> {
  const list = await docker.listContainers({ all: true, filters: { label: ['com.azureml-debug.debug=1'] } });
  return list.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    image: c.Image,
    state: c.State,
    appFolder: c.Labels['com.azureml-debug.appFolder'] ?? '',
    labels: c.Labels,
  }));
}

/** Removes containers by id (forcefully: they are ours and may be running). */
export async function removeContainers(docker: Dockerode, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
}

/**
 * Whether a failed call never got an answer from the engine (it is down, or
 * went away mid-call), as opposed to an answer such as 404 or 409, which
 * carries a status code.
 */
export function engineUnreachable(err: unknown): boolean {
  const e = (err ?? {}) as { code?: string; statusCode?: number };
  return e.statusCode === undefined && ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE'].includes(e.code ?? '');
}

/** A message for a failed Docker call: engine unreachable, or `fallback` with the engine's own words. */
export function describeDockerError(err: unknown, fallback: string): string {
  const e = err as { code?: string; statusCode?: number; message?: string; json?: { message?: string } };
  if (engineUnreachable(err)) {
    return l10n.t('Docker is not reachable ({0}): start the Docker engine, or check that this user may use its socket.', e.code ?? '');
  }
  const detail = e.json?.message ?? e.message ?? String(err);
  return `${fallback} (${detail.trim()})`;
}

/**
 * Waits for the engine to answer again (a daemon restart), pinging with
 * back-off (0.5 s doubling to 10 s) for at most `forMs`; resolves true when it
 * answers, false when the time is up.
 */
export async function engineBack(docker: Dockerode, forMs: number): Promise<boolean> {
  const deadline = Date.now() + forMs;
  for (let wait = 500; Date.now() < deadline; wait = Math.min(wait * 2, 10_000)) {
    try {
      await docker.ping();
      return true;
    } catch {
      await new Promise<void>((resolve) => {
        // A pending wait must not keep a process (the standalone adapter) alive.
        setTimeout(resolve, Math.min(wait, Math.max(0, deadline - Date.now()))).unref?.();
      });
    }
  }
  return false;
}
