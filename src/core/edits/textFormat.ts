// Reads a file's own line ending and indentation, so edits made by the core
// modules (launch.json, conda, score.py) match the text they are inserted in.
// Plain text in, plain data out.

/** How inserted text is laid out; mirrors VS Code's editor options. */
export interface TextFormat {
  insertSpaces: boolean;
  tabSize: number;
  eol: string;
}

/**
 * How much of a text its layout is read from: its first lines show its line
 * ends and indentation as well as all of them do, and reading all of 4 MB of
 * blank lines took 2 s of CPU before an edit was even tried (issue 17).
 */
export const layoutSample = 64 * 1024;

/** The start of `text` its layout is read from, not ending inside a line. */
function sample(text: string): string {
  if (text.length <= layoutSample) return text;
  const end = text.lastIndexOf('\n', layoutSample);
  return text.slice(0, end > 0 ? end + 1 : layoutSample);
}

/** The line ending used most in the first {@link layoutSample} characters of `text`, or `fallback` when they have none. */
export function detectEol(whole: string, fallback = '\n'): string {
  const text = sample(whole);
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  if (crlf === 0 && lf === 0) return fallback;
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * The indentation unit of `text` (its first {@link layoutSample} characters):
 * tabs when most indented lines start with a tab, otherwise the smallest step
 * between consecutive space indentations.
 */
export function detectIndent(whole: string, fallback: { insertSpaces: boolean; tabSize: number }): { insertSpaces: boolean; tabSize: number } {
  const text = sample(whole);
  let tabs = 0;
  let spaced = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (lead.startsWith('\t')) {
      tabs++;
      continue;
    }
    const width = lead.length;
    if (width > 0) spaced++;
    const step = Math.abs(width - previous);
    // A step of 1 is usually alignment inside a comment, not indentation.
    if (step > 1) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = width;
  }
  if (tabs > spaced) return { insertSpaces: false, tabSize: fallback.tabSize };
  if (steps.size === 0) return fallback;
  const [best] = [...steps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return { insertSpaces: true, tabSize: best[0] };
}

/** Line ending and indentation of `text`, with `fallback` for what it cannot tell. */
export function detectFormat(text: string, fallback: TextFormat): TextFormat {
  return { ...detectIndent(text, fallback), eol: detectEol(text, fallback.eol) };
}

/** 1-based line and column of `offset` in `text` (columns count UTF-16 units, as VS Code does). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * {@link lineColumnAt} for many offsets of one text, asked in increasing
 * order (a parser's errors, a search's matches): one pass over the text for
 * them all. Asking lineColumnAt for each read the text from its start every
 * time, quadratic in a file of many problems (issue 17). An offset before the
 * last one asked starts the pass again.
 */
export function lineColumns(text: string): (offset: number) => { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let at = 0;
  return (offset) => {
    if (offset < at) {
      line = 1;
      lineStart = 0;
      at = 0;
    }
    for (; at < offset && at < text.length; at++) {
      if (text.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  };
}

/** The whitespace that starts the line holding `offset`. */
export function indentOfLineAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** Offset of the first character of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The indentation unit as text: a tab or `tabSize` spaces. */
export function indentUnit(format: { insertSpaces: boolean; tabSize: number }): string {
  return format.insertSpaces ? ' '.repeat(Math.max(1, format.tabSize)) : '\t';
}
