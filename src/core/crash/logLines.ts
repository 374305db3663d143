// Turns raw container output into clean logical lines: ANSI colours and
// carriage returns removed, transport timestamps (docker -t, kubectl
// --timestamps) and log-record prefixes (gunicorn, the v1 server, azmlinfsrv,
// runit, JSON lines) stripped, with the record's pid and level kept aside.

/** One logical line of a log. */
export interface LogLine {
  /** The message text, prefixes removed. */
  text: string;
  /** True when the line starts a log record (it had a record prefix). */
  record: boolean;
  /** The writing process, when the prefix names it. */
  pid?: number;
  /** Upper-case level word when the prefix names it (`ERROR`, `INFO`, ...). */
  level?: string;
}

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links).
const ansi = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// docker logs -t, kubectl logs --timestamps: RFC 3339 then one space.
const transportTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) ?/;

const levelWords: Record<string, string> = { D: 'DEBUG', I: 'INFO', W: 'WARNING', E: 'ERROR', C: 'CRITICAL' };

interface Prefix {
  re: RegExp;
  read(m: RegExpExecArray): { pid?: number; level?: string };
}

const prefixes: Prefix[] = [
  // gunicorn: [2026-11-23 18:37:58 +0000] [1] [INFO] msg
  { re: /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[(\d+)\] \[([A-Z]+)\] ?/, read: (m) => ({ pid: Number(m[1]), level: m[2] }) },
  // azmlinfsrv: 2023-05-17 09:12:43,811 E [63] azmlinfsrv - msg
  { re: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ([DIWEC]) \[(\d+)\] [\w.]+ - ?/, read: (m) => ({ pid: Number(m[2]), level: levelWords[m[1]] }) },
  // v1 server: 2022-09-21 13:13:48,238 | root | INFO | msg
  { re: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \| [^|]* \| ([A-Z]+) \| ?/, read: (m) => ({ level: m[1] }) },
  // runit: 2023-05-17T09:12:40,120158200+00:00 | gunicorn/run | msg, or ... - gunicorn/run
  { re: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d+[+-]\d\d:\d\d (?:\| [\w./-]+ \| ?|- )/, read: () => ({}) },
  // supervisord: 2018-11-30 09:33:03,756 INFO spawned: ...
  { re: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (CRIT|ERRO|WARN|INFO|DEBG) /, read: (m) => ({ level: m[1] }) },
  // other Python logging: 2022-01-01 10:00:00,123 - name - ERROR - msg, or ... ERROR msg
  {
    re: /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?(?: [-|] [\w.]+)?(?: [-|:]? ?(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\b)? ?[-|:]? ?/,
    read: (m) => ({ level: m[1] }),
  },
  // Python's basicConfig default: ERROR:root:msg
  { re: /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]*:/, read: (m) => ({ level: m[1] }) },
  // gunicorn / nginx access log: 172.17.0.1 - - [23/Nov/2026:18:39:52 +0000] "POST /score HTTP/1.1" 500 77
  { re: /^(?=\S+ - \S+ \[[^\]]+\] ")/, read: () => ({}) },
];

/** Removes ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ansi, '');
}

/** Strips one record prefix; `undefined` when the line has none. */
function stripRecordPrefix(text: string): LogLine | undefined {
  for (const p of prefixes) {
    const m = p.re.exec(text);
    if (m) return { text: text.slice(m[0].length), record: true, ...p.read(m) };
  }
  return undefined;
}

/** Old v1 images log JSON objects whose `message` may itself be a JSON record. */
function jsonMessage(text: string): { message: string; level?: string } | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  try {
    let obj: unknown = JSON.parse(text);
    let level: string | undefined;
    for (let depth = 0; depth < 3 && obj && typeof obj === 'object'; depth++) {
      const rec = obj as Record<string, unknown>;
      const msg = typeof rec.message === 'string' ? rec.message : typeof rec.msg === 'string' ? rec.msg : undefined;
      if (typeof rec.level === 'string') level = rec.level.toUpperCase();
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
  for (const physical of stripAnsi(raw).split(/\r\n|\n|\r/)) {
    const text = physical.replace(transportTime, '');
    const json = jsonMessage(text.trim());
    if (json) {
      const parts = json.message.split(/\r\n|\n|\r/);
      parts.forEach((part, i) => {
        const inner = i === 0 ? stripRecordPrefix(part) : undefined;
        out.push(inner ?? { text: part, record: i === 0, level: i === 0 ? json.level : undefined });
      });
      continue;
    }
    out.push(stripRecordPrefix(text) ?? { text, record: false });
  }
  return out;
}
