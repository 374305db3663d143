// The messages between the log panel and its webview (webview/logPanelView.ts),
// and the compact form entries travel in: short keys, absent fields left
// out; a line longer than a row can show travels cut, saying how long it
// was. The webview holds only the rows in and around its sight: it says
// what it looks at, the extension answers with those rows.
import type { LogEntry } from '../core/logs/logBuffer';
import type { RestartInfo } from '../core/logs/logSource';
import { safeCut } from '../core/logs/ansi';
import { isServerPath } from '../core/model/appRoot';

/**
 * The characters of a line a row shows. A row is one line of text: the
 * webview lays out every row in sight, and sixteen 64 Ki rows (a 1 MB line
 * the buffer cut) took it 200-400 ms a frame. The whole line stays in the
 * buffer, for "Open as document" and crash analysis.
 */
export const rowChars = 2048;

/** One entry as the webview receives it. */
export interface WireEntry {
  /** text */
  t: string;
  /** RFC3339Nano time */
  s?: string;
  /** 1 for stderr */
  e?: 1;
  /** level: c(ritical) e(rror) w(arning) i(nfo) d(ebug) */
  l?: string;
  /** traceback role: s(tart) f(rame) c(ode) x (exception) h (chain) */
  b?: string;
  /** a frame to link: [start, end, container path, line] */
  k?: [number, number, string, number];
  /** a restart mark */
  r?: RestartInfo;
  /** `t` is cut to rowChars: the line's whole length */
  n?: number;
  /** 1: the line goes on in the next entry (the buffer cut an endless line) */
  c?: 1;
}

/** A tab as the webview shows it. */
export interface WireTab {
  id: string;
  title: string;
  description?: string;
  state: string;
  detail?: string;
  /** How "Previous" works for this tab's source; absent: not offered. */
  previous?: 'stream' | 'restartMarks';
  /** This tab shows a previous run. */
  isPrevious: boolean;
}

/** The rows in and around the webview's sight, and what it should do with them. */
export interface WireRows {
  type: 'rows';
  id: string;
  /** Rows the tab has (after the filter and range). */
  count: number;
  /** Row number of rows[0]. */
  from: number;
  rows: WireEntry[];
  /** Absolute buffer index of each row (what the webview names a row by). */
  indexes: number[];
  /** Keep the newest row in sight (true) or stop doing so (false); absent: as it is. */
  follow?: boolean;
  /** Scroll so this row is the top one (the host moved the view: a jump, or rows dropped above). */
  top?: number;
  /** Highlight the row of this absolute index. */
  flash?: number;
  /** Rows show one run only (the banner with "Show all"). */
  range: boolean;
  /** The newest lines are shown while the older ones are still read. */
  loading: boolean;
  /** A one-off word for the status line. */
  notice?: 'noRestart';
}

/** Extension -> webview. */
export type ToWebview =
  | { type: 'tabs'; tabs: WireTab[]; active: string | undefined }
  | WireRows
  /** The filter box's text, set by the extension (a command, or the webview's own box on reload); `invalid`: a /regex/ that does not compile. */
  | { type: 'filter'; text: string; invalid: boolean }
  | { type: 'probe'; token: number };

/** A place in a log to bring into sight. */
export type LogReveal = 'lastRestart' | 'previousRun';

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready'; filter: string }
  | { type: 'select'; id: string }
  | { type: 'close'; id: string }
  /** What is in sight: `top` row, `rows` rows tall; `anchor` is the absolute index of the top row as last sent. */
  | { type: 'viewport'; id: string; top: number; rows: number; follow: boolean; anchor?: number }
  | { type: 'filter'; text: string }
  | { type: 'reveal'; id: string; reveal: LogReveal | 'all' }
  | { type: 'openFrame'; id: string; path: string; line: number }
  | { type: 'openDocument'; id: string; timestamps: boolean }
  | { type: 'probe'; token: number; active?: string; rows: number; shown: string[]; links: { path: string; line: number }[]; follow: boolean };

const levelCodes = { critical: 'c', error: 'e', warning: 'w', info: 'i', debug: 'd' } as const;
const roleCodes = { start: 's', frame: 'f', code: 'c', exception: 'x', chain: 'h' } as const;

/**
 * The wire form of an entry. A frame becomes a link only when its file sits
 * under one of `linkRoots` (the container folders that map to the
 * workspace) and is not the server's (isServerPath, as crash analysis reads
 * it: such a file has no local counterpart).
 */
export function toWire(entry: LogEntry, linkRoots: readonly string[]): WireEntry {
  if (entry.kind === 'restart') return { t: '', s: entry.time, r: entry.restart ?? {} };
  const text = entry.text;
  const w: WireEntry = { t: text.length > rowChars ? text.slice(0, safeCut(text.slice(0, rowChars))) : text };
  if (w.t.length < text.length) w.n = text.length;
  if (entry.cut) w.c = 1;
  if (entry.time !== undefined) w.s = entry.time;
  if (entry.stream === 'stderr') w.e = 1;
  if (entry.level) w.l = levelCodes[entry.level];
  if (entry.traceback) w.b = roleCodes[entry.traceback];
  const f = entry.frame;
  if (f && f.end <= w.t.length && linkRoots.some((r) => f.path.startsWith(r.endsWith('/') ? r : `${r}/`) && !isServerPath(f.path, r))) {
    w.k = [f.start, f.end, f.path, f.line];
  }
  return w;
}
