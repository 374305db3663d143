// Splits Docker's multiplexed log stream (non-TTY containers: each frame is
// an 8-byte header [stream, 0, 0, 0, size as uint32 big-endian] and its
// payload) back into stdout and stderr. Consecutive frames of one stream
// are handed on as one piece, so a network chunk of hundreds of one-line
// frames costs one append instead of hundreds. Pure: bytes in, pieces out.
import type { LogStreamKind } from './logSource';

/** A run of payload bytes from one stream. */
export interface DockerLogPiece {
  readonly stream: LogStreamKind;
  readonly bytes: Uint8Array;
}

const headerSize = 8;
const empty = new Uint8Array(0);

/** Keeps the state between network chunks (a frame may be cut anywhere). */
export class DockerLogDemuxer {
  private pending: Uint8Array = empty;

  /** Bytes received that do not make a whole frame yet. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** Feeds a network chunk; returns the payload runs it completes, in order. */
  push(chunk: Uint8Array): DockerLogPiece[] {
    // A plain view: a Buffer's subarray() makes a Buffer, slower to make, once per frame.
    let data = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.pending.length > 0) {
      const joined = new Uint8Array(this.pending.length + data.length);
      joined.set(this.pending, 0);
      joined.set(data, this.pending.length);
      data = joined;
    }
    // This runs for every chunk of every followed log: no closures, no list of
    // parts per run, one copy of a run's payloads (ingest profile, issue 18).
    const out: DockerLogPiece[] = [];
    let runStream = 0; // 1 stdout, 2 stderr; 0 before the first frame
    let runStart = 0;
    let runFrames = 0;
    let runBytes = 0;
    let at = 0;
    while (data.length - at >= headerSize) {
      const size = ((data[at + 4] << 24) >>> 0) + (data[at + 5] << 16) + (data[at + 6] << 8) + data[at + 7];
      if (data.length - at - headerSize < size) break;
      // 1 stdout, 2 stderr (0 is stdin, never sent for logs): anything not 2 counts as stdout.
      const stream = data[at] === 2 ? 2 : 1;
      if (stream !== runStream) {
        if (runBytes > 0) out.push(run(data, runStart, runFrames, runBytes, runStream));
        runStream = stream;
        runStart = at;
        runFrames = 0;
        runBytes = 0;
      }
      runFrames++;
      runBytes += size;
      at += headerSize + size;
    }
    if (runBytes > 0) out.push(run(data, runStart, runFrames, runBytes, runStream));
    // Copy the leftover (a Buffer's slice() would not): the caller may reuse its chunk's memory.
    this.pending = at < data.length ? new Uint8Array(data.subarray(at)) : empty;
    return out;
  }
}

/** The payloads of `frames` consecutive frames from `start`, as one piece: a view for one frame, else one copy. */
function run(data: Uint8Array, start: number, frames: number, bytes: number, stream: number): DockerLogPiece {
  const kind: LogStreamKind = stream === 2 ? 'stderr' : 'stdout';
  if (frames === 1) return { stream: kind, bytes: data.subarray(start + headerSize, start + headerSize + bytes) };
  const whole = new Uint8Array(bytes);
  let o = 0;
  let at = start;
  for (let f = 0; f < frames; f++) {
    const size = ((data[at + 4] << 24) >>> 0) + (data[at + 5] << 16) + (data[at + 6] << 8) + data[at + 7];
    const from = at + headerSize;
    whole.set(data.subarray(from, from + size), o);
    o += size;
    at = from + size;
  }
  return { stream: kind, bytes: whole };
}

/**
 * The text of a whole multiplexed log answer (a non-follow `docker logs`),
 * both streams in the order Docker stored them. A trailing partial frame is
 * dropped, as a follow reader would wait for the rest.
 */
export function demuxedText(buf: Uint8Array): string {
  const decoder = new TextDecoder('utf-8');
  return new DockerLogDemuxer().push(buf).map((p) => decoder.decode(p.bytes, { stream: true })).join('') + decoder.decode();
}
