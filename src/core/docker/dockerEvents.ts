// Docker /events messages and what they mean for a known service record:
// the event itself carries the new state (and the exit code on `die`), so a
// quick start/die pair is seen as two transitions even before any inspect.
import type { ServiceRecord } from '../model/serviceRecord';
import { healthOf } from './dockerRecords';
import { l10n } from '../l10n';

/** A container event as the Engine API's /events stream sends it. */
export interface DockerEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/** Actions that change what the tree shows; exec_*, attach, resize... do not. */
const LIFECYCLE = new Set([
  'create', 'start', 'restart', 'die', 'stop', 'kill', 'oom', 'pause', 'unpause',
  'destroy', 'rename', 'update', 'health_status',
]);

/** The container id and action of a lifecycle event, or undefined to ignore it. */
export function lifecycleEvent(e: DockerEvent): { id: string; action: string } | undefined {
  if (e.Type && e.Type !== 'container') return undefined;
  const action = (e.Action ?? e.status ?? '').split(':')[0];
  const id = e.Actor?.ID ?? e.id;
  if (!id || !LIFECYCLE.has(action)) return undefined;
  return { id, action };
}

/**
 * The record as the event leaves it, before any inspect: `start` -> running,
 * `die` -> exited with the event's exit code (oomkilled when `oom` came first),
 * `pause`/`unpause`, `health_status: <status>` -> the HEALTHCHECK's verdict. Returns the same object when the event changes nothing.
 */
export function applyEvent(record: ServiceRecord, e: DockerEvent, action: string): ServiceRecord {
  const at = e.timeNano ? new Date(Math.floor(e.timeNano / 1e6)).toISOString() : undefined;
  switch (action) {
    case 'start':
      return { ...record, state: 'running', exitCode: undefined, startedAt: at ?? record.startedAt };
    case 'die': {
      const code = Number(e.Actor?.Attributes?.exitCode);
      const oom = record.state === 'oomkilled';
      return {
        ...record,
        state: oom ? 'oomkilled' : 'exited',
        exitCode: Number.isFinite(code) ? code : record.exitCode,
        finishedAt: at ?? record.finishedAt,
      };
    }
    case 'oom':
      return { ...record, state: 'oomkilled' };
    case 'pause':
      return { ...record, state: 'paused' };
    case 'unpause':
      return { ...record, state: 'running' };
    case 'health_status': {
      // `health_status: healthy` (the status after the colon): the crash diagnostics learn of recovery from this.
      const health = healthOf((e.Action ?? e.status ?? '').split(':')[1]?.trim());
      return health && health !== record.health ? { ...record, health } : record;
    }
    default:
      return record;
  }
}

/** Words for the user when the engine cannot be reached (never a secret). */
export function describeDockerError(err: { code?: string; message?: string; statusCode?: number }, label: string): string {
  const where = label.replace(/^unix:\/\//, '');
  switch (err.code) {
    case 'ENOENT':
      return l10n.t('no daemon at {0}', where);
    case 'EACCES':
      return l10n.t('permission denied on {0}: add your user to the "docker" group, then sign in again', where);
    case 'ECONNREFUSED':
      return l10n.t('nothing listening at {0}: is dockerd running?', where);
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return l10n.t('connection to {0} dropped ({1})', where, err.code);
    default:
      if (err.statusCode) return l10n.t('{0} answered HTTP {1}', where, err.statusCode);
      return err.message ? l10n.t('{0}: {1}', where, err.message) : l10n.t('{0}: unknown error', where);
  }
}
