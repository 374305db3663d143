// The log buffer's ring, held as columns: a line is a range of the decoded
// chunk it came in (its text, and its time) and a few small numbers, not an
// object and two strings of its own. A log entry lives for the next 50,000
// lines, long enough for the garbage collector to copy every object it has
// twice; with columns there is nothing per line to copy (the ingest profile
// of issue 18: the collector took a third of the time). Entries are made as
// they are read. Like Ring: bounded, addressed by an absolute index.
import type { LogLevel } from './logRecord';
import type { LogStreamKind, RestartInfo } from './logSource';
import type { TracebackFrame, TracebackRole } from './tracebackLines';

/** One row of a log: an output line or a restart mark. */
export interface LogEntry {
  readonly kind: 'line' | 'restart';
  /** The line without its timestamp prefix ('' for a restart mark). */
  readonly text: string;
  /** RFC3339Nano time the source stamped the line (or the restart) with. */
  readonly time?: string;
  readonly stream: LogStreamKind;
  readonly level?: LogLevel;
  readonly traceback?: TracebackRole;
  readonly frame?: TracebackFrame;
  readonly restart?: RestartInfo;
  /** The line was longer than the buffer's limit and continues in the next entry. */
  readonly cut?: boolean;
}

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
const timedFlag = 8; // the line has a time
const ownTimeFlag = 16; // ...kept in `times`; otherwise in the text's source

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

// Slots come in blocks, made when first used: a buffer that never fills
// never holds its full size, and growing never moves what it holds (moving
// 50,000 references was most of the cost of a tab's first lines).
const blockBits = 12;
const blockSize = 1 << blockBits;
const blockMask = blockSize - 1;

interface Block {
  readonly texts: (string | undefined)[];
  readonly times: (string | undefined)[];
  readonly objects: (LogEntry | TracebackFrame | undefined)[];
  readonly offsets: Int32Array; // textFrom, textTo, timeFrom, timeTo per slot
  readonly flags: Uint8Array;
  readonly levels: Uint8Array;
  readonly roles: Uint8Array;
}

const newBlock = (size: number): Block => ({
  texts: new Array<string | undefined>(size).fill(undefined),
  times: new Array<string | undefined>(size).fill(undefined),
  objects: new Array<LogEntry | TracebackFrame | undefined>(size).fill(undefined),
  offsets: new Int32Array(size * 4),
  flags: new Uint8Array(size),
  levels: new Uint8Array(size),
  roles: new Uint8Array(size),
});

