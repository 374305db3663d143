// The log panel's filter box, read one way everywhere: plain text matches
// case-insensitively anywhere in a line; `/re/flags` is a regular expression,
// also case-insensitive (the box has no case toggle). The panel's rows and
// "Open as document" both use it, so a document opened from a filtered panel
// holds the lines the panel showed.

/** A compiled filter: `test` is undefined when the box is empty or invalid. */
export interface LogFilter {
  readonly text: string;
  readonly test: ((line: string) => boolean) | undefined;
  /** The box holds a regular expression that does not compile. */
  readonly invalid: boolean;
}

/** Compiles what the filter box holds. */
export function compileFilter(text: string): LogFilter {
  if (!text) return { text, test: undefined, invalid: false };
  const m = /^\/(.+)\/([a-z]*)$/.exec(text);
  if (m) {
    try {
      // No `g` or `y`: a stateful lastIndex would make test() skip every other match.
      const flags = [...new Set((m[2] + 'i').replace(/[gy]/g, ''))].join('');
      const re = new RegExp(m[1], flags);
      return { text, test: (t) => re.test(t), invalid: false };
    } catch {
      return { text, test: undefined, invalid: true };
    }
  }
  const needle = text.toLowerCase();
  return { text, test: (t) => t.toLowerCase().includes(needle), invalid: false };
}
