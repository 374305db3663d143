// The bounded store behind a log tab: takes a source's chunks (bytes or
// text, split anywhere), cuts them into lines per stream, removes terminal
// escapes and masks secrets, reads timestamps, levels and tracebacks, keeps
// restart marks, and drops what a reconnect sends twice. Holds at most
// `capacity` entries and `maxChars` characters, so memory stays flat.
import type { LogChunk, LogStreamKind, RestartInfo } from './logSource';
import { levelOf } from './logRecord';
import { EntryRing, type LineRange, type LogEntry } from './entryRing';
import { decode, newStream, type StreamState } from './streamDecode';
import { criTagAt, isFixedStampAt, isTransportTime, timeKey } from './logTime';
import { maskSecretsInText } from '../model/secrets';
import { safeCut, stripAnsi } from './ansi';

// A row as the ring builds it when read; kept there so the ring needs nothing of the buffer.
export type { LogEntry } from './entryRing';

/** Options of a buffer. */
export interface LogBufferOptions {
  /** Entries kept (default 50,000). */
  readonly capacity?: number;
  /** Lines arrive with a `RFC3339Nano ` prefix (Docker/Kubernetes `timestamps=true`). */
  readonly timestamps?: boolean;
  /** Longest line kept as one entry, in characters (default 64 Ki); longer ones are cut. */
  readonly maxLineLength?: number;
  /** Characters of text kept in all (default 32 Mi): the oldest entries go first past it. */
  readonly maxChars?: number;
}

/** The default number of entries a buffer keeps. */
export const defaultLogCapacity = 50_000;

/** The default number of characters a buffer keeps: 50,000 lines of 670 characters. */
export const defaultLogChars = 32 * 1024 * 1024;

const lineId = (stream: LogStreamKind, text: string) => (stream === 'stderr' ? `e${text}` : `o${text}`);

/** A ring of log entries fed by a LogSource's chunks. */
export class LogBuffer {
  private readonly ring: EntryRing;
  private readonly timestamps: boolean;
  private readonly maxLineLength: number;
  private readonly maxChars: number;
  // Characters of text the ring holds (an endless stream of long lines would
  // otherwise hold capacity x maxLineLength).
  private chars = 0;
  private readonly streams: Record<LogStreamKind, StreamState> = { stdout: newStream(), stderr: newStream() };
  // Newest timestamp kept, and the lines (stream + text) kept with exactly it.
  private lastTime: string | undefined;
  private lastKey: string | undefined;
  // Absolute index of the first line held with lastKey (an index, not a list
  // of lines: this runs for every line and must not allocate).
  private lastKeyFrom = 0;
  // While resuming: lines at or before this key that are already held are dropped.
  private resumeKey: string | undefined;
  private resumeSeen = new Map<string, number>();
  // Restart marks whose time lies after every line held yet, oldest first.
  private pending: { key: string; info: RestartInfo }[] = [];
  private markKeys = new Set<string>();
  private gen = 0;
  private listener: (() => void) | undefined;
  // The start of a CRI line the runtime split (tag P), per stream it names, until its F end.
  private readonly parts: Record<LogStreamKind, string> = { stdout: '', stderr: '' };
  // Where the line being added lies, reused for every line (the ring copies it into its columns).
  private readonly range: LineRange = { textSrc: '', textFrom: 0, textTo: 0, timeSrc: undefined, timeFrom: 0, timeTo: 0 };

  constructor(options: LogBufferOptions = {}) {
    this.ring = new EntryRing(options.capacity ?? defaultLogCapacity);
    this.timestamps = options.timestamps ?? false;
    this.maxLineLength = options.maxLineLength ?? 64 * 1024;
    this.maxChars = options.maxChars ?? defaultLogChars;
  }

  /** Called (synchronously) after entries were added or the buffer was reordered. */
  onChange(listener: (() => void) | undefined): void {
    this.listener = listener;
  }

