// Whether a scroll of the log panel's view is the user's. The position also
// moves when the panel is resized or Chromium clamps it after the rows
// shrank, and Chromium dispatches that scroll a frame later, when the rows
// may have grown again: read as the user's, "not at the bottom" unpinned a
// followed log. So a scroll counts as the user's only shortly after their
// own input (wheel, keys, pointer) on the log shown now. Pure (no DOM), so
// the unit tests run it.

/** How long after the user's input a scroll is still taken as theirs (ms). */
export const userScrollWindowMs = 1000;

/** The user's input on the view, and whether a scroll now follows from it. */
export class UserScroll {
  private inputAt = Number.NEGATIVE_INFINITY;

  /** The user touched the view (wheel, key, pointer) at `now`. */
  input(now: number): void {
    this.inputAt = now;
  }

  /**
   * The view shows another log: input before now was on the one it showed.
   * (Scrolling one tab and opening another within the second left the new
   * one paused at its top: the empty first rows clamped the view there.)
   */
  shownAnother(): void {
    this.inputAt = Number.NEGATIVE_INFINITY;
  }

  /** Whether a scroll at `now` is the user's. */
  isUsers(now: number): boolean {
    return now - this.inputAt <= userScrollWindowMs;
  }
}
