// Runs short probe commands in a running container (docker exec, argument
// arrays only), for the crash quick fixes. dockerode is only a type here; the
// client comes from the Docker connection. (What a container said last is
// read through its log source: core/logs/readTail.)
import type Dockerode from 'dockerode';
import { PassThrough, type Readable } from 'node:stream';
import { l10n } from '../core/l10n';

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
      reject(new Error(l10n.t('no answer within {0} s', timeoutMs / 1000)));
    }, timeoutMs);
    stream.on('end', () => { clearTimeout(timer); resolve(); });
    stream.on('close', () => { clearTimeout(timer); resolve(); });
    stream.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  return { stdout: Buffer.concat(chunks.stdout).toString('utf8'), stderr: Buffer.concat(chunks.stderr).toString('utf8') };
}