  /** Entries held. */
  get length(): number {
    return this.ring.length;
  }
  /** The most entries held. */
  get capacity(): number {
    return this.ring.capacity;
  }
  /** Absolute index of the oldest entry held. */
  get firstIndex(): number {
    return this.ring.firstIndex;
  }
  /** Absolute index the next entry will get. */
  get endIndex(): number {
    return this.ring.endIndex;
  }
  /** Bumped when entries were inserted in the middle (a late restart mark): readers must re-read everything. */
  get generation(): number {
    return this.gen;
  }
  /** The RFC3339Nano time of the newest line held, if lines carry timestamps. */
  get lastTimestamp(): string | undefined {
    return this.lastTime;
  }

  /** The entry at an absolute index. */
  at(index: number): LogEntry | undefined {
    return this.ring.at(index);
  }

  /** Entries from absolute index `from` to the end. */
  since(from: number): LogEntry[] {
    return this.ring.since(from);
  }

  /** All entries held, oldest first. */
  entries(): LogEntry[] {
    return this.ring.since(this.ring.firstIndex);
  }

  /** Adds a chunk of output. */
  append(chunk: LogChunk): void {
    const state = this.streams[chunk.stream];
    const text = typeof chunk.text === 'string' ? chunk.text : decode(state, chunk.text);
    const before = this.ring.endIndex;
    this.appendText(text, state, chunk.stream);
    if (this.ring.endIndex !== before) this.listener?.();
  }

