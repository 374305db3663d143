// pods/log: the output of the container's current run, or of the run before
// it with `previous=true`, read from Docker with the kubelet's options
// (follow, tailLines, timestamps, sinceSeconds/sinceTime, limitBytes) and
// written as text/plain, ending when the container's output ends.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { Kubelet } from './kubelet';
import { ApiError, type Pod } from './types';

/** Serves one pods/log request. */
export async function serveLogs(docker: Docker, kubelet: Kubelet, pod: Pod, query: URLSearchParams, res: ServerResponse): Promise<void> {
  const { slot } = kubelet.runtime(pod, query.get('container'));
  const previous = query.get('previous') === 'true';
  const run = previous ? slot.previous : slot.current ?? slot.previous;
  if (!run) {
    if (previous) throw new ApiError(400, 'BadRequest', `previous terminated container "${slot.spec.name}" in pod "${pod.metadata.name}" not found`);
    const reason = slot.state.waiting?.reason ?? 'ContainerCreating';
    throw new ApiError(400, 'BadRequest', `container "${slot.spec.name}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
  }
  const follow = query.get('follow') === 'true' && !previous;
  const tail = query.get('tailLines');
  const sinceSeconds = query.get('sinceSeconds');
  const sinceTime = query.get('sinceTime');
  const since = sinceSeconds ? Math.floor(Date.now() / 1000) - Number(sinceSeconds) : sinceTime ? Math.floor(Date.parse(sinceTime) / 1000) : 0;
  const limitBytes = query.get('limitBytes') ? Number(query.get('limitBytes')) : Infinity;
  const container = docker.getContainer(run.id);
  const opts = { stdout: true, stderr: true, timestamps: query.get('timestamps') === 'true', ...(tail ? { tail: Number(tail) } : {}), ...(since ? { since } : {}) };
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let written = 0;
  const write = (chunk: Buffer): boolean => {
    if (written >= limitBytes) return false;
    const part = chunk.subarray(0, Math.max(0, limitBytes - written));
    written += part.length;
    res.write(part);
    return written < limitBytes;
  };
  if (!follow) {
    const body = (await container.logs({ ...opts, follow: false })) as unknown as Buffer;
    for (const frame of frames(body).frames) if (!write(frame)) break;
    res.end();
    return;
  }
  const stream = (await container.logs({ ...opts, follow: true })) as unknown as Readable;
  let pending: Buffer = Buffer.alloc(0);
  const stop = () => stream.destroy();
  res.on('close', stop);
  stream.on('data', (chunk: Buffer) => {
    const parsed = frames(Buffer.concat([pending, chunk]));
    pending = parsed.rest;
    for (const frame of parsed.frames) {
      if (!write(frame)) {
        stop();
        res.end();
        return;
      }
    }
  });
  stream.on('end', () => res.end());
  stream.on('error', () => res.end());
  stream.on('close', () => res.end());
}

/** Splits Docker's multiplexed log stream (8-byte headers) into payloads. */
export function frames(buf: Buffer): { frames: Buffer[]; rest: Buffer } {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    if (i + 8 + size > buf.length) break;
    out.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return { frames: out, rest: buf.subarray(i) };
}
