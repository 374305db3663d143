// Restarts a container's scoring server in place, keeping the container and
// its log: SIGHUP to PID 1 when it is the gunicorn master; under runit
// (Azure ML's images) SIGTERM to the azmlinfsrv master, whose clean exit
// runit answers by starting gunicorn/run again. runsvdir itself is never
// signalled (it exits on SIGHUP and takes the container down).
import type Dockerode from 'dockerode';
import { demuxedText } from '../../core/logs/dockerLogFrames';
import { serverProcess, type ProcessTable, type ServerProcess } from '../../core/docker/serverProcess';
import { l10n } from '../../core/l10n';

/** What was done: the server's kind, and whether a signal was sent. */
export interface RestartResult {
  sent: boolean;
  server: ServerProcess;
}

// The container's own process table (its PIDs, not the host's), read from /proc so no `ps` is needed in the image. A fixed script: no input reaches it.
const PROC_TABLE = 'echo "PID PPID COMMAND"; for d in /proc/[0-9]*; do [ -r "$d/cmdline" ] || continue; a=$(tr "\\000" " " < "$d/cmdline" 2>/dev/null); [ -n "$a" ] || continue; s=$(cat "$d/stat" 2>/dev/null) || continue; s=${s##*) }; set -- $s; echo "${d#/proc/} $2 $a"; done';

/** Runs `cmd` in the container as its own user; resolves stdout and the exit code. */
async function exec(container: Dockerode.Container, cmd: string[]): Promise<{ code: number; out: string }> {
  const e = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const info = await e.inspect();
  return { code: info.ExitCode ?? -1, out: demuxedText(Buffer.concat(chunks)) };
}

/** Parses `PID PPID COMMAND` lines into a process table. */
function table(text: string): ProcessTable {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const processes = lines.slice(1).map((l) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l);
    return m ? [m[1], m[2], m[3].trim()] : [];
  });
  return { Titles: ['PID', 'PPID', 'COMMAND'], Processes: processes.filter((p) => p.length === 3) };
}

/**
 * Restarts the scoring server of `container` in place when that is safe
 * (see {@link serverProcess}); otherwise sends nothing, and the caller
 * restarts the container.
 *
 * `how`: `restart` ends the azmlinfsrv master and runit starts a new one (a
 * local Reload: a fresh server reads its settings again); `workers` sends the
 * master SIGHUP, so gunicorn forks new workers that import score.py again and
 * the master lives on (a debug Restart: the master holds the debugger's
 * connection, and each new worker asks for its own session).
 */
export async function restartServerInPlace(container: Dockerode.Container, how: 'restart' | 'workers' = 'restart'): Promise<RestartResult> {
  const top = (await container.top({ ps_args: '-o pid,ppid,args' })) as ProcessTable;
  const server = serverProcess(top);
  if (server.kind === 'gunicorn-master-as-pid1') {
    await container.kill({ signal: 'SIGHUP' });
    return { sent: true, server };
  }
  if (server.kind !== 'azmlinfsrv-under-runit') return { sent: false, server };
  // `docker top` numbers processes as the host does; `kill` inside needs the container's own PID.
  const inside = serverProcess(table((await exec(container, ['/bin/sh', '-c', PROC_TABLE])).out));
  if (inside.kind !== 'azmlinfsrv-under-runit' || !inside.pid || !/^\d+$/.test(inside.pid) || inside.pid === '1') return { sent: false, server };
  const killed = await exec(container, ['kill', how === 'workers' ? '-HUP' : '-TERM', inside.pid]);
  return { sent: killed.code === 0, server };
}

/** The message when a server cannot be restarted in place. */
export function notInPlace(result: RestartResult): string {
  return l10n.t('The scoring server of this container cannot be restarted in place: PID 1 is "{0}", neither a gunicorn master nor runit with azmlinfsrv under it. Stop the session and start it again.', result.server.pid1 ?? 'unknown');
}
