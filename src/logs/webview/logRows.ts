// The webview's copy of the active tab's entries and the rows it shows. Entries
// arrive in batches (logWire); the filter and the "previous run" range pick
// rows. Both stay current by looking at each new entry once: scanning the
// whole copy on every batch made a filtered 50,000-line tab cost O(lines) per
// batch, so a burst was quadratic. Pure (no DOM), so the unit tests run it.
import type { WireEntry } from '../logWire';

/** The strings a cut note is worded with (Strings.logs.webview()). */
export interface CutStrings {
  /** '{0} of {1} characters shown…' */
  readonly cut: string;
  /** 'the line goes on in the next row' */
  readonly continues: string;
}

const fmt = (template: string, ...values: (string | number)[]) => values.reduce<string>((s, v, i) => s.replace(`{${i}}`, String(v)), String(template));

/** What a row says after its text when the line was cut: for display, by the buffer, or both ('' when whole). */
export function cutNote(e: WireEntry, s: CutStrings): string {
  const parts: string[] = [];
  if (e.n !== undefined) parts.push(fmt(s.cut, e.t.length.toLocaleString(), e.n.toLocaleString()));
  if (e.c) parts.push(s.continues);
  return parts.length ? ` … ${parts.join('; ')}` : '';
}

/** A tab's entries in the webview, and which of them are rows. */
export class LogRows {
  /** The tab these entries are of. */
  id: string | undefined;
  /** Absolute index of entries[0]. */
  first = 0;
  entries: WireEntry[] = [];
  /** Times the filter was asked about an entry (the work a filter costs). */
  tested = 0;
  private filter: ((text: string) => boolean) | undefined;
  private range: { from: number; to: number } | undefined;
  // Absolute indexes of the rows, or undefined: every entry is a row.
  private shown: number[] | undefined;
  private stale = false;

  /** Replaces the copy (a new tab, or the extension sends everything again). */
  reset(id: string | undefined, first: number, entries: WireEntry[]): void {
    this.id = id;
    this.first = first;
    this.entries = entries;
    this.range = undefined;
    this.stale = true;
  }

  /** Adds entries after the last one, and drops those before `held` (the buffer no longer has them). */
  append(entries: readonly WireEntry[], held = this.first): void {
    const from = this.first + this.entries.length;
    for (const e of entries) this.entries.push(e);
    if (this.shown && !this.stale) for (let i = from; i < from + entries.length; i++) if (this.isRow(i)) this.shown.push(i);
    this.dropBefore(held);
  }

  /** Rows show only entries whose text passes `filter` (restart marks always); undefined: all. */
  setFilter(filter: ((text: string) => boolean) | undefined): void {
    this.filter = filter;
    this.stale = true;
  }

  /** Rows show only entries in [from, to); undefined: all. */
  setRange(range: { from: number; to: number } | undefined): void {
    this.range = range;
    this.stale = true;
  }

  get hasRange(): boolean {
    return this.range !== undefined;
  }

  /** Number of rows. */
  get count(): number {
    this.fresh();
    return this.shown ? this.shown.length : this.entries.length;
  }

  /** Absolute index of the entry in row `row`. */
  indexAt(row: number): number {
    this.fresh();
    return this.shown ? this.shown[row] : this.first + row;
  }

  /** The entry at absolute index `index`. */
  at(index: number): WireEntry | undefined {
    return this.entries[index - this.first];
  }

  /** The row of absolute index `index`, or of the first row after it. */
  rowOf(index: number): number {
    this.fresh();
    const shown = this.shown;
    if (!shown) return index - this.first;
    let lo = 0;
    let hi = shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shown[mid] < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Absolute indexes of the restart marks held, oldest first. */
  restartIndexes(): number[] {
    const out: number[] = [];
    this.entries.forEach((e, i) => e.r && out.push(this.first + i));
    return out;
  }

  private isRow(index: number): boolean {
    if (this.range && (index < this.range.from || index >= this.range.to)) return false;
    const e = this.entries[index - this.first];
    if (!this.filter || e.r) return true;
    this.tested++;
    return this.filter(e.t);
  }

  private fresh(): void {
    if (!this.stale) return;
    this.stale = false;
    if (!this.filter && !this.range) {
      this.shown = undefined;
      return;
    }
    const out: number[] = [];
    const end = this.first + this.entries.length;
    const from = this.range ? Math.max(this.range.from, this.first) : this.first;
    const to = this.range ? Math.min(this.range.to, end) : end;
    for (let i = from; i < to; i++) if (this.isRow(i)) out.push(i);
    this.shown = out;
  }

  // Drops in bulk, once a quarter of the copy is older than what the buffer
  // holds: one splice per many batches, so dropping stays linear.
  private dropBefore(held: number): void {
    const extra = held - this.first;
    if (extra <= 0 || extra < Math.max(1000, this.entries.length / 4)) return;
    this.entries.splice(0, extra);
    this.first = held;
    if (this.shown && !this.stale) this.shown.splice(0, this.rowOf(held));
  }
}