  /** The stream ended: what is left without a final newline becomes a line. */
  end(): void {
    const before = this.ring.endIndex;
    for (const stream of ['stdout', 'stderr'] as const) {
      const state = this.streams[stream];
      const rest = state.carry + state.decoder.decode();
      state.carry = '';
      if (rest.length > 0) this.emit(rest, 0, rest.length, stream, false);
    }
    // A split CRI line whose end never came is still output.
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.parts[stream].length > 0) {
        const text = maskSecretsInText(stripAnsi(this.parts[stream]));
        this.push(text, text, 0, text.length, undefined, 0, 0, stream, true);
      }
      this.parts[stream] = '';
    }
    if (this.ring.endIndex !== before) this.listener?.();
  }

  /**
   * Marks a restart of the container. Without `info.at` the mark goes after
   * what is held; with it, before the first line at or after that time (now,
   * later when that line arrives, or in the middle for a late mark). The
   * same restart time marked twice is kept once.
   */
  markRestart(info: RestartInfo): void {
    const key = info.at !== undefined ? timeKey(info.at) : undefined;
    if (key !== undefined) {
      if (this.markKeys.has(key)) return;
      if (this.markKeys.size >= 256) this.pruneMarkKeys();
      this.markKeys.add(key);
    }
    const entry: LogEntry = { kind: 'restart', text: '', time: info.at, stream: 'stdout', restart: info };
    this.streams.stdout.tracker.reset();
    this.streams.stderr.tracker.reset();
    if (key === undefined || this.lastKey === undefined || key > this.lastKey) {
      // Without timestamps on the lines there is no time to wait for.
      if (key === undefined || !this.timestamps) this.add(entry);
      else {
        this.pending.push({ key, info });
        this.pending.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        return;
      }
    } else {
      const at = this.firstIndexAtOrAfter(key);
      if (at === undefined) return; // older than anything held
      this.chars -= this.ring.insertBefore(at, entry);
      this.gen++;
    }
    this.listener?.();
  }

  /** Absolute indexes of the restart marks held, oldest first. */
  restartIndexes(): number[] {
    const out: number[] = [];
    for (let i = this.ring.firstIndex; i < this.ring.endIndex; i++) if (this.ring.isRestart(i)) out.push(i);
    return out;
  }

  /** Absolute index of the newest restart mark, for "jump to last restart". */
  lastRestartIndex(): number | undefined {
    for (let i = this.ring.endIndex - 1; i >= this.ring.firstIndex; i--) if (this.ring.isRestart(i)) return i;
    return undefined;
  }

  /**
   * The run before the last restart as [from, to) absolute indexes: from the
   * restart mark before it (or the oldest entry held) to the last mark.
   */
  previousRun(): { from: number; to: number } | undefined {
    const marks = this.restartIndexes();
    if (marks.length === 0) return undefined;
    const to = marks[marks.length - 1];
    const from = marks.length > 1 ? marks[marks.length - 2] + 1 : this.ring.firstIndex;
    return { from, to };
  }

  /**
   * Starts a resume: returns the time to reopen the source from (`since`),
   * and from now on drops the lines already held at that boundary until a
   * newer line arrives. A partial line left from the broken stream is
   * dropped: the source sends it again whole.
   */
  beginResume(): string | undefined {
    for (const s of Object.values(this.streams)) {
      s.carry = '';
      s.decoder = new TextDecoder('utf-8');
      s.started = false;
      s.whole = true;
    }
    this.parts.stdout = '';
    this.parts.stderr = '';
    if (this.lastKey === undefined) return undefined;
    this.resumeKey = this.lastKey;
    this.resumeSeen = new Map();
    for (let i = Math.max(this.lastKeyFrom, this.ring.firstIndex); i < this.ring.endIndex; i++) {
      const e = this.ring.at(i);
      if (e?.kind !== 'line' || e.time === undefined || timeKey(e.time) !== this.lastKey) continue;
      const id = lineId(e.stream, e.text);
      this.resumeSeen.set(id, (this.resumeSeen.get(id) ?? 0) + 1);
    }
    return this.lastTime;
  }

  // Lines are read where they lie in the decoded chunk, and the ring keeps
  // them as ranges of it. That is fine for a ring: the lines held are the
  // newest, contiguous ones, so the chunks they keep alive are about as large
  // as the lines themselves.
  private appendText(chunk: string, state: StreamState, stream: LogStreamKind): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf('\n', start);
      const end = nl < 0 ? chunk.length : nl;
      if (state.carry.length + (end - start) > this.maxLineLength) {
        // Cut an endless line so neither the carry nor one entry grows without bound;
        // not inside an escape sequence or a surrogate pair, whose rest would show as text.
        const room = this.maxLineLength - state.carry.length;
        const piece = state.carry + chunk.slice(start, start + room);
        const at = safeCut(piece);
        state.carry = piece.slice(at);
        this.emit(piece, 0, at, stream, true);
        start += room;
        continue;
      }
      if (nl < 0) {
        state.carry += chunk.slice(start);
        return;
      }
      if (state.carry.length > 0) {
        const line = state.carry + chunk.slice(start, nl);
        state.carry = '';
        this.emit(line, 0, line.length, stream, false);
      } else this.emit(chunk, start, nl, stream, false);
      start = nl + 1;
    }
  }

  // The line is src[from, to). This runs for every line a log brings: it
  // slices only the text (and the time), and leaves the rest where it lies.
  private emit(src: string, from: number, to: number, chunkStream: LogStreamKind, cut: boolean): void {
    let end = to;
    let stream = chunkStream;
    let longPart = false;
    if (end > from && src.charCodeAt(end - 1) === 13) end--; // CRLF from a TTY
    let textFrom = from;
    // The text when it is no longer src[textFrom, end) (a joined CRI line).
    let joined: string | undefined;
    let time: string | undefined;
    let key: string | undefined;
    if (this.timestamps) {
      // Docker's fixed-width UTC form (its first space the 31st character) is the
      // common case: read in place, with no search and no regex, and its own key.
      const fixed = src.charCodeAt(from + 30) === 32 && end - from > 30 && isFixedStampAt(src, from);
      const sp = fixed ? 30 : stampEnd(src, from, end);
      if (fixed) key = time = src.slice(from, from + 30);
      else if (sp >= 19 && sp <= 36) {
        if (isTransportTime((time = src.slice(from, from + sp)))) key = timeKey(time);
        else time = undefined;
      }
      if (time !== undefined) {
        textFrom = from + sp + 1;
        // A node's CRI log (one file, both streams): the stream is the line's own, and a split line is joined.
        if (src.charCodeAt(textFrom) === 115) {
          const rest = src.slice(textFrom, end);
          const tag = criTagAt(rest, 0);
          if (tag) {
            stream = tag.stream;
            joined = this.parts[stream] + rest.slice(tag.length);
            this.parts[stream] = '';
            if (tag.partial) {
              if (joined.length < this.maxLineLength) {
                this.parts[stream] = joined;
                return;
              }
              longPart = true; // past the buffer's limit: shown cut, like any endless line
            }
          }
        }
      }
    }
    const raw = joined ?? src.slice(textFrom, end);
    // Colours and cursor moves are for a terminal: the panel shows text, reads levels and
    // tracebacks, and finds secrets split by a colour code, only without them.
    // Masked here, whole, before anything reads the line: the tab, "Open as document", a kept
    // log and crash analysis all take it from this buffer; and a resumed stream's copy of a
    // held line compares equal to it.
    const text = maskSecretsInText(stripAnsi(raw));
    if (key !== undefined) {
      if (this.resumeKey !== undefined) {
        if (key < this.resumeKey) return;
        if (key === this.resumeKey) {
          const id = lineId(stream, text);
          const n = this.resumeSeen.get(id) ?? 0;
          if (n > 0) {
            this.resumeSeen.set(id, n - 1);
            return;
          }
        } else this.resumeKey = undefined;
      }
      if (this.lastKey === undefined || key > this.lastKey) {
        this.lastKey = key;
        this.lastTime = time;
        this.lastKeyFrom = this.ring.endIndex;
      }
      while (this.pending.length > 0 && this.pending[0].key <= key) {
        const mark = this.pending.shift() as { key: string; info: RestartInfo };
        this.add({ kind: 'restart', text: '', time: mark.info.at, stream: 'stdout', restart: mark.info });
      }
    }
    // Kept as a range of the chunk unless cleaning changed it.
    const timeFrom = time === undefined ? 0 : from;
    const timeTo = time === undefined ? 0 : textFrom - 1;
    if (joined === undefined && text === raw) this.push(text, src, textFrom, end, time === undefined ? undefined : src, timeFrom, timeTo, stream, cut || longPart);
    else this.push(text, text, 0, text.length, time === undefined ? undefined : src, timeFrom, timeTo, stream, cut || longPart);
  }

  // `text` is the line's text, kept as textSrc[textFrom, textTo); its time as timeSrc[timeFrom, timeTo).
  private push(text: string, textSrc: string, textFrom: number, textTo: number, timeSrc: string | undefined, timeFrom: number, timeTo: number, stream: LogStreamKind, cut: boolean): void {
    let level = levelOf(text);
    const tb = this.streams[stream].tracker.next(text, level !== undefined);
    if (tb.role === 'exception' && level === undefined) level = 'error';
    const r = this.range;
    r.textSrc = textSrc;
    r.textFrom = textFrom;
    r.textTo = textTo;
    r.timeSrc = timeSrc;
    r.timeFrom = timeFrom;
    r.timeTo = timeTo;
    this.tally(text.length, this.ring.pushLine(r, stream, level, tb.role, tb.frame, cut));
    r.textSrc = '';
    r.timeSrc = undefined;
  }

  // Every entry goes in through here or push(), so the count of characters held stays true.
  private add(entry: LogEntry): void {
    this.tally(entry.text.length, this.ring.pushEntry(entry));
  }

  private tally(added: number, dropped: number): void {
    this.chars += added - dropped;
    while (this.chars > this.maxChars && this.ring.length > 1) this.chars -= this.ring.shift();
  }

  private firstIndexAtOrAfter(key: string): number | undefined {
    for (let i = this.ring.firstIndex; i < this.ring.endIndex; i++) {
      const t = this.ring.timeAt(i);
      if (t !== undefined && timeKey(t) >= key) return i;
    }
    return undefined;
  }

  // Keeps the set of seen restart times bounded for a container that restarts forever.
  private pruneMarkKeys(): void {
    const held = new Set<string>();
    for (const i of this.restartIndexes()) {
      const t = this.ring.timeAt(i);
      if (t !== undefined) held.add(timeKey(t));
    }
    for (const p of this.pending) held.add(p.key);
    this.markKeys = held;
  }
}

/**
 * Where the first space of the line src[from, end) is, as an offset from
 * `from`, looking no further than a stamp reaches (37 characters); -1 when
 * there is none so soon.
 */
function stampEnd(src: string, from: number, end: number): number {
  const last = Math.min(end, from + 37);
  for (let i = from; i < last; i++) if (src.charCodeAt(i) === 32) return i - from;
  return -1;
}
