// The one grammar of a log line's record prefix, in every shape an Azure ML
// inference container writes: the v1 server, azmlinfsrv, gunicorn, runit,
// nginx, supervisord, Python's logging, access logs. The panel reads a line's
// level from it (levelOf), crash analysis strips the prefix and keeps the
// writing pid (logicalLines): one table, so the two never disagree about
// what a line is.
/** Severity of a line, most severe first. */
export type LogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug';

/** What a record prefix says about its line. */
export interface RecordPrefix {
  /** Characters the prefix takes at the start of the line. */
  readonly length: number;
  /** The writing process, when the prefix names it. */
  readonly pid?: number;
  readonly level?: LogLevel;
}

const byWord: Readonly<Record<string, LogLevel>> = {
  CRITICAL: 'critical',
  CRIT: 'critical',
  FATAL: 'critical',
  ERROR: 'error',
  ERRO: 'error',
  EXCEPTION: 'error',
  WARNING: 'warning',
  WARN: 'warning',
  INFO: 'info',
  DEBUG: 'debug',
  DEBG: 'debug',
};
const byLetter: Readonly<Record<string, LogLevel>> = { C: 'critical', E: 'error', W: 'warning', I: 'info', D: 'debug' };
const nginxLevels: Readonly<Record<string, LogLevel>> = { emerg: 'critical', alert: 'critical', crit: 'critical', error: 'error', warn: 'warning', notice: 'info', info: 'info', debug: 'debug' };

// How a line starts, so a line is tried only against the shapes that can match it
// (this runs for every line the panel receives).
type Lead = 'digit' | 'bracket' | 'upper' | 'any';

interface Shape {
  readonly lead: Lead;
  readonly re: RegExp;
  /**
   * A few characters the shape cannot match without, checked before its
   * regex: `p` is where a digit-led line's clock ends (see clockEnd). Only
   * ever false when the regex would fail too.
   */
  readonly may?: (text: string, p: number) => boolean;
  /** The level the match declares; absent for shapes that never declare one. */
  readonly level?: (m: RegExpExecArray, text: string) => LogLevel | undefined;
  /**
   * The same level read in place from a line the regex matched (test(), no
   * match array: levelOf runs for every line the panel receives, and the
   * garbage of a match per line cost the ingest more than the regex).
   */
  readonly levelAt?: (text: string, p: number) => LogLevel | undefined;
  readonly pid?: (m: RegExpExecArray) => number | undefined;
}

// runit's gunicorn/finish in Azure ML images: the server died and takes the container with it.
// Sticky, so it is tried right after the prefix without cutting the line.
const runitKill = /Exit code -?\d+ is not normal\. Killing image\./y;
function killsImage(text: string, at: number): boolean {
  runitKill.lastIndex = at;
  return runitKill.test(text);
}

// Most specific first: the last two Python shapes would also match the earlier lines.
const shapes: readonly Shape[] = [
  // gunicorn's error log: [2026-11-23 18:37:58 +0000] [1] [INFO] msg
  {
    lead: 'bracket',
    re: /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[(\d+)\] \[([A-Z]+)\] ?/,
    level: (m) => byWord[m[2]],
    // The pid's ']' is the first after its '[' (at 28); the level is the next bracket's word.
    levelAt: (t) => {
      const from = t.indexOf(']', 29) + 3;
      return wordLevel(t, from, t.indexOf(']', from));
    },
    pid: (m) => Number(m[1]),
  },
  // azmlinfsrv (levelname cut to one letter): 2023-05-17 09:12:43,811 E [63] azmlinfsrv - msg
  {
    lead: 'digit',
    re: /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[,.]\d+)? ([CEWID]) \[(\d+)\] \S+ - ?/,
    may: (t, p) => t.charCodeAt(4) === 45 && t.charCodeAt(p) === 32 && t.charCodeAt(p + 2) === 32 && t.charCodeAt(p + 3) === 91, // '-', ' X ['
    level: (m) => byLetter[m[1]],
    levelAt: (t, p) => byLetter[t[p + 1]],
    pid: (m) => Number(m[2]),
  },
  // v1 server: 2022-09-21 13:13:48,238 | root | INFO | msg
  {
    lead: 'digit',
    re: /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[,.]\d+)? \| [^|]* \| ([A-Z]+) \| ?/,
    may: (t, p) => t.charCodeAt(4) === 45 && t.charCodeAt(p) === 32 && t.charCodeAt(p + 1) === 124, // '-', ' |'
    level: (m) => byWord[m[1]],
    // The name holds no '|': the first one after ' | ' ends it, and the level's capitals follow.
    levelAt: (t, p) => {
      const from = t.indexOf('|', p + 3) + 2;
      let to = from;
      while (isUpper(t.charCodeAt(to))) to++;
      return wordLevel(t, from, to);
    },
  },
  // runit: 2023-05-17T09:12:40,120158200+00:00 | gunicorn/run | msg, or ... - msg
  {
    lead: 'digit',
    re: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d+[+-]\d\d:\d\d (?:\| [\w./-]+ \| ?|- )/,
    may: (t) => t.charCodeAt(4) === 45 && t.charCodeAt(10) === 84 && t.charCodeAt(19) === 44, // '-', 'T', ','
    level: (m, text) => (killsImage(text, m[0].length) ? 'error' : undefined),
  },
  // nginx's error log, in front of the server: 2026/11/29 15:42:56 [error] 18#18: *1 msg
  {
    lead: 'digit',
    re: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(emerg|alert|crit|error|warn|notice|info|debug)\] (?:(\d+)#\d+: )?/,
    may: (t) => t.charCodeAt(4) === 47, // '/'
    level: (m) => nginxLevels[m[1]],
    pid: (m) => (m[2] ? Number(m[2]) : undefined),
  },
  // supervisord: 2018-11-30 09:33:03,756 INFO spawned: ...
  {
    lead: 'digit',
    re: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (CRIT|ERRO|WARN|INFO|DEBG) /,
    may: (t) => t.charCodeAt(4) === 45 && t.charCodeAt(10) === 32 && t.charCodeAt(19) === 44, // '-', ' ', ','
    level: (m) => byWord[m[1]],
    levelAt: (t) => wordLevel(t, 24, 28),
  },
  // Other Python logging: 2022-01-01 10:00:00,123 - name - ERROR - msg, or ... ERROR msg
  {
    lead: 'digit',
    re: /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?(?: [-|] [\w.]+)?(?: [-|:]? ?(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\b)? ?[-|:]? ?/,
    may: (t) => t.charCodeAt(4) === 45, // '-'
    level: (m) => (m[1] ? byWord[m[1]] : undefined),
  },
  // Python's basicConfig default: ERROR:root:msg
  { lead: 'upper', re: /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):[^:\s]*:/, level: (m) => byWord[m[1]] },
  // gunicorn / nginx access log: 172.17.0.1 - - [23/Nov/2026:18:39:52 +0000] "POST /score HTTP/1.1" 200 77
  { lead: 'any', re: /^(?=\S+ - \S+ \[[^\]]+\] ")/ },
];

