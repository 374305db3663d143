// How long to wait before asking Azure again: the Retry-After of a 429, a 503
// or a long-running operation's 202 (seconds, or an HTTP date; ARM's
// `retry-after-ms` / `x-ms-retry-after-ms` when given), bounded so a hostile
// or broken header cannot park a refresh for an hour. Pure.

/** Bounds of a wait, in milliseconds. */
export interface WaitBounds {
  /** Used when the answer names no wait. */
  fallbackMs: number;
  /** Never wait less (ARM's LRO guidance: no tighter loop than this). */
  minMs: number;
  /** Never wait more. */
  maxMs: number;
}

/** The wait an answer asks for, in milliseconds, within `bounds`; `now` for HTTP dates. */
export function retryDelayMs(headers: { get(name: string): string | null }, bounds: WaitBounds, now = Date.now()): number {
  const clamp = (ms: number) => Math.min(bounds.maxMs, Math.max(bounds.minMs, ms));
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = headers.get(name);
    if (v && /^\s*\d+(\.\d+)?\s*$/.test(v)) return clamp(Number(v));
  }
  const v = headers.get('retry-after');
  if (v) {
    if (/^\s*\d+\s*$/.test(v)) return clamp(Number(v) * 1000);
    const at = Date.parse(v);
    if (!Number.isNaN(at)) return clamp(at - now);
  }
  return clamp(bounds.fallbackMs);
}
