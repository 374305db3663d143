// Renders log entries as plain text for "Open as document" (the azureml-log
// language colours it): one line per entry, the timestamp in front when
// asked, restart marks as a ruled line the grammar recognises.
import type { LogEntry } from './logBuffer';
import type { RestartInfo } from './logSource';
import { compileFilter } from './logFilter';

/** Options of the text form. */
export interface LogTextOptions {
  /** Put each line's timestamp in front of it. */
  readonly timestamps: boolean;
  /** Describes a restart mark (localized by the caller), e.g. "Restarted (exit code 3)". */
  readonly restartLabel: (info: RestartInfo) => string;
  /** Keep only the lines the panel's filter box keeps with this text (logFilter.ts); restart marks stay. */
  readonly filter?: string;
}

/** The rule around a restart mark's label; the azureml-log grammar matches it. */
export const restartRule = '────────';

/** The entries as text, one line each, ending with a newline. */
export function logText(entries: readonly LogEntry[], options: LogTextOptions): string {
  const keep = compileFilter(options.filter ?? '').test;
  const out: string[] = [];
  for (const e of entries) {
    if (e.kind === 'restart') {
      out.push(`${restartRule} ${options.restartLabel(e.restart ?? {})} ${restartRule}`);
      continue;
    }
    if (keep && !keep(e.text)) continue;
    out.push(options.timestamps && e.time ? `${e.time} ${e.text}` : e.text);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
