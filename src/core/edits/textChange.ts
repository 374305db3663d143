// Turns "old text -> new text" into the one smallest replacement, so the glue
// can apply a core module's result as a single WorkspaceEdit (one undo step)
// that never splits a CRLF pair or a surrogate pair.

/** Replace `[start, end)` of the old text with `text`. */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

/** The smallest single replacement turning `before` into `after` (empty when equal). */
export function minimalReplacement(before: string, after: string): TextReplacement {
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  // Never cut inside "\r\n" or a surrogate pair: an editor position cannot point there.
  while (p > 0 && splits(before, p)) p--;
  while (s > 0 && splits(before, before.length - s)) s--;
  while (p > 0 && splits(after, p)) p--;
  while (s > 0 && splits(after, after.length - s)) s--;
  return { start: p, end: before.length - s, text: after.slice(p, after.length - s) };
}

function splits(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const a = text.charCodeAt(at - 1);
  const b = text.charCodeAt(at);
  return (a === 13 && b === 10) || (a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff);
}
