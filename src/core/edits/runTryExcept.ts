// The seeds' debugging aid for a failing run(): wrap its body in try/except
// and return the error to the caller instead of a bare 500/502. Marked in the
// code as for debugging only (the seeds warn not to ship it). Text in, text
// out, one edit over run()'s body; strings inside the body are not re-indented.
import { literalRanges, maxScriptChars } from './pythonKeywords';
import { detectEol } from './textFormat';

/** First line of the inserted block; also how an already wrapped run() is recognised. */
export const RUN_WRAP_MARKER = '# azureml-debug: DEBUGGING ONLY - returns errors to the caller; remove before production.';

/** The new text and one edit, or why nothing changed. */
export type RunWrapResult =
  | { changed: true; text: string; edit: { offset: number; length: number; newText: string }; line: number }
  | { changed: false; reason: 'no-run' | 'one-line-run' | 'already-wrapped' | 'too-large' };

interface LineInfo {
  start: number;
  end: number;
  text: string;
  indent: string;
  /** The line starts inside a multi-line string (its leading blanks are string content). */
  inString: boolean;
  /** Blank or comment only. */
  blank: boolean;
}

function splitLines(text: string): LineInfo[] {
  const strings = literalRanges(text).filter((r) => r.kind === 'string');
  // Line starts only grow, and the ranges are in order and apart: one pointer
  // walks them (searching all of them per line was quadratic, seconds for a
  // score.py of 40,000 string lines).
  let k = 0;
  const inString = (offset: number) => {
    while (k < strings.length && strings[k].end <= offset) k++;
    return k < strings.length && strings[k].start < offset;
  };
  const out: LineInfo[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(start, end).replace(/\r?\n$/, '');
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const rest = line.slice(indent.length);
    out.push({ start, end, text: line, indent, inString: inString(start), blank: rest === '' || rest.startsWith('#') });
    if (nl < 0) break;
    start = end;
  }
  return out;
}

/** Index of the line where the header `def run(...)...:` ends, by bracket depth outside strings. */
function headerEnd(text: string, lines: LineInfo[], first: number): { line: number; colon: number } | undefined {
  const literals = literalRanges(text);
  let depth = 0;
  // Offsets only grow: one pointer into the ranges, as in splitLines.
  let k = 0;
  for (let i = first; i < lines.length; i++) {
    for (let o = lines[i].start; o < lines[i].end; o++) {
      while (k < literals.length && literals[k].end <= o) k++;
      const lit = k < literals.length && literals[k].start <= o ? literals[k] : undefined;
      if (lit) {
        if (lit.kind === 'comment') break;
        o = lit.end - 1;
        continue;
      }
      const c = text[o];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === ':' && depth === 0) return { line: i, colon: o };
    }
  }
  return undefined;
}

/**
 * `import json`, `import os, json`, `from json import dumps`. The blanks after
 * `import` are all its own (the name starts at the first non-blank), and the
 * search for `json` stops where the line does (JavaScript's too: U+2028): with
 * `\s+.*`, a line of `import` and spaces was split between the two every way
 * before failing, quadratic (over 20 s for 256 KB; issue 17).
 */
const importsJson = /^(?:import[ \t]+(?=\S)[^\r\n\u2028\u2029]*\bjson\b|from[ \t]+json[ \t]+import\b)/m;

/** Wraps the body of the top-level `def run(...)` in try/except returning the error (not in a script past `maxScriptChars`). */
export function wrapRunInTryExcept(text: string): RunWrapResult {
  if (text.length > maxScriptChars) return { changed: false, reason: 'too-large' };
  const lines = splitLines(text);
  const defIndex = lines.findIndex((l) => !l.inString && /^(async\s+)?def\s+run\s*\(/.test(l.text));
  if (defIndex < 0) return { changed: false, reason: 'no-run' };
  const header = headerEnd(text, lines, defIndex);
  if (!header) return { changed: false, reason: 'no-run' };
  const afterColon = text.slice(header.colon + 1, lines[header.line].end).trim();
  if (afterColon !== '' && !afterColon.startsWith('#')) return { changed: false, reason: 'one-line-run' };

  // The body: following lines indented deeper than `def`, blank lines and comments included.
  let first = header.line + 1;
  let last = first - 1;
  for (let i = first; i < lines.length; i++) {
    const l = lines[i];
    if (l.inString) {
      last = i;
      continue;
    }
    if (l.blank) continue;
    if (l.indent.length === 0) break;
    last = i;
  }
  if (last < first) return { changed: false, reason: 'no-run' };
  if (lines.slice(first, last + 1).some((l) => l.text.includes(RUN_WRAP_MARKER))) return { changed: false, reason: 'already-wrapped' };

  const bodyIndent = lines.slice(first, last + 1).find((l) => !l.blank && !l.inString)?.indent ?? '    ';
  const unit = bodyIndent.startsWith('\t') ? '\t' : bodyIndent.length >= 2 ? bodyIndent : '    ';
  // Keep a docstring (and blank lines before it) above the try.
  while (first <= last && lines[first].blank) first++;
  const docStart = lines[first]?.text.trimStart();
  if (docStart && /^[rRuUbBfF]*("""|'''|"|')/.test(docStart)) {
    let end = first;
    while (end + 1 <= last && lines[end + 1].inString) end++;
    first = end + 1;
  }
  if (first > last) return { changed: false, reason: 'no-run' };

  const eol = detectEol(text);
  const usesJson = importsJson.test(text);
  const body = lines.slice(first, last + 1).map((l) => (l.inString || l.text.trim() === '' ? l.text : unit + l.text)).join(eol);
  const ret = usesJson ? 'return json.dumps({"error": str(e)})' : 'return {"error": str(e)}';
  const block = [
    `${bodyIndent}${RUN_WRAP_MARKER}`,
    `${bodyIndent}try:`,
    body,
    `${bodyIndent}except Exception as e:`,
    `${bodyIndent}${unit}${ret}`,
  ].join(eol);
  const offset = lines[first].start;
  const endOffset = lines[last].start + lines[last].text.length;
  const edit = { offset, length: endOffset - offset, newText: block };
  return { changed: true, text: text.slice(0, offset) + block + text.slice(endOffset), edit, line: first + 1 };
}
