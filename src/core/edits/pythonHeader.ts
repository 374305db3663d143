// Finds where a Python module's header ends: the shebang/encoding comments,
// the module docstring and the `from __future__` imports, which must all stay
// before any other statement. A small scanner, not a parser.

/**
 * Offset at which a statement can be inserted without displacing the
 * docstring or `from __future__` imports (or a shebang/encoding line): the
 * start of the line after the last of them, or of the first statement when
 * there are none.
 */
export function pythonHeaderEnd(text: string): number {
  let pos = text.startsWith('\uFEFF') ? 1 : 0;
  let end = pos;
  let first = true;
  for (;;) {
    pos = skipBlankAndComments(text, pos);
    if (pos >= text.length) return first ? (pos > end ? afterComments(text, end) : end) : end;
    if (first && isStringStart(text, pos)) {
      const close = stringEnd(text, pos);
      if (close < 0) return end;
      end = nextLine(text, close);
      pos = end;
      first = false;
      continue;
    }
    if (/^from[ \t]+__future__[ \t]+import\b/.test(text.slice(pos, pos + 40))) {
      end = nextLine(text, statementEnd(text, pos));
      pos = end;
      first = false;
      continue;
    }
    return first ? lineStart(text, pos) : end;
  }
}

/** With only comments in the file, after its leading shebang/encoding lines. */
function afterComments(text: string, from: number): number {
  let p = from;
  for (let i = 0; i < 2; i++) {
    const line = text.slice(p, nextLine(text, p));
    if (!/^#!|^#.*coding[:=]/.test(line)) break;
    p = nextLine(text, p);
  }
  return p;
}

function skipBlankAndComments(text: string, pos: number): number {
  let p = pos;
  while (p < text.length) {
    const c = text[p];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') p++;
    else if (c === '#') p = nextLine(text, p);
    else break;
  }
  return p;
}

function isStringStart(text: string, pos: number): boolean {
  return /^[rRuU]?["']/.test(text.slice(pos, pos + 2));
}

/** Offset just after the closing quote of the string literal at `pos`, or -1. */
function stringEnd(text: string, pos: number): number {
  let p = /[rRuU]/.test(text[pos]) ? pos + 1 : pos;
  const q = text[p];
  const triple = text.startsWith(q.repeat(3), p);
  const closing = triple ? q.repeat(3) : q;
  p += closing.length;
  while (p < text.length) {
    if (text[p] === '\\') p += 2;
    else if (text.startsWith(closing, p)) return p + closing.length;
    else if (!triple && text[p] === '\n') return -1;
    else p++;
  }
  return -1;
}

/** End of a statement that may continue over lines in parentheses or after a backslash. */
function statementEnd(text: string, pos: number): number {
  let depth = 0;
  let p = pos;
  while (p < text.length) {
    const c = text[p];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '#') {
      p = nextLine(text, p) - 1;
      if (depth === 0) return p;
    } else if (c === '\\' && (text[p + 1] === '\n' || text.startsWith('\r\n', p + 1))) p += text[p + 1] === '\r' ? 2 : 1;
    else if (c === '\n' && depth <= 0) return p;
    p++;
  }
  return p;
}

function nextLine(text: string, pos: number): number {
  const n = text.indexOf('\n', pos);
  return n < 0 ? text.length : n + 1;
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}
