// The last lines of a container's output, in the order it wrote them: Docker
// answers a non-follow `logs` request with one buffer of multiplexed frames
// (or raw text for a TTY container), stdout and stderr apart. Each line
// carries Docker's RFC 3339 nano timestamp, so merging by that stamp restores
// the write order. Pure: bytes in, text out.

/** stdout and stderr of one logs answer. */
export interface SplitLogs {
  stdout: string;
  stderr: string;
}

/** Whether `buf` starts like a multiplexed frame: [1|2, 0, 0, 0, size]. */
function looksFramed(buf: Uint8Array): boolean {
  return buf.length >= 8 && (buf[0] === 1 || buf[0] === 2) && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
}

/** Splits a whole logs answer into stdout and stderr (a TTY container's text is all stdout). */
export function splitDockerLogs(buf: Uint8Array): SplitLogs {
  const decoder = new TextDecoder();
  if (!looksFramed(buf)) return { stdout: decoder.decode(buf), stderr: '' };
  const parts: Record<'stdout' | 'stderr', Uint8Array[]> = { stdout: [], stderr: [] };
  let at = 0;
  while (buf.length - at >= 8) {
    const size = ((buf[at + 4] << 24) >>> 0) + (buf[at + 5] << 16) + (buf[at + 6] << 8) + buf[at + 7];
    const end = Math.min(buf.length, at + 8 + size);
    (buf[at] === 2 ? parts.stderr : parts.stdout).push(buf.subarray(at + 8, end));
    at = end;
  }
  const join = (xs: Uint8Array[]) => xs.map((x) => decoder.decode(x, { stream: true })).join('') + decoder.decode();
  return { stdout: join(parts.stdout), stderr: join(parts.stderr) };
}

const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)\s/;

/** Sort key of a timestamped line: the stamp with its fraction padded to 9 digits, so text order is time order. */
function keyOf(line: string): string | undefined {
  const m = stamp.exec(line);
  if (!m) return undefined;
  const s = m[0].trim();
  const frac = /\.(\d+)/.exec(s)?.[1] ?? '';
  return s.replace(/(?:\.\d+)?(Z|[+-]\d\d:\d\d)$/, `.${frac.padEnd(9, '0')}$1`);
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