/** A bounded first-in-first-out store of log entries addressed by absolute index. */
export class EntryRing {
  private blocks: (Block | undefined)[];
  private head = 0; // slot of the oldest entry
  private count = 0;
  private total = 0; // entries ever pushed (absolute index of the next push)
  private dropped = 0; // length of the text of the entry the last claim() dropped

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.blocks = new Array<Block | undefined>(Math.ceil(capacity / blockSize)).fill(undefined);
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
    const b = this.blocks[slot >> blockBits] as Block;
    const i = slot & blockMask;
    const o = i * 4;
    let f = (stream === 'stderr' ? stderrFlag : 0) | (cut ? cutFlag : 0);
    b.texts[i] = line.textSrc;
    b.offsets[o] = line.textFrom;
    b.offsets[o + 1] = line.textTo;
    if (line.timeSrc !== undefined) {
      f |= timedFlag;
      b.offsets[o + 2] = line.timeFrom;
      b.offsets[o + 3] = line.timeTo;
      if (line.timeSrc !== line.textSrc) f |= ownTimeFlag;
    }
    // Only what differs from the text's source is kept apart (a line whose text was cleaned).
    b.times[i] = f & ownTimeFlag ? line.timeSrc : undefined;
    b.objects[i] = frame;
    b.flags[i] = f;
    b.levels[i] = levelCode(level);
    b.roles[i] = roleCode(role);
    return this.dropped;
  }

  /** Adds an entry kept as it is (a restart mark), dropping the oldest when full; returns the length of the text dropped. */
  pushEntry(entry: LogEntry): number {
    const slot = this.claim();
    const b = this.blocks[slot >> blockBits] as Block;
    const i = slot & blockMask;
    b.texts[i] = undefined;
    b.times[i] = undefined;
    b.objects[i] = entry;
    b.flags[i] = otherFlag;
    return this.dropped;
  }

  /** Drops the oldest entry; returns the length of its text (0 when empty). */
  shift(): number {
    if (this.count === 0) return 0;
    const dropped = this.textLength(this.head);
    this.clear(this.head);
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return dropped;
  }

  /** The entry at an absolute index (made anew on each call), or undefined when dropped or not yet pushed. */
  at(index: number): LogEntry | undefined {
    const slot = this.slotOf(index);
    if (slot < 0) return undefined;
    const b = this.blocks[slot >> blockBits] as Block;
    const i = slot & blockMask;
    const f = b.flags[i];
    if (f & otherFlag) return b.objects[i] as LogEntry;
    const o = i * 4;
    const text = b.texts[i] as string;
    return {
      kind: 'line',
      text: text.slice(b.offsets[o], b.offsets[o + 1]),
      time: f & timedFlag ? (f & ownTimeFlag ? (b.times[i] as string) : text).slice(b.offsets[o + 2], b.offsets[o + 3]) : undefined,
      stream: f & stderrFlag ? 'stderr' : 'stdout',
      level: levels[b.levels[i]],
      traceback: roles[b.roles[i]],
      frame: b.objects[i] as TracebackFrame | undefined,
      cut: f & cutFlag ? true : undefined,
    };
  }

  /** True when the entry at an absolute index is a restart mark; makes no entry. */
  isRestart(index: number): boolean {
    const slot = this.slotOf(index);
    if (slot < 0) return false;
    const b = this.blocks[slot >> blockBits] as Block;
    const i = slot & blockMask;
    return (b.flags[i] & otherFlag) !== 0 && (b.objects[i] as LogEntry).kind === 'restart';
  }

  /** The time of the entry at an absolute index (a line's stamp, a restart's), or undefined. */
  timeAt(index: number): string | undefined {
    const slot = this.slotOf(index);
    if (slot < 0) return undefined;
    const b = this.blocks[slot >> blockBits] as Block;
    const i = slot & blockMask;
    const f = b.flags[i];
    if (f & otherFlag) return (b.objects[i] as LogEntry).time;
    if (!(f & timedFlag)) return undefined;
    return (f & ownTimeFlag ? (b.times[i] as string) : (b.texts[i] as string)).slice(b.offsets[i * 4 + 2], b.offsets[i * 4 + 3]);
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
    this.head = 0;
    this.count = 0;
    this.total = this.total + 1 - keep.length;
    this.blocks.fill(undefined);
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
    return (this.head + offset) % this.capacity;
  }

  private textLength(slot: number): number {
    const b = this.blocks[slot >> blockBits] as Block;
    const i = slot & blockMask;
    if (b.flags[i] & otherFlag) return (b.objects[i] as LogEntry).text.length;
    return b.offsets[i * 4 + 1] - b.offsets[i * 4];
  }

  // Lets go of what a slot keeps alive.
  private clear(slot: number): void {
    const b = this.blocks[slot >> blockBits] as Block;
    const i = slot & blockMask;
    b.texts[i] = undefined;
    b.times[i] = undefined;
    b.objects[i] = undefined;
  }

  // The slot for the next entry; `dropped` says the length of the text of the entry it drops.
  private claim(): number {
    let slot: number;
    this.dropped = 0;
    if (this.count < this.capacity) {
      slot = (this.head + this.count) % this.capacity;
      this.count++;
      // The last block (or a small ring's only one) holds only the slots the capacity leaves it.
      const block = slot >> blockBits;
      this.blocks[block] ??= newBlock(Math.min(blockSize, this.capacity - block * blockSize));
    } else {
      slot = this.head;
      this.dropped = this.textLength(slot);
      this.head = (this.head + 1) % this.capacity;
    }
    this.total++;
    return slot;
  }
}
