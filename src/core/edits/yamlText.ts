// The one way the core parses a YAML file it did not write (deployment.yml,
// endpoint.yml, conda environment files, kubeconfigs, and the edits made to
// them): what no real file has (size, nesting, anchors and aliases) is refused
// before the yaml package composes nodes, the only part of it that recurses,
// and duplicate keys are found in one pass. Text in, a Document or why the
// text was refused out.
import { Composer, CST, isMap, isScalar, Lexer, LineCounter, Parser, YAMLParseError, type Document, type Node } from 'yaml';
import { l10n } from '../l10n';

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
 * parsing is linear but not free (a file of nothing but errors costs the
 * yaml package about 7 ms per KB here), and these files are a few KB, the
 * largest conda export some 20. A kubeconfig with embedded certificates
 * passes its own, larger limit.
 */
export const maxYamlChars = 128 * 1024;

/**
 * Most tokens read (the yaml lexer's: a scalar, an indicator, a comment, a
 * run of blanks, a line end). The yaml package's work follows its tokens,
 * not the characters: 2 MB of a kubeconfig's certificates are a few thousand
 * (0.3 s of CPU), 2 MB of blank lines two million (8 s; issue 17). This many
 * cost under a second of CPU whatever they are, and a real file has a few
 * thousand; a text within the other readers' 128 KB rarely reaches it.
 */
export const maxYamlTokens = 64 * 1024;

/** Why a text was not parsed: the limit it passed, and the offset where it did. */
export interface YamlRefusal {
  kind: 'too-deep' | 'too-many-aliases' | 'too-large' | 'too-many-tokens';
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
  maxTokens?: number;
}

/**
 * Parses `text` as YAML 1.2 with `<<` merge keys (which the Azure ML CLI's
 * PyYAML honours), keeping duplicate keys as errors (`DUPLICATE_KEY`, as the
 * yaml package words them), unless it passes one of the limits. In three
 * steps, as the package's parseDocument takes them: its Parser (which keeps
 * its own stack, so any nesting is safe) turns the text into tokens, the
 * tokens are measured, and only then does its Composer (which recurses once
 * per level) build the document.
 */
export function parseYamlGuarded(text: string, limits: YamlLimits = {}): GuardedYaml {
  // The package makes an Error per problem, and a broken file can have one per
  // token: with no stack to capture, 32,000 of them cost half as much. The
  // errors carry their own positions; nothing here reads a stack.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return guardedParse(text, limits);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function guardedParse(text: string, limits: YamlLimits): GuardedYaml {
  const maxChars = limits.maxChars ?? maxYamlChars;
  const maxNesting = limits.maxNesting ?? maxYamlNesting;
  // Placed at the start: the whole file is the problem.
  if (text.length > maxChars) return { refused: { kind: 'too-large', offset: 0, limit: maxChars } };
  // Before the Parser, which recurses when many levels end at once.
  const lexical = lexicalLimits(text, maxNesting, limits.maxTokens ?? maxYamlTokens);
  if (lexical) return { refused: lexical };
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const refused = tokenLimits(tokens, maxNesting, limits.maxAliases ?? maxYamlAliases);
  if (refused) return { refused };
  // uniqueKeys off: the yaml package compares each key with every earlier key
  // of its map, quadratic in the keys (a 40,000-key map took 14 s); the same
  // errors come from one pass below.
  let doc: Document.Parsed | undefined;
  for (const next of new Composer({ prettyErrors: false, merge: true, uniqueKeys: false }).compose(tokens, true, text.length)) {
    if (doc) {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
    doc = next;
  }
  // compose(…, forceDoc) always gives a document, empty text included.
  if (!doc) throw new Error('the yaml composer gave no document');
  addDuplicateKeyErrors(doc);
  return { doc, lines };
}

/** What to tell the user about a refused file; `what` starts the sentence ("deployment.yml", "The conda file"). */
export function yamlRefusalMessage(what: string, refusal: YamlRefusal): string {
  switch (refusal.kind) {
    case 'too-deep':
      return l10n.t('{0} is nested deeper than {1} levels; it was not read. No real file nests that deep: look for brackets left open or indentation that keeps growing.', what, refusal.limit);
    case 'too-many-aliases':
      return l10n.t('{0} has more than {1} anchors and aliases (&name, *name); it was not read. Real files use a handful: write the values out.', what, refusal.limit);
    case 'too-large':
      return l10n.t('{0} is larger than {1} KB; it was not read. Such a file is a few KB: is it the right file?', what, Math.round(refusal.limit / 1024));
    case 'too-many-tokens':
      return l10n.t('{0} has more than {1} keys, values, indicators and line ends; it was not read. Such a file has a few thousand: is it the right file?', what, refusal.limit);
  }
}

/**
 * The first collection nested past `maxNesting`, or the first anchor or alias
 * past `maxAliases`, in file order, from the parser's own tokens. The walk
 * keeps its own stack: the tokens nest as deep as the text does.
 */
function tokenLimits(tokens: readonly CST.Token[], maxNesting: number, maxAliases: number): YamlRefusal | undefined {
  let aliases = 0;
  const stack: [CST.Token, number][] = tokens.map((t): [CST.Token, number] => [t, 0]).reverse();
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [token, depth] = top;
    const inside: (CST.Token | null | undefined)[] = [];
    let level = depth;
    switch (token.type) {
      case 'anchor':
      case 'alias':
        if (++aliases > maxAliases) return { kind: 'too-many-aliases', offset: token.offset, limit: maxAliases };
        break;
      case 'document':
        inside.push(...token.start, token.value);
        break;
      case 'block-scalar':
        inside.push(...token.props);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        level = depth + 1;
        if (level > maxNesting) return { kind: 'too-deep', offset: token.offset, limit: maxNesting };
        for (const item of token.items) inside.push(...item.start, item.key, ...(item.sep ?? []), item.value);
        break;
    }
    for (let i = inside.length - 1; i >= 0; i--) {
      const t = inside[i];
      if (t) stack.push([t, level]);
    }
  }
  return undefined;
}

