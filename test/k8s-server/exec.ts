// pods/exec over WebSocket (v5.channel.k8s.io, also v4): each message is
// [channel][payload]: 0 stdin, 1 stdout, 2 stderr, 3 status (a Status JSON
// with the exit code), 4 resize, and in v5 255 "close this channel". The
// command runs as a Docker exec in the pod's running container.
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { WebSocket } from 'ws';

/** What the exec request asked for. */
export interface ExecRequest { containerId: string; command: string[]; stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean }

/** Parses the exec query (`command` repeated, `stdin`, `stdout`, `stderr`, `tty`). */
export function parseExecQuery(query: URLSearchParams, containerId: string): ExecRequest {
  const flag = (name: string) => query.get(name) === 'true' || query.get(name) === '1';
  return { containerId, command: query.getAll('command'), stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') };
}

/** Runs one exec session on an accepted WebSocket. */
export async function runExec(docker: Docker, ws: WebSocket, r: ExecRequest): Promise<void> {
  const send = (channel: number, data: Buffer | string) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), Buffer.isBuffer(data) ? data : Buffer.from(data)]));
  };
  const finish = (status: object) => {
    send(3, JSON.stringify(status));
    ws.close(1000);
  };
  // kubectl writes stdin (and may close it) right after the upgrade: take
  // those messages now and hand them on once the Docker exec is attached.
  const early: Buffer[] = [];
  let onMessage: (m: Buffer) => void = (m) => early.push(m);
  ws.on('message', (m: Buffer) => onMessage(m));
  if (!r.command.length) return finish(failure('you must specify at least one command for the container'));
  let stream: Duplex;
  let exec: Docker.Exec;
  try {
    exec = await docker.getContainer(r.containerId).exec({ Cmd: r.command, AttachStdin: r.stdin, AttachStdout: r.stdout, AttachStderr: r.stderr, Tty: r.tty });
    stream = (await exec.start({ hijack: true, stdin: r.stdin, Tty: r.tty })) as Duplex;
  } catch (err) {
    return finish(failure(`failed to exec in container: ${err instanceof Error ? err.message : String(err)}`));
  }
  onMessage = (m: Buffer) => {
    const channel = m[0];
    const payload = m.subarray(1);
    if (channel === 0 && r.stdin) stream.write(payload);
    else if (channel === 4) {
      try {
        const size = JSON.parse(payload.toString()) as { Width: number; Height: number };
        void exec.resize({ h: size.Height, w: size.Width }).catch(() => undefined);
      } catch {
        // A malformed resize message is ignored, as the kubelet does.
      }
    } else if (channel === 255 && payload[0] === 0) stream.end();
  };
  early.splice(0).forEach(onMessage);
  ws.on('close', () => stream.destroy());
  let pending: Buffer = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    if (r.tty) return send(1, chunk);
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      send(pending[0] === 2 ? 2 : 1, pending.subarray(8, 8 + size));
      pending = pending.subarray(8 + size);
    }
  });
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  let code: number | null = null;
  for (let i = 0; i < 50 && code === null; i++) {
    const info = await exec.inspect().catch(() => undefined);
    if (info && !info.Running) code = info.ExitCode ?? 0;
    else await new Promise((res) => setTimeout(res, 50));
  }
  if (code === 0) return finish({ metadata: {}, status: 'Success' });
  const exit = code ?? 1;
  finish({
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: error executing command [${r.command.join(' ')}], exit code ${exit}`,
    details: { causes: [{ reason: 'ExitCode', message: String(exit) }] },
  });
}

function failure(message: string): object {
  return { metadata: {}, status: 'Failure', reason: 'InternalError', message };
}
