// Finds keyword arguments (`memory_gb=2`) and calls in Python source without
// being fooled by strings or comments: a light scanner that blanks those out,
// then regular expressions on what is left. Enough for deployment scripts.

import { l10n } from '../l10n';

/**
 * Longest script read or edited, in characters. Python is scanned here a
 * character at a time, and each reader scans again: at 4 MB the model-path
 * check on every change of score.py took 2.7 s of CPU, a crash quick fix on a
 * deployment script 5 s (issue 17). A scoring or deployment script is a few
 * KB; past this the checks say nothing and the edits say why.
 */
export const maxScriptChars = 256 * 1024;

/** Why a script past {@link maxScriptChars} was left alone; `what` starts the sentence. */
export function scriptTooLargeMessage(what: string): string {
  return l10n.t('{0} is larger than {1} KB; it was not read. Such a script is a few KB: is it the right file?', what, maxScriptChars / 1024);
}

/** A `keyword=value` found in code. */
export interface KeywordMatch {
  keyword: string;
  /** Offset of the keyword. */
  offset: number;
  valueOffset: number;
  valueLength: number;
  /** The value's source text. */
  value: string;
}

/** Spans of comments (`#` to the line end) and string literals (quotes included) in Python source. */
export function literalRanges(text: string): { start: number; end: number; kind: 'comment' | 'string' }[] {
  const out: { start: number; end: number; kind: 'comment' | 'string' }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const start = i;
      while (i < text.length && text[i] !== '\n') i++;
      out.push({ start, end: i, kind: 'comment' });
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      let closed = false;
      while (j < text.length) {
        if (text.startsWith(quote, j)) {
          closed = true;
          break;
        }
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        j++;
      }
      const end = Math.min(text.length, closed ? j + quote.length : j);
      out.push({ start: i, end, kind: 'string' });
      i = end;
      continue;
    }
    i++;
  }
  return out;
}

/** `text` with comments and string contents replaced by spaces (same length, same offsets; quotes and line ends kept). */
export function codeOnly(text: string): string {
  const out = text.split('');
  for (const r of literalRanges(text)) {
    // Keep a string's quotes so a value span still covers the whole literal.
    const from = r.kind === 'string' ? r.start + 1 : r.start;
    const to = r.kind === 'string' ? r.end - 1 : r.end;
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  }
  return out.join('');
}

/** The end of an argument value starting at `start`: the `,` or `)` at its own depth. */
function valueEnd(code: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) break;
    else if (c === '\n' && depth === 0 && code.slice(start, i).trim() !== '') break;
  }
  while (i > start && /\s/.test(code[i - 1])) i--;
  return i;
}

/** Every `keyword=value` argument in code (not `==`, not in strings or comments); none in a script past {@link maxScriptChars}. */
export function findKeywords(text: string, keyword: string): KeywordMatch[] {
  if (text.length > maxScriptChars) return [];
  const code = codeOnly(text);
  const re = new RegExp(`(?<![\\w.])${keyword}\\s*=(?!=)\\s*`, 'g');
  const out: KeywordMatch[] = [];
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const valueOffset = m.index + m[0].length;
    const end = valueEnd(code, valueOffset);
    out.push({ keyword, offset: m.index, valueOffset, valueLength: end - valueOffset, value: text.slice(valueOffset, end) });
  }
  return out;
}

/** Offset just after the `(` of the first call to `name` in code; `undefined` if none (or past {@link maxScriptChars}). */
export function findCallOpen(text: string, name: RegExp): number | undefined {
  if (text.length > maxScriptChars) return undefined;
  const code = codeOnly(text);
  const re = new RegExp(`(?:${name.source})\\s*\\(`, 'g');
  const m = re.exec(code);
  return m ? m.index + m[0].length : undefined;
}

/** A value as Python source: `True`/`False`, numbers as written, strings double-quoted. */
export function pythonLiteral(value: number | boolean | string): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
