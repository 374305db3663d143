// The log buffer's ring, held as columns: a line is a range of the decoded
// chunk it came in (its text, and its time) and a few small numbers, not an
// object and two strings of its own. A log entry lives for the next 50,000
// lines, long enough for the garbage collector to copy every object it has
// twice; with columns there is nothing per line to copy (the ingest profile
// of issue 18: the collector took a third of the time). Entries are made as
// they are read. Like Ring: bounded, addressed by an absolute index.
import type { LogEntry } from './logBuffer';
import type { LogLevel } from './logRecord';
import type { LogStreamKind } from './logSource';
import type { TracebackFrame, TracebackRole } from './tracebackLines';

// A level and a traceback role as a small number each (0: none), and back.
const levels: readonly (LogLevel | undefined)[] = [undefined, 'critical', 'error', 'warning', 'info', 'debug'];
const roles: readonly (TracebackRole | undefined)[] = [undefined, 'start', 'frame', 'code', 'exception', 'chain'];
const levelCodes: Readonly<Record<LogLevel, number>> = { critical: 1, error: 2, warning: 3, info: 4, debug: 5 };
const roleCodes: Readonly<Record<TracebackRole, number>> = { start: 1, frame: 2, code: 3, exception: 4, chain: 5 };
const levelCode = (level: LogLevel | undefined) => (level === undefined ? 0 : levelCodes[level]);
const roleCode = (role: TracebackRole | undefined) => (role === undefined ? 0 : roleCodes[role]);

// Flags of a slot.
const stderrFlag = 1;
const cutFlag = 2;
const otherFlag = 4; // an entry kept whole in `objects` (a restart mark)

/** A line as the buffer hands it in: its text is `textSrc` from `textFrom` to `textTo`, its time likewise. */
export interface LineRange {
  textSrc: string;
  textFrom: number;
  textTo: number;
  /** Undefined: the line has no time. */
  timeSrc: string | undefined;
  timeFrom: number;
  timeTo: number;
}

