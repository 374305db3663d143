// ANSI escape sequences as a program writes them for a terminal (colours,
// cursor moves, line erases, window titles): the log panel and crash analysis
// read the text without them. Removal is one linear scan; a sequence a line
// cut left unfinished is removed too, so no escape byte reaches the text.

// CSI (ESC [ parameters, intermediates, a final byte), OSC (ESC ] ... BEL or
// ESC \), a two-byte escape. A CSI cut short (by the end of the line, or by
// another ESC, as a terminal aborts it) goes with its parameters; any other
// ESC alone. Each try starts at an ESC and stops at the first byte no
// sequence may hold, so the scan stays linear on any text.
const ansi = /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]?/g;

// A whole sequence starting exactly at lastIndex.
const whole = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/y;

/** `text` without ANSI escape sequences (and without any stray ESC). */
export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ansi, '') : text;
}

/**
 * How much of `piece` (the start of a longer line, cut at an arbitrary
 * place) to keep so that no escape sequence or UTF-16 surrogate pair is split:
 * its length, or a little less; the rest goes on with the line. Looks back
 * at most `reach` characters: a longer sequence is cut where it is.
 */
export function safeCut(piece: string, reach = 256): number {
  let cut = piece.length;
  const last = piece.charCodeAt(cut - 1);
  if (cut > 1 && last >= 0xd800 && last <= 0xdbff) cut--;
  const esc = piece.lastIndexOf('\x1b', cut - 1);
  if (esc > 0 && esc >= cut - reach) {
    whole.lastIndex = esc;
    if (!whole.test(piece.slice(0, cut))) return esc;
  }
  return cut;
}
