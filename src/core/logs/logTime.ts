// Log timestamps as comparable keys. Docker and the kubelet stamp lines with
// RFC3339 times whose fraction may be cut short or carry an offset; a key
// puts them all in one fixed-width UTC form so plain string order is time
// order, down to the nanosecond (a JS Date keeps only milliseconds).

const fixedUtc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;
const parts = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

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
