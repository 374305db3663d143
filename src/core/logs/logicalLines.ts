// Turns raw container output into clean logical lines for crash analysis:
// ANSI colours and carriage returns removed, transport prefixes (docker -t,
// kubectl --timestamps, a node's CRI lines, whose split parts are joined) and
// log-record prefixes (logRecord's grammar, the one the panel reads levels
// with; JSON lines of old v1 images) stripped, with the record's pid and
// level kept aside.
import { levelNamed, recordPrefix, type LogLevel } from './logRecord';
import { transportPrefix } from './logTime';
import type { LogEntry } from './logBuffer';
import { stripAnsi } from './ansi';

/** One logical line of a log. */
export interface LogLine {
  /** The message text, prefixes removed. */
  text: string;
  /** True when the line starts a log record (it had a record prefix). */
  record: boolean;
  /** The writing process, when the prefix names it. */
  pid?: number;
  /** The level the prefix names. */
  level?: LogLevel;
}

/** Strips one record prefix (the one grammar, logRecord); `undefined` when the line has none. */
function stripRecordPrefix(text: string): LogLine | undefined {
  const p = recordPrefix(text);
  return p ? { text: text.slice(p.length), record: true, pid: p.pid, level: p.level } : undefined;
}

/** Old v1 images log JSON objects whose `message` may itself be a JSON record. */
function jsonMessage(text: string): { message: string; level?: LogLevel } | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  try {
    let obj: unknown = JSON.parse(text);
    let level: LogLevel | undefined;
    for (let depth = 0; depth < 3 && obj && typeof obj === 'object'; depth++) {
      const rec = obj as Record<string, unknown>;
      const msg = typeof rec.message === 'string' ? rec.message : typeof rec.msg === 'string' ? rec.msg : undefined;
      if (typeof rec.level === 'string') level = levelNamed(rec.level);
      if (msg === undefined) return undefined;
      const inner = msg.trim();
      if (inner.startsWith('{') && inner.endsWith('}')) {
        try {
          obj = JSON.parse(inner);
          continue;
        } catch {
          return { message: msg, level };
        }
      }
      return { message: msg, level };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Splits and cleans a whole log (any line ends) into logical lines. */
export function logLines(raw: string): LogLine[] {
  const out: LogLine[] = [];
  // The start of a CRI line the runtime split (tag P), per stream, until its full (F) end arrives.
  const parts = { stdout: '', stderr: '' };
  for (const physical of stripAnsi(raw).split(/\r\n|\n|\r/)) {
    const prefix = transportPrefix(physical);
    let text = prefix ? physical.slice(prefix.length) : physical;
    if (prefix?.stream) {
      if (prefix.partial) {
        parts[prefix.stream] += text;
        continue;
      }
      text = parts[prefix.stream] + text;
      parts[prefix.stream] = '';
    }
    const json = jsonMessage(text.trim());
    if (json) {
      const messageLines = json.message.split(/\r\n|\n|\r/);
      messageLines.forEach((part, i) => {
        const inner = i === 0 ? stripRecordPrefix(part) : undefined;
        out.push(inner ?? { text: part, record: i === 0, level: i === 0 ? json.level : undefined });
      });
      continue;
    }
    out.push(stripRecordPrefix(text) ?? { text, record: false });
  }
  return out;
}

/** The logical lines of entries a LogBuffer holds (a tab's, or a tail's), for crash analysis. */
export function logicalLinesOf(entries: readonly LogEntry[]): LogLine[] {
  return logLines(entries.map((e) => e.text).join('\n'));
}
