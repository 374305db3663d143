// Which service records show a failure worth explaining, what evidence the
// record itself carries (exit code, reason, pod events), and how the glue can
// tell that the service is healthy again. Pure: records in, plain data out;
// the diagnostics glue adds the logs it reads and calls analyze().
import type { ServiceRecord } from '../model/serviceRecord';

/** What a failing record says by itself; `key` changes when the failure does (re-analyze then). */
export interface FailureEvidence {
  key: string;
  exitCode?: number;
  /** `OOMKilled`, `CrashLoopBackOff`, `Pending`, `ImagePullBackOff`... */
  reason?: string;
  /** Pod events as `Reason: message` (`Reason (xN): message` when repeated), oldest first. */
  events?: string[];
  /** Whether container logs can explain it (a container ran). */
  wantsLogs: boolean;
  /** For a pod: whose log to read, and whether the run that ended is the previous one (the current is waiting to restart). */
  logsOf?: { container: string; previous: boolean };
  /** The logs to read are this init container's: the pod never got past it (the model download). */
  initContainer?: string;
}

/** How to tell that a service that failed is healthy again. */
export type HealthCheck =
  /** The image's HEALTHCHECK: Docker's health_status events say it (no request of ours). */
  | { kind: 'docker-health'; status: 'starting' | 'healthy' | 'unhealthy' }
  /** The scoring server's GET /, asked at the times of {@link READINESS_DELAYS_MS}. */
  | { kind: 'http'; url: string }
  /** No scoring port: healthy once running this long (ms) without a restart. */
  | { kind: 'stable'; sinceMs: number }
  /** A pod: healthy when every container is ready. */
  | { kind: 'ready' };

/** How long a container without a scoring port must run before it counts as healthy again. */
export const STABLE_MS = 20000;

/**
 * The waits before each GET / of a recovering server (ms): soon, then
 * further apart, about five minutes in all: 16 requests, not one a second.
 * A die (a Docker event) ends the series; a later start begins a new one.
 */
export const READINESS_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000];

const podTrouble = /CrashLoopBackOff|Error|OOMKilled|ImagePull|ErrImage|CreateContainer|RunContainerError/;

/** The failure a record shows, or `undefined` when it is not failing (or not yet known to be). */
export function failureOf(r: ServiceRecord): FailureEvidence | undefined {
  if (r.kind === 'kubernetes' || r.kubernetes) return podFailure(r);
  if (r.kind === 'azure') return azureFailure(r);
  const base = `${r.state}|${r.exitCode ?? ''}|${r.restartCount}|${r.finishedAt ?? ''}`;
  switch (r.state) {
    case 'oomkilled':
      return { key: base, exitCode: r.exitCode, reason: 'OOMKilled', wantsLogs: true };
    case 'exited':
    case 'dead':
      return r.exitCode !== undefined && r.exitCode !== 0 ? { key: base, exitCode: r.exitCode, wantsLogs: true } : undefined;
    case 'restarting':
      return { key: base, exitCode: r.exitCode, wantsLogs: true };
    case 'running':
      // Docker's restart policy brings a dying container back: a run after a die with an error.
      return r.restartCount > 0 && r.exitCode !== undefined && r.exitCode !== 0 ? { key: base, exitCode: r.exitCode, wantsLogs: true } : undefined;
    default:
      return undefined;
  }
}

/** A deployment in Azure that failed or is unhealthy: its log (getLogs, the v1 service's log) says why. */
function azureFailure(r: ServiceRecord): FailureEvidence | undefined {
  const v = r.azure?.view;
  if (!v || (v.state !== 'failed' && v.state !== 'unhealthy')) return undefined;
  const state = v.kind === 'online' ? v.provisioningState : v.serviceState;
  return { key: `azure|${v.state}|${state ?? ''}|${v.error?.code ?? ''}`, reason: v.error?.code ?? state, wantsLogs: true };
}

function podFailure(r: ServiceRecord): FailureEvidence | undefined {
  const k = r.kubernetes;
  if (!k || k.object !== 'pod') return undefined;
  // The count stays, as kubectl describe shows it: one failed probe is noise, nine are a cause.
  const events = k.events
    .filter((e) => e.type === 'Warning' || /Scheduled|Killing|BackOff/.test(e.reason))
    .map((e) => `${e.reason}${e.count > 1 ? ` (x${e.count})` : ''}: ${e.message}`);
  const main = k.containers[0];
  const reason = main?.lastTermination?.reason === 'OOMKilled' || main?.reason === 'OOMKilled' ? 'OOMKilled' : k.status;
  const failing = r.state === 'crashloop' || r.state === 'oomkilled' || (r.state === 'pending' && events.length > 0) || (podTrouble.test(k.status) && k.status !== 'Running');
  if (!failing) return undefined;
  const key = `${r.state}|${k.status}|${r.restartCount}|${events.length}|${events[events.length - 1] ?? ''}`;
  // An init container that failed holds the pod before any container runs: its output is the cause.
  const init = k.initContainers?.find((c) => (c.state === 'terminated' && c.exitCode !== 0) || (c.state === 'waiting' && (c.lastTermination?.exitCode ?? 0) !== 0));
  if (init) {
    return { key, exitCode: init.exitCode ?? init.lastTermination?.exitCode, reason: k.status, events, wantsLogs: true, logsOf: { container: init.name, previous: init.state !== 'terminated' }, initContainer: init.name };
  }
  // A container that ran and ended has output (its previous run's, for a crash loop) that names the cause.
  const ran = !!main && (main.lastTermination !== undefined || main.state === 'terminated');
  return { key, exitCode: r.exitCode, reason, events, wantsLogs: ran, logsOf: ran ? { container: main.name, previous: main.state !== 'terminated' && main.lastTermination !== undefined } : undefined };
}

/** How to see the service healthy again, or `undefined` while it is not even running. */
export function healthCheckOf(r: ServiceRecord): HealthCheck | undefined {
  // Azure says when a deployment is ready again (the next listing).
  if (r.kind === 'azure') return r.state === 'running' ? { kind: 'ready' } : undefined;
  if (r.kubernetes) {
    if (r.kubernetes.object !== 'pod') return undefined;
    return r.kubernetes.status === 'Running' && r.kubernetes.total > 0 && r.kubernetes.ready === r.kubernetes.total ? { kind: 'ready' } : undefined;
  }
  if (r.state !== 'running') return undefined;
  if (r.health) return { kind: 'docker-health', status: r.health };
  if (r.scoringPort) {
    const host = r.scoringPort.hostIp === '0.0.0.0' || r.scoringPort.hostIp === '' ? '127.0.0.1' : r.scoringPort.hostIp;
    return { kind: 'http', url: `http://${host.includes(':') ? `[${host}]` : host}:${r.scoringPort.hostPort}/` };
  }
  return { kind: 'stable', sinceMs: r.startedAt ? Date.parse(r.startedAt) : Date.now() };
}
