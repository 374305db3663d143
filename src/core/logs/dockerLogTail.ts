// The last lines of a container's output, in the order it wrote them: Docker
// answers a non-follow `logs` request with one buffer of multiplexed frames
// (or raw text for a TTY container), stdout and stderr apart. Each line
// carries Docker's RFC 3339 nano timestamp, so merging by that stamp restores
// the write order. Pure: bytes in, text out.
import { DockerLogDemuxer } from './dockerLogFrames';
import { timeKey } from './logTime';

/** stdout and stderr of one logs answer. */
export interface SplitLogs {
  stdout: string;
  stderr: string;
}

/** Whether `buf` starts like a multiplexed frame: [1|2, 0, 0, 0, size]. */
function looksFramed(buf: Uint8Array): boolean {
  return buf.length >= 8 && (buf[0] === 1 || buf[0] === 2) && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
}

/**
 * Splits a whole logs answer into stdout and stderr (a TTY container's text
 * is all stdout), with the same demuxer the log panel's stream goes through.
 */
export function splitDockerLogs(buf: Uint8Array): SplitLogs {
  if (!looksFramed(buf)) return { stdout: new TextDecoder().decode(buf), stderr: '' };
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const text = { stdout: '', stderr: '' };
  for (const piece of new DockerLogDemuxer().push(buf)) text[piece.stream] += decoders[piece.stream].decode(piece.bytes, { stream: true });
  return { stdout: text.stdout + decoders.stdout.decode(), stderr: text.stderr + decoders.stderr.decode() };
}

const stamp = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\s/;

/** Sort key of a timestamped line: the log panel's time key of its stamp. */
function keyOf(line: string): string | undefined {
  const m = stamp.exec(line);
  return m ? timeKey(m[1]) : undefined;
}

/**
 * stdout and stderr lines merged by their Docker timestamps (stable for equal
 * stamps; a line without a stamp stays after the line before it).
 */
export function mergeByTimestamp(logs: SplitLogs): string {
  type Line = { key: string; seq: number; text: string };
  const lines: Line[] = [];
  let seq = 0;
  for (const text of [logs.stdout, logs.stderr]) {
    let last = '';
    for (const line of text.split('\n')) {
      if (line === '' || line === '\r') continue;
      const key = keyOf(line) ?? last;
      last = key;
      lines.push({ key, seq: seq++, text: line });
    }
  }
  lines.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq));
  return lines.map((l) => l.text).join('\n');
}
