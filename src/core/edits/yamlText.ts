// The one way the core parses a YAML file it did not write (deployment.yml,
// endpoint.yml, conda environment files, kubeconfigs, and the edits made to
// them): a cheap scan refuses what no real file has (nesting, anchors and
// aliases, size) before the yaml package sees it, and duplicate keys are found
// in one pass. Text in, a Document or why the text was refused out.
import { isMap, isScalar, LineCounter, parseDocument, YAMLParseError, type Document, type Node } from 'yaml';

/**
 * Deepest nesting parsed. The yaml package composes nested collections by
 * recursion and catches the stack overflow, but when the overflow lands in
 * V8's regular expression compiler the process dies instead ("RegExpCompiler
 * Allocation failed"; seen with 40 KB of `[` after a file with a tab
 * indentation error). The host process must never die on a user's file, so
 * nothing near that depth reaches the parser; deployment files nest about 5 deep.
 */
export const maxYamlNesting = 64;

/**
 * Most anchors and aliases (`&name`, `*name`) read. Each alias is a place a
 * reader may expand a whole subtree again; real files use a handful, and
 * 10,000 anchored keys in a conda file held the extension host for seconds
 * (issue 17).
 */
export const maxYamlAliases = 1000;

/**
 * Longest text parsed, in characters, unless the caller says otherwise. The
 * conda and deployment checks run when a file opens and on every change;
 * parsing is linear but not free (about a second per MB here), and these
 * files are a few KB. A kubeconfig with embedded certificates passes its own, larger limit.
 */
export const maxYamlChars = 512 * 1024;

/** Why a text was not parsed: the limit it passed, and the offset where it did. */
export interface YamlRefusal {
  kind: 'too-deep' | 'too-many-aliases' | 'too-large';
  offset: number;
  limit: number;
}

/** A parsed file with its line table, or why it was refused. */
export type GuardedYaml = { doc: Document.Parsed; lines: LineCounter; refused?: undefined } | { doc?: undefined; lines?: undefined; refused: YamlRefusal };

/** Limits of {@link parseYamlGuarded}; each defaults to the exported constant. */
export interface YamlLimits {
  maxChars?: number;
  maxNesting?: number;
  maxAliases?: number;
}

/**
 * Parses `text` as YAML 1.2 with `<<` merge keys (which the Azure ML CLI's
 * PyYAML honours), keeping duplicate keys as errors (`DUPLICATE_KEY`, as the
 * yaml package words them), unless it passes one of the limits.
 */
export function parseYamlGuarded(text: string, limits: YamlLimits = {}): GuardedYaml {
  const maxChars = limits.maxChars ?? maxYamlChars;
  // Placed at the start: the whole file is the problem.
  if (text.length > maxChars) return { refused: { kind: 'too-large', offset: 0, limit: maxChars } };
  const refused = yamlScan(text, limits.maxNesting ?? maxYamlNesting, limits.maxAliases ?? maxYamlAliases);
  if (refused) return { refused };
  const lines = new LineCounter();
  // uniqueKeys off: the yaml package compares each key with every earlier key
  // of its map, quadratic in the keys (a 40,000-key map took 14 s); the same
  // errors come from one pass below.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: false });
  addDuplicateKeyErrors(doc);
  return { doc, lines };
}

/** What to tell the user about a refused file; `what` starts the sentence ("deployment.yml", "The conda file"). */
export function yamlRefusalMessage(what: string, refusal: YamlRefusal): string {
  switch (refusal.kind) {
    case 'too-deep':
      return `${what} is nested deeper than ${refusal.limit} levels; it was not read. No real file nests that deep: look for brackets left open or indentation that keeps growing.`;
    case 'too-many-aliases':
      return `${what} has more than ${refusal.limit} anchors and aliases (&name, *name); it was not read. Real files use a handful: write the values out.`;
    case 'too-large':
      return `${what} is larger than ${Math.round(refusal.limit / 1024)} KB; it was not read. Such a file is a few KB: is it the right file?`;
  }
}

/**
 * The offset where `text` opens more than `limit` levels of nesting, or
 * undefined (see {@link yamlScan}).
 */
export function yamlNestingTooDeep(text: string, limit = maxYamlNesting): number | undefined {
  const r = yamlScan(text, limit, Infinity);
  return r?.offset;
}

/**
 * Why `text` is refused, or undefined, in one pass. Nesting is an upper bound:
 * every open block indentation, every `- `, `? ` and `: ` indicator on a
 * line, and every open `[` or `{` count, skipping quoted text, comments and
 * block scalar lines. Anchors and aliases count where a node may start (after
 * a blank, a line start or a flow indicator). Overcounting only refuses files
 * far beyond any real one.
 */
function yamlScan(text: string, limit: number, maxAliases: number): YamlRefusal | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote = '';
  let scalarIndent = -1;
  let aliases = 0;
  const tooDeep = (offset: number): YamlRefusal => ({ kind: 'too-deep', offset, limit });
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
      } else if ((c === '&' || c === '*') && (spaced || '[{,'.includes(prev)) && !/[\s,[\]{}]/.test(text[i + 1] ?? ' ')) {
        if (++aliases > maxAliases) return { kind: 'too-many-aliases', offset: i, limit: maxAliases };
      }
      if (depth > limit) return tooDeep(i);
    }
    if (depth > limit) return tooDeep(p);
    start = end + 1;
  }
  return undefined;
}

/**
 * Adds the yaml package's `DUPLICATE_KEY` error for every scalar key its map
 * already has, where the package puts it (the key's start), in a single pass
 * with a set per map. Nesting is bounded by the scan, so the walk's recursion is too.
 */
function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        // The package's test is `===` on scalar values: NaN is never equal, and other nodes only to themselves.
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value) && key.range) found.push(new YAMLParseError([key.range[0], key.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          seen.add(key.value);
        }
        walk(pair.key);
        walk(pair.value);
      }
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray(node.items)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  if (found.length === 0) return;
  // Merged in as the package reports them while it reads: each before the
  // other errors from its offset on. One pass (a file can have thousands of each).
  found.sort((a, b) => a.pos[0] - b.pos[0]);
  const others = doc.errors.splice(0);
  let k = 0;
  for (const e of others) {
    while (k < found.length && found[k].pos[0] <= e.pos[0]) doc.errors.push(found[k++]);
    doc.errors.push(e);
  }
  while (k < found.length) doc.errors.push(found[k++]);
}
