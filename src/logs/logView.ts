// What the log panel's webview looks at, kept in the extension host: the
// active tab's rows (filter and "previous run" range applied here, over the
// tab's buffer), where the webview is scrolled, and whether it follows the
// newest line. From that it builds the one message the webview needs: the
// rows in sight and a margin around them, never the whole log (issue 18).
// No vscode import: the panel owns the webview; this owns what it shows.
import { compileFilter, type LogFilter } from '../core/logs/logFilter';
import { LogRows } from '../core/logs/logRows';
import type { LogBuffer } from '../core/logs/logBuffer';
import type { LogTab } from './logTab';
import { toWire, type LogReveal, type WireEntry, type WireRows } from './logWire';

/**
 * Rows sent above and below the sight, in screens: a scroll of up to this
 * much shows rows already there, while the webview asks for the next ones.
 */
const marginScreens = 2;
/** Rows in sight before the webview has said (a tall panel). */
const defaultSight = 60;

/** The webview's view of the active tab. */
export class LogView {
  private filterValue: LogFilter = compileFilter('');
  private tab: LogTab | undefined;
  private shownBuffer: LogBuffer | undefined;
  private rows: LogRows | undefined;
  private follow = true;
  private top = 0;
  private sight = defaultSight;
  /** Absolute index of the top row, while not following: the view stays on it as rows come and go. */
  private anchor: number | undefined;
  private dirty = true;
  private sentRows = false;
  // One-offs for the next message.
  private followSaid: boolean | undefined;
  private topSaid: number | undefined;
  private flash: number | undefined;
  private notice: WireRows['notice'];

  get filter(): LogFilter {
    return this.filterValue;
  }

  /** The tab shown, if any. */
  get tabId(): string | undefined {
    return this.tab?.id;
  }

  /** Shows `tab` (or nothing), from its newest line. */
  attach(tab: LogTab | undefined): void {
    this.tab = tab;
    this.shownBuffer = undefined;
    this.rows = undefined;
    this.follow = true;
    this.followSaid = true;
    this.anchor = undefined;
    this.dirty = true;
    this.sentRows = false;
  }

  /** A new webview (the panel shown again) knows nothing: everything is said again, where the view was. */
  resync(): void {
    this.dirty = true;
    this.sentRows = false;
    this.followSaid = this.follow;
    if (!this.follow) this.topSaid = this.top;
  }

  /** Sets the filter box's text; the view keeps its top row where it can. */
  setFilter(text: string): void {
    if (text === this.filterValue.text) return;
    this.filterValue = compileFilter(text);
    this.rows?.setFilter(this.filterValue.test);
    this.dirty = true;
  }

  /** The webview scrolled, resized, or stopped or started following. */
  viewport(top: number, sight: number, follow: boolean, anchor: number | undefined): void {
    this.top = Math.max(0, top);
    this.sight = Math.max(1, Math.min(sight, 1000));
    this.follow = follow;
    this.anchor = follow ? undefined : anchor;
    this.dirty = true;
  }

  /** The buffer changed: entries arrived, or a quick read gave way to the whole history. */
  changed(): void {
    this.dirty = true;
  }

  /**
   * Brings a place into sight: the last restart mark, the run before it
   * alone, or everything again. False when it cannot (no restart mark held).
   */
  reveal(what: LogReveal | 'all'): boolean {
    const rows = this.current();
    const buffer = this.shownBuffer;
    if (!rows || !buffer) return false;
    this.dirty = true;
    if (what === 'all') {
      rows.setRange(undefined);
      this.follow = true;
      this.followSaid = true;
      this.anchor = undefined;
      return true;
    }
    const at = what === 'lastRestart' ? buffer.lastRestartIndex() : undefined;
    const run = what === 'previousRun' ? buffer.previousRun() : undefined;
    if (at === undefined && !run) {
      this.notice = 'noRestart';
      return false;
    }
    rows.setRange(run);
    const index = run ? run.from : (at as number);
    // The mark one row below the top, as a jump in an editor leaves a line of context.
    const top = Math.max(0, rows.rowOf(index) - (run ? 0 : 1));
    this.follow = false;
    this.followSaid = false;
    this.top = top;
    this.topSaid = top;
    this.anchor = rows.indexAt(top);
    if (!run) this.flash = index;
    return true;
  }

  /** Some rows of this tab were sent: the webview is not waiting on its first. */
  get shownRows(): boolean {
    return this.sentRows;
  }

  /** The message to send, or undefined when the webview is up to date. */
  take(linkRoots: readonly string[]): WireRows | undefined {
    const tab = this.tab;
    const rows = this.current();
    if (!tab || !rows || !this.dirty) return undefined;
    this.dirty = false;
    const count = rows.count;
    if (!this.follow && this.anchor !== undefined) {
      // Rows dropped above, or a new filter: the same entry stays at the top.
      const top = Math.min(rows.rowOf(this.anchor), Math.max(0, count - 1));
      if (top !== this.top) this.topSaid = top;
      this.top = top;
    }
    const first = this.follow ? Math.max(0, count - this.sight) : Math.min(this.top, Math.max(0, count - 1));
    // A scroll past the rows sent names no entry: the top row's entry is the anchor from here on.
    if (!this.follow && count > 0) this.anchor = rows.indexAt(first);
    const from = Math.max(0, first - marginScreens * this.sight);
    const to = Math.min(count, first + (1 + marginScreens) * this.sight);
    const wire: WireEntry[] = [];
    const indexes: number[] = [];
    const buffer = this.shownBuffer as LogBuffer;
    for (let row = from; row < to; row++) {
      const index = rows.indexAt(row);
      const entry = buffer.at(index);
      if (!entry) break;
      wire.push(toWire(entry, linkRoots));
      indexes.push(index);
    }
    const message: WireRows = { type: 'rows', id: tab.id, count, from, rows: wire, indexes, range: rows.hasRange, loading: tab.loadingHistory };
    if (this.followSaid !== undefined) message.follow = this.followSaid;
    if (this.topSaid !== undefined) message.top = this.topSaid;
    if (this.flash !== undefined) message.flash = this.flash;
    if (this.notice) message.notice = this.notice;
    this.followSaid = this.topSaid = this.flash = this.notice = undefined;
    if (wire.length) this.sentRows = true;
    return message;
  }

  /** The rows of the buffer the tab shows now (a quick read gives way to the tab's own buffer). */
  private current(): LogRows | undefined {
    const tab = this.tab;
    if (!tab) return undefined;
    const buffer = tab.shown;
    if (buffer !== this.shownBuffer || !this.rows) {
      const before = this.rows && this.shownBuffer ? { count: this.rows.count, top: this.top } : undefined;
      this.shownBuffer = buffer;
      this.rows = new LogRows(buffer);
      this.rows.setFilter(this.filterValue.test);
      if (before && !this.follow) {
        // The quick read's rows were the newest: the same distance from the end.
        this.top = Math.max(0, this.rows.count - (before.count - before.top));
        this.topSaid = this.top;
        this.anchor = this.rows.count ? this.rows.indexAt(Math.min(this.top, this.rows.count - 1)) : undefined;
      }
      this.dirty = true;
    }
    return this.rows;
  }
}