/** A bounded first-in-first-out store of log entries addressed by absolute index. */
export class EntryRing {
  // Columns, one slot per entry; grown by doubling up to capacity, so a
  // buffer that never fills never holds its full size.
  private texts: (string | undefined)[] = [];
  private times: (string | undefined)[] = [];
  private objects: (LogEntry | TracebackFrame | undefined)[] = [];
  private offsets = new Int32Array(0); // textFrom, textTo, timeFrom, timeTo per slot
  private flags = new Uint8Array(0);
  private levels = new Uint8Array(0);
  private roles = new Uint8Array(0);
  private size = 0; // slots allocated
  private head = 0; // slot of the oldest entry
  private count = 0;
  private total = 0; // entries ever pushed (absolute index of the next push)
  private dropped = 0; // length of the text of the entry the last claim() dropped

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
  }

  /** Number of entries held. */
  get length(): number {
    return this.count;
  }

  /** Absolute index of the oldest entry held. */
  get firstIndex(): number {
    return this.total - this.count;
  }

  /** Absolute index the next pushed entry will get. */
  get endIndex(): number {
    return this.total;
  }

  /** Adds a line, dropping the oldest entry when full; returns the length of the text dropped (0 if none). */
  pushLine(line: LineRange, stream: LogStreamKind, level: LogLevel | undefined, role: TracebackRole | undefined, frame: TracebackFrame | undefined, cut: boolean): number {
    const slot = this.claim();
    this.texts[slot] = line.textSrc;
    this.times[slot] = line.timeSrc;
    this.objects[slot] = frame;
    const o = slot * 4;
    this.offsets[o] = line.textFrom;
    this.offsets[o + 1] = line.textTo;
    this.offsets[o + 2] = line.timeFrom;
    this.offsets[o + 3] = line.timeTo;
    this.flags[slot] = (stream === 'stderr' ? stderrFlag : 0) | (cut ? cutFlag : 0);
    this.levels[slot] = levelCode(level);
    this.roles[slot] = roleCode(role);
    return this.dropped;
  }

  /** Adds an entry kept as it is (a restart mark), dropping the oldest when full; returns the length of the text dropped. */
  pushEntry(entry: LogEntry): number {
    const slot = this.claim();
    this.texts[slot] = undefined;
    this.times[slot] = undefined;
    this.objects[slot] = entry;
    this.flags[slot] = otherFlag;
    return this.dropped;
  }

  /** Drops the oldest entry; returns the length of its text (0 when empty). */
  shift(): number {
    if (this.count === 0) return 0;
    const dropped = this.textLength(this.head);
    this.clear(this.head);
    this.head = (this.head + 1) % this.size;
    this.count--;
    return dropped;
  }

  /** The entry at an absolute index (made anew on each call), or undefined when dropped or not yet pushed. */
  at(index: number): LogEntry | undefined {
    const slot = this.slotOf(index);
    if (slot < 0) return undefined;
    const f = this.flags[slot];
    if (f & otherFlag) return this.objects[slot] as LogEntry;
    const o = slot * 4;
    const timeSrc = this.times[slot];
    return {
      kind: 'line',
      text: (this.texts[slot] as string).slice(this.offsets[o], this.offsets[o + 1]),
      time: timeSrc === undefined ? undefined : timeSrc.slice(this.offsets[o + 2], this.offsets[o + 3]),
      stream: f & stderrFlag ? 'stderr' : 'stdout',
      level: levels[this.levels[slot]],
      traceback: roles[this.roles[slot]],
      frame: this.objects[slot] as TracebackFrame | undefined,
      cut: f & cutFlag ? true : undefined,
    };
  }

  /** True when the entry at an absolute index is a restart mark; makes no entry. */
  isRestart(index: number): boolean {
    const slot = this.slotOf(index);
    return slot >= 0 && (this.flags[slot] & otherFlag) !== 0 && (this.objects[slot] as LogEntry).kind === 'restart';
  }

  /** The time of the entry at an absolute index (a line's stamp, a restart's), or undefined. */
  timeAt(index: number): string | undefined {
    const slot = this.slotOf(index);
    if (slot < 0) return undefined;
    if (this.flags[slot] & otherFlag) return (this.objects[slot] as LogEntry).time;
    const src = this.times[slot];
    return src === undefined ? undefined : src.slice(this.offsets[slot * 4 + 2], this.offsets[slot * 4 + 3]);
  }

  /** Entries from absolute index `from` (clamped to what is held) to the end. */
  since(from: number): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = Math.max(from, this.firstIndex); i < this.total; i++) out.push(this.at(i) as LogEntry);
    return out;
  }

  /**
   * Puts `entry` before absolute index `index`, shifting later entries up by
   * one (the oldest is dropped when full; the length of its text is
   * returned). O(length): for rare corrections.
   */
  insertBefore(index: number, entry: LogEntry): number {
    const held = this.since(this.firstIndex);
    const offset = index - this.firstIndex;
    if (offset < 0 || offset > held.length) throw new RangeError(`index ${index} is outside the ring`);
    held.splice(offset, 0, entry);
    const dropped = held.length > this.capacity ? held[0].text.length : 0;
    const keep = held.slice(-this.capacity);
    const first = this.total + 1 - keep.length;
    this.size = 0;
    this.head = 0;
    this.count = 0;
    this.total = first;
    this.texts = [];
    this.times = [];
    this.objects = [];
    for (const e of keep) {
      if (e.kind !== 'line') this.pushEntry(e);
      else {
        const line = { textSrc: e.text, textFrom: 0, textTo: e.text.length, timeSrc: e.time, timeFrom: 0, timeTo: e.time?.length ?? 0 };
        this.pushLine(line, e.stream, e.level, e.traceback, e.frame, e.cut === true);
      }
    }
    return dropped;
  }

  private slotOf(index: number): number {
    const offset = index - this.firstIndex;
    if (offset < 0 || offset >= this.count) return -1;
    return (this.head + offset) % this.size;
  }

  private textLength(slot: number): number {
    if (this.flags[slot] & otherFlag) return (this.objects[slot] as LogEntry).text.length;
    return this.offsets[slot * 4 + 1] - this.offsets[slot * 4];
  }

  // Lets go of what a slot keeps alive.
  private clear(slot: number): void {
    this.texts[slot] = undefined;
    this.times[slot] = undefined;
    this.objects[slot] = undefined;
  }

  // The slot for the next entry; `dropped` says the length of the text of the entry it drops.
  private claim(): number {
    let slot: number;
    this.dropped = 0;
    if (this.count < this.capacity) {
      if (this.count === this.size) this.grow();
      slot = (this.head + this.count) % this.size;
      this.count++;
    } else {
      slot = this.head;
      this.dropped = this.textLength(slot);
      this.head = (this.head + 1) % this.size;
    }
    this.total++;
    return slot;
  }

  // Doubles the slots (up to capacity), oldest first from slot 0.
  private grow(): void {
    const size = Math.min(this.capacity, Math.max(64, this.size * 2));
    // The held entries in order: slots head..size-1, then 0..head-1.
    const wrap = this.head + this.count - this.size; // entries in slots 0..head-1 (count === size here)
    const tail = this.count - Math.max(0, wrap);
    const moveArray = <T>(from: T[]): T[] => {
      const to = new Array<T>(size);
      for (let i = 0; i < tail; i++) to[i] = from[this.head + i];
      for (let i = tail; i < this.count; i++) to[i] = from[i - tail];
      return to;
    };
    const moveTyped = <A extends Uint8Array | Int32Array>(from: A, to: A, width: number): A => {
      to.set(from.subarray(this.head * width, (this.head + tail) * width), 0);
      if (tail < this.count) to.set(from.subarray(0, (this.count - tail) * width), tail * width);
      return to;
    };
    this.texts = moveArray(this.texts);
    this.times = moveArray(this.times);
    this.objects = moveArray(this.objects);
    this.offsets = moveTyped(this.offsets, new Int32Array(size * 4), 4);
    this.flags = moveTyped(this.flags, new Uint8Array(size), 1);
    this.levels = moveTyped(this.levels, new Uint8Array(size), 1);
    this.roles = moveTyped(this.roles, new Uint8Array(size), 1);
    this.size = size;
    this.head = 0;
  }
}
