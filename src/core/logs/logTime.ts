// Log timestamps as comparable keys. Docker and the kubelet stamp lines with
// RFC3339 times whose fraction may be cut short or carry an offset; a key
// puts them all in one fixed-width UTC form so plain string order is time
// order, down to the nanosecond (a JS Date keeps only milliseconds).

// The one grammar of a transport stamp (docker logs -t, kubectl logs
// --timestamps): RFC3339 with an optional fraction of up to nine digits.
const fixedUtc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;
const parts = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;
const leading = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /;

/** True when `text` is a whole transport stamp; Docker's fixed-width UTC form is checked first, as it is the common one. */
export function isTransportTime(text: string): boolean {
  return fixedUtc.test(text) || parts.test(text);
}

/** The line without its leading transport stamp and the space after it. */
export function stripTransportTime(line: string): string {
  const m = leading.exec(line);
  return m ? line.slice(m[0].length) : line;
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
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return time;
  return `${new Date(ms).toISOString().slice(0, 19)}.${(m[2] ?? '').padEnd(9, '0')}Z`;
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
