// Turns `docker inspect` output (plain JSON, as the Engine API returns it)
// into ServiceRecords. Pure, so state classification is unit-tested without
// an engine.
import { azuremlReason } from './azuremlContainer';
import type { PublishedPort, ServiceRecord, ServiceState } from '../model/serviceRecord';
import { APP_ROOT } from '../model/appRoot';
import { localEndpointOf } from '../model/cliLabels';

/** The subset of the Engine API's ContainerInspectResponse we read. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  RestartCount?: number;
  State?: {
    Status?: string;
    Running?: boolean;
    Restarting?: boolean;
    Paused?: boolean;
    OOMKilled?: boolean;
    Dead?: boolean;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status?: string } | null;
  };
  Config?: { Image?: string; Labels?: Record<string, string> | null; Env?: string[] | null };
  Mounts?: { Type?: string; Source?: string; Destination?: string }[] | null;
  NetworkSettings?: { Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null };
}

export const SCORING_CONTAINER_PORTS = [5001, 31311, 8000];
export const DEBUG_CONTAINER_PORT = 5678;

function classify(state: NonNullable<ContainerInspect['State']>): ServiceState {
  if (state.Restarting) return 'restarting';
  if (state.Paused) return 'paused';
  if (state.Running) return 'running';
  if (state.Dead) return 'dead';
  if (state.OOMKilled) return 'oomkilled';
  switch (state.Status) {
    case 'created':
      return 'created';
    case 'removing':
      return 'removing';
    default:
      return 'exited';
  }
}

/** Published ports, sorted by container port; IPv6 duplicates folded. */
export function publishedPorts(ports: NonNullable<ContainerInspect['NetworkSettings']>['Ports']): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const containerPort = Number(key.split('/')[0]);
    for (const b of bindings ?? []) {
      const hostPort = Number(b.HostPort);
      if (out.some((p) => p.containerPort === containerPort && p.hostPort === hostPort)) continue;
      out.push({ containerPort, hostIp: b.HostIp || '0.0.0.0', hostPort });
    }
  }
  return out.sort((a, b) => a.containerPort - b.containerPort || a.hostPort - b.hostPort);
}

/** Marks the path doctor's copy of a stopped container: never a service, whatever its image's labels say. */
export const THROWAWAY_LABEL = 'com.azureml-debug.throwaway';

/**
 * The record for one container, or undefined when it is not to be listed:
 * not Azure ML, not pinned, and "show all" is off; or a throwaway copy.
 */
export function containerRecord(
  inspect: ContainerInspect,
  connectionId: string,
  options: { pinned: ReadonlySet<string>; showAll: boolean },
): ServiceRecord | undefined {
  const labels = inspect.Config?.Labels ?? {};
  if (THROWAWAY_LABEL in labels) return undefined;
  const image = inspect.Config?.Image ?? '';
  const mounts = inspect.Mounts ?? [];
  const name = inspect.Name.replace(/^\//, '');
  const matched = azuremlReason({
    image,
    labels,
    env: inspect.Config?.Env ?? [],
    mountDestinations: mounts.map((m) => m.Destination ?? ''),
  });
  const pinned = options.pinned.has(inspect.Id) || options.pinned.has(name);
  // A kubelet's container (dockershim names it k8s_...) belongs under its
  // cluster in the tree, not under Docker, unless the user asks for it.
  const kubelet = 'io.kubernetes.pod.name' in labels;
  const reason = (kubelet ? undefined : matched) ?? (pinned ? 'pinned' : options.showAll ? 'all' : undefined);
  if (!reason) return undefined;
  const state = inspect.State ?? {};
  const ports = publishedPorts(inspect.NetworkSettings?.Ports);
  const classified = classify(state);
  const ran = classified !== 'created' && classified !== 'running';
  return {
    id: inspect.Id,
    name: cliName(labels) || labels['amlServiceName'] || labels['containerName'] || name,
    connectionId,
    kind: 'docker',
    state: classified,
    exitCode: ran && state.ExitCode !== undefined ? state.ExitCode : undefined,
    restartCount: inspect.RestartCount ?? 0,
    startedAt: validTime(state.StartedAt),
    finishedAt: validTime(state.FinishedAt),
    image,
    ports,
    scoringPort: ports.find((p) => SCORING_CONTAINER_PORTS.includes(p.containerPort)),
    debugPort: ports.find((p) => p.containerPort === DEBUG_CONTAINER_PORT),
    labels,
    ...appMount(mounts),
    ...(healthOf(state.Health?.Status) ? { health: healthOf(state.Health?.Status) } : {}),
    reason,
  };
}

/** A HEALTHCHECK status as Docker words it (`starting`, `healthy`, `unhealthy`), else undefined. */
export function healthOf(status: string | undefined): ServiceRecord['health'] {
  return status === 'starting' || status === 'healthy' || status === 'unhealthy' ? status : undefined;
}

/** A container the Azure ML CLI's --local made (or ours from a deployment.yml) reads as "endpoint / deployment". */
function cliName(labels: Record<string, string>): string | undefined {
  const e = localEndpointOf(labels);
  return e ? `${e.endpoint} / ${e.deployment}` : undefined;
}

/**
 * The user's app folder on the host and where the container sees it: the
 * bind at /var/azureml-app, else (the CLI's v2 layout) the bind of the code
 * folder at /var/azureml-app/<code>/, which is not the models' mount.
 */
export function appMount(mounts: readonly { Type?: string; Source?: string; Destination?: string }[]): { appSource?: string; appRoot?: string } {
  const binds = mounts.filter((m) => m.Type === 'bind' && m.Source && m.Destination);
  const whole = binds.find((m) => m.Destination === APP_ROOT);
  if (whole) return { appSource: whole.Source };
  const code = binds.find((m) => m.Destination!.startsWith(`${APP_ROOT}/`) && !m.Destination!.startsWith(`${APP_ROOT}/azureml-models`));
  return code ? { appSource: code.Source, appRoot: code.Destination!.replace(/\/+$/, '') } : {};
}

/** Docker reports "0001-01-01T00:00:00Z" for "never": treat it as absent. */
function validTime(t: string | undefined): string | undefined {
  return t && !t.startsWith('0001-') ? t : undefined;
}
