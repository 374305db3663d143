// The one way the core parses a YAML file it did not write (deployment.yml,
// endpoint.yml, and the edits made to them): a cheap scan refuses nesting no
// real file has before the yaml package sees it. Text in, a Document or the
// offset where the text got too deep out.
import { LineCounter, parseDocument, type Document } from 'yaml';

/**
 * Deepest nesting parsed. The yaml package composes nested collections by
 * recursion and catches the stack overflow, but when the overflow lands in
 * V8's regular expression compiler the process dies instead ("RegExpCompiler
 * Allocation failed"; seen with 40 KB of `[` after a file with a tab
 * indentation error). The host process must never die on a user's file, so
 * nothing near that depth reaches the parser; deployment files nest about 5 deep.
 */
export const maxYamlNesting = 64;

/** A parsed file with its line table, or the offset where it nests deeper than `maxYamlNesting`. */
export type GuardedYaml = { doc: Document.Parsed; lines: LineCounter; tooDeep?: undefined } | { doc?: undefined; tooDeep: number };

/**
 * Parses `text` as YAML 1.2 with `<<` merge keys (which the Azure ML CLI's
 * PyYAML honours), keeping duplicate keys as errors, unless it nests too deep.
 */
export function parseYamlGuarded(text: string): GuardedYaml {
  const tooDeep = yamlNestingTooDeep(text);
  if (tooDeep !== undefined) return { tooDeep };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  return { doc, lines };
}

/**
 * The offset where `text` opens more than `limit` levels of nesting, or
 * undefined. An upper bound in one pass: every open block indentation, every
 * `- `, `? ` and `: ` indicator on a line, and every open `[` or `{` count,
 * skipping quoted text, comments and block scalar lines. Overcounting only
 * refuses files far deeper than any real one.
 */
export function yamlNestingTooDeep(text: string, limit = maxYamlNesting): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote = '';
  let scalarIndent = -1;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let p = start;
    while (p < end && (text[p] === ' ' || text[p] === '\t')) p++;
    const indent = p - start;
    const blank = p >= end || text[p] === '\r' || text[p] === '#';
    if (scalarIndent >= 0 && (blank || indent > scalarIndent)) {
      start = end + 1;
      continue;
    }
    scalarIndent = -1;
    if (!quote && flow === 0 && !blank) {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    let depth = indents.length + flow;
    for (let i = p; i < end; i++) {
      const c = text[i];
      const prev = i === p ? ' ' : text[i - 1];
      if (quote) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote && quote === "'" && text[i + 1] === "'") i++;
        else if (c === quote) quote = '';
        continue;
      }
      const spaced = i === p || prev === ' ' || prev === '\t';
      if (c === '#' && spaced) break;
      if ((c === '"' || c === "'") && (spaced || '[{,:'.includes(prev))) quote = c;
      else if (c === '[' || c === '{') depth = Math.max(depth, indents.length + ++flow);
      else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
      else if (flow === 0 && (c === '-' || c === '?' || c === ':') && /[ \t\r]/.test(text[i + 1] ?? ' ')) depth++;
      else if (flow === 0 && (c === '|' || c === '>') && spaced && /^[|>][0-9+-]*[ \t]*(#.*)?\r?$/.test(text.slice(i, end))) {
        scalarIndent = indent;
        break;
      }
      if (depth > limit) return i;
    }
    if (depth > limit) return p;
    start = end + 1;
  }
  return undefined;
}
