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

/**
 * Longest line read as a JSON record, the log buffer's own line limit. A v1
 * record holds a traceback, a few KB; JSON.parse of a 4 MB line nested to its
 * end took 1.6 s of CPU (issue 17), and a longer line is no record of the server's.
 */
const maxRecordLength = 64 * 1024;

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

/**
 * Where the last `lines` lines of `text` (ended by \n, \r\n or \r) start: one
 * backward pass over them, whatever comes before.
 */
function lastLinesStart(text: string, lines: number): number {
  let i = text.length - 1;
  // The text's own final line end belongs to its last line.
  if (text.charCodeAt(i) === 10) i--;
  if (text.charCodeAt(i) === 13) i--;
  for (let seen = 0; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (++seen === lines) return i + 1;
    if (c === 10 && text.charCodeAt(i - 1) === 13) i--;
  }
  return 0;
}

/**
 * Splits and cleans a whole log (any line ends) into logical lines; with
 * `last`, only its last `last` lines are read. A run ends its output, and a
 * progress bar's updates, each ended by \r, make millions of lines of a few
 * MB: 2 s of CPU to read them all (issue 17).
 */
export function logLines(whole: string, last = Infinity): LogLine[] {
  const raw = last === Infinity ? whole : whole.slice(lastLinesStart(whole, last));
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
    const json = text.length <= maxRecordLength ? jsonMessage(text.trim()) : undefined;
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

/** The logical lines of entries a LogBuffer holds (a tab's, or a tail's), for crash analysis; the last `last` of them. */
export function logicalLinesOf(entries: readonly LogEntry[], last = Infinity): LogLine[] {
  return logLines(entries.map((e) => e.text).join('\n'), last);
}