/**
 * The offset where `text` opens more than `limit` levels of nesting, or
 * undefined: a first pass over the yaml package's own lexical tokens (its
 * Lexer keeps no stack, so any text is safe), before its Parser, which
 * recurses when many levels end at once. Quotes, comments, block scalars and
 * a `[` inside a plain scalar are the Lexer's to tell. An upper bound, within
 * a factor of two: every open block indentation, every `-`, `?` and `:`
 * indicator on a line, and every open flow collection count (a sequence may sit at
 * its map's indentation, hence the factor), so the limit lies far below what
 * would overflow a stack.
 */
export function yamlNestingTooDeep(text: string, limit = maxYamlNesting): number | undefined {
  const refused = lexicalLimits(text, limit, Infinity);
  return refused?.offset;
}

/** The nesting of {@link yamlNestingTooDeep} and the count of tokens, in the one pass over the lexer's tokens. */
function lexicalLimits(text: string, limit: number, maxTokens: number): YamlRefusal | undefined {
  let tokens = 0;
  const indents: number[] = [];
  let flow = 0;
  let offset = 0;
  let scalarNext = false;
  // The line being read: its indentation so far, whether it was taken, its indicators.
  let atLineStart = true;
  let indent = 0;
  let taken = false;
  let indicators = 0;
  const newLine = () => {
    atLineStart = true;
    indent = 0;
    taken = false;
    indicators = 0;
  };
  for (const lexeme of new Lexer().lex(text)) {
    const at = offset;
    // The token after a scalar mark is the scalar's source, whatever it starts with (the Parser reads it so).
    const type = scalarNext ? 'scalar-source' : CST.tokenType(lexeme);
    scalarNext = false;
    if (type === 'scalar') {
      scalarNext = true;
      continue;
    }
    if (type === 'doc-mode') continue;
    if (lexeme.length > 0 && ++tokens > maxTokens) return { kind: 'too-many-tokens', offset: at, limit: maxTokens };
    offset += lexeme.length;
    if (type === 'flow-error-end') {
      flow = 0;
      continue;
    }
    if (type === 'newline') {
      newLine();
      continue;
    }
    if (type === 'space' && atLineStart) {
      if (lexeme[0] === ' ') indent += lexeme.length;
      continue;
    }
    if (type === 'space' || type === 'comment') continue;
    // Content: the line's indentation opens a block level, unless inside a flow collection.
    if (!taken && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    taken = true;
    atLineStart = false;
    if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') indicators++;
    else if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    if (indents.length + flow + indicators > limit) return { kind: 'too-deep', offset: at, limit };
    // A block scalar's content ends with its last line end: the next token starts a line.
    if (type === 'scalar-source' && lexeme.endsWith('\n')) newLine();
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
