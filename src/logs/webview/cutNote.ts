// What a row of the log panel says after a line the wire or the buffer cut.
// Pure (no DOM), so the unit tests run it.
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
