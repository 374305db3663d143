// Log timestamps as comparable keys. Docker and the kubelet stamp lines with
// RFC3339 times whose fraction may be cut short or carry an offset; a key
// puts them all in one fixed-width UTC form so plain string order is time
// order, down to the nanosecond (a JS Date keeps only milliseconds). Also the
// container runtime's own (CRI) line prefix, as a node's pod log files hold it.

// The one grammar of a transport stamp (docker logs -t, kubectl logs
// --timestamps): RFC3339 with an optional fraction of up to nine digits.
const fixedUtc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;
const parts = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;
const leading = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /;

/** True when `text` is a whole transport stamp; Docker's fixed-width UTC form is checked first, as it is the common one. */
export function isTransportTime(text: string): boolean {
  return fixedUtc.test(text) || parts.test(text);
}

// The fixed-width form, character by character: 'd' a digit, anything else itself.
const fixedForm = 'dddd-dd-ddTdd:dd:dd.dddddddddZ';

/**
 * True when `text` holds Docker's fixed-width UTC stamp (the form `fixedUtc`
 * matches, 30 characters) at `from`; read in place, without a slice or a
 * regex, as the log buffer asks it of every line.
 */
export function isFixedStampAt(text: string, from: number): boolean {
  if (text.length - from < fixedForm.length) return false;
  for (let i = 0; i < fixedForm.length; i++) {
    const c = text.charCodeAt(from + i);
    const want = fixedForm.charCodeAt(i);
    if (want === 100 ? c < 48 || c > 57 : c !== want) return false;
  }
  return true;
}

// The container runtime's log format (CRI: containerd, CRI-O), which AKS nodes
// keep under /var/log/pods and users copy from there: `<time> <stream> <tag>
// <message>`, the tag F for a full line or P for a part the runtime split off
// a long line, continued by the stream's next entry. An empty line may lose
// the space after its tag.
const criTag = /^(stdout|stderr) ([FP])(?: |$)/;

/** What a line's transport prefix says: the stamp, and for a CRI line its stream and whether it is a part. */
export interface TransportPrefix {
  /** Characters the prefix takes, the space after it included. */
  readonly length: number;
  readonly time: string;
  /** The stream a CRI line names. */
  readonly stream?: 'stdout' | 'stderr';
  /** A CRI `P` line: the message goes on in the stream's next line. */
  readonly partial?: boolean;
}

/** The CRI tag after a stamp (`stdout F `), read at `from`; cheap for the lines that have none. */
export function criTagAt(line: string, from: number): { length: number; stream: 'stdout' | 'stderr'; partial: boolean } | undefined {
  if (line.charCodeAt(from) !== 115) return undefined; // 's'
  const m = criTag.exec(line.slice(from, from + 9));
  return m ? { length: m[0].length, stream: m[1] as 'stdout' | 'stderr', partial: m[2] === 'P' } : undefined;
}

/** The transport prefix of a line (docker -t, kubectl --timestamps, or CRI), or undefined. */
export function transportPrefix(line: string): TransportPrefix | undefined {
  const m = leading.exec(line);
  if (!m) return undefined;
  const time = m[0].slice(0, -1);
  const tag = criTagAt(line, m[0].length);
  return tag ? { length: m[0].length + tag.length, time, stream: tag.stream, partial: tag.partial } : { length: m[0].length, time };
}

/** The line without its leading transport prefix (a stamp, and a CRI line's stream and tag). */
export function stripTransportTime(line: string): string {
  const p = transportPrefix(line);
  return p ? line.slice(p.length) : line;
}

/**
 * A key for an RFC3339(Nano) time that sorts as the time does:
 * `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` in UTC. An unparsable time is returned
 * as it is (it then sorts by its text).
 */
export function timeKey(time: string): string {
  if (fixedUtc.test(time)) return time; // the common case: Docker's fixed-width UTC
  const m = parts.exec(time);
  if (!m) return time;
  const second = utcSecond(`${m[1]}${m[3]}`);
  if (second === undefined) return time;
  return `${second}.${(m[2] ?? '').padEnd(9, '0')}Z`;
}

// The last second converted: a log's lines come many to a second, so one
// Date per second instead of one per line (a cluster's stamps drop trailing
// zeros of the fraction, so a tenth of them miss the fixed form).
let lastSecond = '';
let lastUtc: string | undefined;

/** `YYYY-MM-DDTHH:MM:SS` in UTC for a whole second with its offset, or undefined when it is no date. */
function utcSecond(second: string): string | undefined {
  if (second !== lastSecond) {
    const ms = Date.parse(second);
    lastUtc = Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 19);
    lastSecond = second;
  }
  return lastUtc;
}

/**
 * Docker's `since` query parameter wants `seconds[.nanoseconds]` since the
 * epoch; converts an RFC3339(Nano) time to it without losing the nanoseconds
 * (a JS Date would keep only milliseconds). Undefined for an unparsable time.
 */
export function toDockerSince(rfc3339: string): string | undefined {
  const m = parts.exec(rfc3339);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return `${Math.floor(ms / 1000)}.${(m[2] ?? '').padEnd(9, '0')}`;
}
