// The messages between the log panel and its webview (webview/logPanelView.ts),
// and the compact form entries travel in: short keys, absent fields left
// out, because a burst sends tens of thousands of entries at once; a line
// longer than a row can show travels cut, saying how long it was.
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

/** Extension -> webview. */
export type ToWebview =
  | { type: 'tabs'; tabs: WireTab[]; active: string | undefined }
  | {
      type: 'entries';
      id: string;
      reset: boolean;
      /** Absolute index of entries[0]. */
      first: number;
      capacity: number;
      /** Absolute index of the oldest entry the buffer still holds: the webview drops older ones. */
      held: number;
      entries: WireEntry[];
    }
  | { type: 'view'; id: string; filter?: string; reveal?: LogReveal }
  | { type: 'probe'; token: number };

/** A place in a log to bring into sight. */
export type LogReveal = 'lastRestart' | 'previousRun';

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'select'; id: string }
  | { type: 'close'; id: string }
  | { type: 'openFrame'; id: string; path: string; line: number }
  | { type: 'openDocument'; id: string; timestamps: boolean; filter: string }
  | { type: 'previous'; id: string }
  | { type: 'probe'; token: number; active?: string; rows: number; shown: string[]; links: { path: string; line: number }[] };

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
