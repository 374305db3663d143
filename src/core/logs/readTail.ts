// Reads the last lines of a log source once (no follow), down the same road
// a log panel tab takes: the source's own fetch (Docker's or the cluster's,
// with its demuxer), then a LogBuffer that cuts lines, masks their secrets and
// reads their timestamps. Crash analysis reads what this gives, so the line it puts
// a diagnostic on is the line the panel shows, fetched and parsed one way.
import { LogBuffer, type LogEntry } from './logBuffer';
import type { LogSource } from './logSource';
import { timeKey } from './logTime';
import { l10n } from '../l10n';

/** What to read. */
export interface TailOptions {
  /** Lines from the end of the output. */
  readonly tail: number;
  /** The previous (crashed) run, for sources that stream it apart (Kubernetes). */
  readonly previous?: boolean;
  /** Gives up with an error after this long (a source that waits to reconnect would otherwise hold on). */
  readonly timeoutMs?: number;
}

/** The lines of the last `tail` of `source`'s output, in the order the source gave them. */
export function readTail(source: LogSource, options: TailOptions): Promise<LogEntry[]> {
  const buffer = new LogBuffer({ timestamps: true, capacity: Math.max(options.tail, 1) });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // May run inside open() (a source that answers at once): dispose once open() has returned.
      queueMicrotask(() => handle.dispose());
      if (error) reject(error);
      else resolve(tailOf(buffer.entries(), options.tail));
    };
    const timer = setTimeout(() => finish(new Error(l10n.t('no answer within {0} s', Math.round((options.timeoutMs ?? 15000) / 1000)))), options.timeoutMs ?? 15000);
    const handle = source.open(
      { follow: false, timestamps: true, tail: options.tail, ...(options.previous ? { previous: true } : {}) },
      {
        data: (chunk) => buffer.append(chunk),
        restart: () => undefined,
        end: () => {
          buffer.end();
          finish();
        },
        error: (err, retrying) => {
          if (!retrying) finish(err);
        },
        resumeFrom: () => undefined,
      },
    );
  });
}

/**
 * The lines in the order the process wrote them. Docker's engine copies
 * stdout and stderr into its log from two readers, so a stored (non-follow)
 * log can hold a stderr line a few lines early; each line's stamp is taken
 * when it was read, so sorting by the stamp (stable; a line without one keeps
 * its predecessor's) restores the order. Seen on the real engine: 285 before
 * 283 and 284 with a line every 2 ms.
 */
function inWriteOrder(entries: LogEntry[]): LogEntry[] {
  let last = '';
  const keyed = entries.map((e, i) => {
    if (e.time) last = timeKey(e.time);
    return { e, i, key: last };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  return keyed.map((k) => k.e);
}

/** The last `tail` output lines of entries a buffer holds, in write order (what readTail gives). */
function tailOf(entries: readonly LogEntry[], tail: number): LogEntry[] {
  return inWriteOrder(entries.filter((e) => e.kind === 'line')).slice(-Math.max(tail, 1));
}

/**
 * The output lines of a buffer that already holds a run to its end (an open
 * log tab whose stream ended), in write order; undefined when it cannot be
 * shown to hold the run that started at `runStartedAt` (no line stamped at or
 * after it: the tab ended with an earlier run, or the run printed nothing),
 * and then the source is read instead. All of it, not a tail: what the panel
 * shows is what the analysis reads, even a traceback thousands of lines up.
 */
export function heldRunLines(entries: readonly LogEntry[], runStartedAt: string | undefined): LogEntry[] | undefined {
  if (!runStartedAt) return undefined;
  const start = timeKey(runStartedAt);
  const lines = tailOf(entries, entries.length);
  const newest = lines[lines.length - 1]?.time;
  return newest !== undefined && timeKey(newest) >= start ? lines : undefined;
}
