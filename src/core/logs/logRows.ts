// Which entries of a log tab's buffer are rows of the panel: all of them, or
// those the filter and the "previous run" range keep. Lives beside the
// buffer in the extension host, so the webview is sent only the rows in
// sight (issue 18: shipping every entry to the webview made VS Code's
// message path the cost of a 100,000-line log). Each entry is tested once as
// it arrives; a new filter or range scans the buffer once.

/** What the rows read of a buffer (LogBuffer has it). */
export interface RowSource {
  readonly firstIndex: number;
  readonly endIndex: number;
  /** Bumped when entries were inserted in the middle: everything is read again. */
  readonly generation: number;
  at(index: number): { readonly kind: 'line' | 'restart'; readonly text: string } | undefined;
}

/** A range of absolute indexes [from, to). */
export interface IndexRange {
  readonly from: number;
  readonly to: number;
}

/** The rows of one buffer. */
export class LogRows {
  /** Times the filter was asked about an entry (the work a filter costs). */
  tested = 0;
  private filter: ((text: string) => boolean) | undefined;
  private range: IndexRange | undefined;
  // Absolute indexes of the rows, while a filter or range picks them.
  private shown: number[] | undefined;
  // shown[0..head) are rows the buffer has dropped since, let go in bulk.
  private head = 0;
  // shown is current up to this absolute index, for this generation.
  private scanned = 0;
  private generation = -1;

  constructor(private readonly source: RowSource) {}

  /** Rows show only entries whose text passes `filter` (restart marks always); undefined: all. */
  setFilter(filter: ((text: string) => boolean) | undefined): void {
    this.filter = filter;
    this.generation = -1;
  }

  /** Rows show only entries in the range; undefined: all. */
  setRange(range: IndexRange | undefined): void {
    this.range = range;
    this.generation = -1;
  }

  get hasRange(): boolean {
    return this.range !== undefined;
  }

  /** Number of rows. */
  get count(): number {
    const shown = this.fresh();
    return shown ? shown.length - this.head : this.source.endIndex - this.source.firstIndex;
  }

  /** Absolute index of the entry in row `row`. */
  indexAt(row: number): number {
    const shown = this.fresh();
    return shown ? shown[this.head + row] : this.source.firstIndex + row;
  }

  /** The row of absolute index `index`, or of the first row after it. */
  rowOf(index: number): number {
    const shown = this.fresh();
    if (!shown) return Math.max(0, Math.min(index, this.source.endIndex) - this.source.firstIndex);
    let lo = this.head;
    let hi = shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shown[mid] < index) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  private isRow(index: number): boolean {
    const e = this.source.at(index);
    if (!e) return false;
    if (!this.filter || e.kind === 'restart') return true;
    this.tested++;
    return this.filter(e.text);
  }

  /** The row list brought up to date: the new entries tested, the dropped ones let go. */
  private fresh(): number[] | undefined {
    const src = this.source;
    if (!this.filter && !this.range) {
      this.shown = undefined;
      return undefined;
    }
    if (this.generation !== src.generation || !this.shown) {
      this.generation = src.generation;
      this.shown = [];
      this.head = 0;
      this.scanned = this.range ? Math.max(this.range.from, src.firstIndex) : src.firstIndex;
    }
    const shown = this.shown;
    const end = this.range ? Math.min(this.range.to, src.endIndex) : src.endIndex;
    for (let i = Math.max(this.scanned, src.firstIndex); i < end; i++) if (this.isRow(i)) shown.push(i);
    this.scanned = Math.max(this.scanned, end);
    while (this.head < shown.length && shown[this.head] < src.firstIndex) this.head++;
    // One splice per many batches, once the dropped rows are a quarter of the list.
    if (this.head >= Math.max(1000, shown.length / 4)) {
      shown.splice(0, this.head);
      this.head = 0;
    }
    return shown;
  }
}
