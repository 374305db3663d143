// Reads what a stopped or crashing container said last (docker logs --tail
// with timestamps, merged in write order) and runs short probe commands in a
// running one (docker exec, argument arrays only). Used by the crash
// diagnostics; dockerode is only a type here, the client comes from the bag.
import type Dockerode from 'dockerode';
import { PassThrough, type Readable } from 'node:stream';
import { mergeByTimestamp, splitDockerLogs } from '../core/logs/dockerLogTail';

/** The last `tail` lines of stdout and stderr, merged by their timestamps. */
export async function containerLogTail(docker: Dockerode, containerId: string, tail = 2000): Promise<string> {
  const raw = (await docker.getContainer(containerId).logs({ stdout: true, stderr: true, tail, timestamps: true, follow: false })) as unknown;
  const buf = Buffer.isBuffer(raw) ? raw : typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.alloc(0);
  return mergeByTimestamp(splitDockerLogs(buf));
}

/** Runs `cmd` in the container; resolves with its stdout and stderr (rejects after `timeoutMs`). */
export async function execInContainer(docker: Dockerode, containerId: string, cmd: readonly string[], timeoutMs = 15000): Promise<{ stdout: string; stderr: string }> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: [...cmd], AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  out.on('data', (b: Buffer) => chunks.stdout.push(b));
  err.on('data', (b: Buffer) => chunks.stderr.push(b));
  docker.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    stream.on('end', () => { clearTimeout(timer); resolve(); });
    stream.on('close', () => { clearTimeout(timer); resolve(); });
    stream.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  return { stdout: Buffer.concat(chunks.stdout).toString('utf8'), stderr: Buffer.concat(chunks.stderr).toString('utf8') };
}
