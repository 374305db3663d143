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

/** Keeps the state between network chunks (a frame may be cut anywhere). */
export class DockerLogDemuxer {
  private pending: Uint8Array = new Uint8Array(0);

  /** Bytes received that do not make a whole frame yet. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** Feeds a network chunk; returns the payload runs it completes, in order. */
  push(chunk: Uint8Array): DockerLogPiece[] {
    let data = chunk;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + chunk.length);
      data.set(this.pending, 0);
      data.set(chunk, this.pending.length);
    }
    const out: DockerLogPiece[] = [];
    let runStream: LogStreamKind | undefined;
    let runParts: Uint8Array[] = [];
    let runBytes = 0;
    const flush = () => {
      if (runStream === undefined || runBytes === 0) return;
      out.push({ stream: runStream, bytes: runParts.length === 1 ? runParts[0] : concat(runParts, runBytes) });
      runParts = [];
      runBytes = 0;
    };
    let at = 0;
    while (data.length - at >= headerSize) {
      const size = ((data[at + 4] << 24) >>> 0) + (data[at + 5] << 16) + (data[at + 6] << 8) + data[at + 7];
      if (data.length - at - headerSize < size) break;
      // 1 stdout, 2 stderr (0 is stdin, never sent for logs): anything not 2 counts as stdout.
      const stream: LogStreamKind = data[at] === 2 ? 'stderr' : 'stdout';
      if (stream !== runStream) {
        flush();
        runStream = stream;
      }
      runParts.push(data.subarray(at + headerSize, at + headerSize + size));
      runBytes += size;
      at += headerSize + size;
    }
    flush();
    // Copy the leftover: the caller may reuse its chunk's memory.
    this.pending = at < data.length ? data.slice(at) : new Uint8Array(0);
    return out;
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const whole = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    whole.set(p, o);
    o += p.length;
  }
  return whole;
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
