// SIGHUP to a container's scoring server, sent only where it means "reload":
// when PID 1 is the gunicorn master (it re-forks its workers, which import
// the scoring script again). Elsewhere (runit's runsvdir in Azure ML images,
// an init process) SIGHUP would stop the container or do nothing.
import type Dockerode from 'dockerode';
import { firstProcess, pid1IsGunicorn, type ProcessTable } from '../../core/serverProcess';

/** What happened: `sent`, or not, with PID 1's command line for the message. */
export interface HupResult {
  sent: boolean;
  pid1?: string;
}

/** Sends SIGHUP to PID 1 when it is the gunicorn master; otherwise sends nothing. */
export async function hupGunicorn(container: Dockerode.Container): Promise<HupResult> {
  const top = (await container.top({ ps_args: '-o pid,ppid,args' })) as ProcessTable;
  if (!pid1IsGunicorn(top)) return { sent: false, pid1: firstProcess(top) };
  await container.kill({ signal: 'SIGHUP' });
  return { sent: true };
}

/** The message when a server cannot be restarted in place. */
export function notInPlace(result: HupResult): string {
  return `PID 1 of this container is not the gunicorn master (it is "${result.pid1 ?? 'unknown'}"), so the server cannot be restarted in place: stop the session and start it again.`;
}