/**
 * Where the clock of a digit-led line ends: after `YYYY-MM-DD HH:MM:SS` (19
 * characters, every shape's start) and the fraction that may follow it
 * (`,811`, `.120158200`), the only place the shapes' regexes could end it.
 */
function clockEnd(text: string): number {
  let p = 19;
  const c = text.charCodeAt(p);
  if ((c === 44 || c === 46) && isDigit(text.charCodeAt(p + 1))) {
    p += 2;
    while (isDigit(text.charCodeAt(p))) p++;
  }
  return p;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isUpper = (c: number) => c >= 65 && c <= 90;

const words = Object.entries(byWord);

/** `byWord[text.slice(from, to)]`, without the slice. */
function wordLevel(text: string, from: number, to: number): LogLevel | undefined {
  for (const [word, level] of words) if (word.length === to - from && text.startsWith(word, from)) return level;
  return undefined;
}

/** Whether a line of this lead is worth trying against the shape's regex. */
function tries(s: Shape, text: string, p: number): boolean {
  return s.may === undefined || s.may(text, p);
}

function leadOf(text: string): Lead {
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) return 'digit';
  if (c === 91) return 'bracket';
  if (c >= 65 && c <= 90) return 'upper';
  return 'any';
}

/** The record prefix a line starts with, or undefined for a print(), a traceback line, a continuation. */
export function recordPrefix(text: string): RecordPrefix | undefined {
  const lead = leadOf(text);
  const p = lead === 'digit' ? clockEnd(text) : 0;
  for (const s of shapes) {
    if ((s.lead !== lead && s.lead !== 'any') || !tries(s, text, p)) continue;
    const m = s.re.exec(text);
    if (m) return { length: m[0].length, pid: s.pid?.(m), level: s.level?.(m, text) };
  }
  return undefined;
}

/**
 * The level a line declares, or undefined when it declares none (a print(),
 * a traceback line, a continuation of a multi-line record).
 */
export function levelOf(text: string): LogLevel | undefined {
  // The panel asks this of every line: no allocation beyond the match, shapes
  // that never declare a level are not tried, and a shape is tried only when
  // a few characters say it may match (ingest profile, issue 18).
  const lead = leadOf(text);
  const p = lead === 'digit' ? clockEnd(text) : 0;
  for (const s of shapes) {
    if (!s.level || s.lead !== lead || !tries(s, text, p)) continue;
    if (s.levelAt) {
      if (s.re.test(text)) return s.levelAt(text, p);
      continue;
    }
    const m = s.re.exec(text);
    if (m) return s.level(m, text);
  }
  return undefined;
}

/** The level a word names (`error`, `WARN`, `CRITICAL`...), as JSON log records spell it. */
export function levelNamed(word: string): LogLevel | undefined {
  return byWord[word.toUpperCase()];
}
