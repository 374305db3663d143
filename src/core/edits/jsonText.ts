// The one way the core parses a JSON file it did not write (launch.json, a
// .code-workspace, inferenceconfig.json, deploymentconfig.json, a test
// request), and sets a value in one: jsonc-parser builds its tree by
// recursion, so a scan that does not recurse refuses nesting no real file has
// before the parser sees it, and a size no real file has is refused before
// either; its `modify` re-formats by copying the whole text once per change,
// so the changes are applied here in one pass.
// Text in, a tree (or value) and its errors, or why it was refused and where.
import { l10n } from '../l10n';
import {
  createScanner, format, modify, parse, parseTree, SyntaxKind,
  type Edit, type FormattingOptions, type JSONPath, type Node, type ParseError, type ParseOptions,
} from 'jsonc-parser';

/**
 * Deepest nesting parsed. jsonc-parser recurses once per `[` or `{` and
 * overflowed the stack near 10,000 levels ("Maximum call stack size
 * exceeded" out of the command, issue 17); the extension host's stack may
 * already be deep when a command runs, so the limit sits far below that.
 * Configuration files nest about 5 deep.
 */
export const maxJsonNesting = 64;

/**
 * Longest text parsed, in characters. jsonc-parser makes a node of every
 * value and an error of every stray character, and the readers around it
 * measure the text's indentation and line ends: 4 MB took seconds of CPU
 * here (a nest of 64 brackets over and over, 4.5 s; stray characters on
 * their own lines, past 20 s; issue 17). Configuration files are a few KB;
 * a test request's body past it is sent unchecked.
 */
export const maxJsonChars = 256 * 1024;

/** Why a text was not parsed: nested past the limit (at the first bracket too many), or longer than the limit (at its start). */
export interface JsonRefusal {
  kind: 'too-deep' | 'too-large';
  offset: number;
  limit: number;
}

/** A parsed tree with its syntax errors, or why the text was refused. */
export type GuardedJsonTree = { root: Node | undefined; errors: ParseError[]; refused?: undefined } | { root?: undefined; errors?: undefined; refused: JsonRefusal };

/** A parsed value with its syntax errors, or why the text was refused. */
export type GuardedJsonValue = { value: unknown; errors: ParseError[]; refused?: undefined } | { value?: undefined; errors?: undefined; refused: JsonRefusal };

/**
 * The offset of the first `[` or `{` that opens more than `limit` levels, or
 * undefined. Strings and comments are the scanner's tokens, so brackets in
 * them do not count. A closer only closes the bracket it matches: the parser
 * never lets a stray `]` close an object, and counting it would let
 * `[}[}[}...` look shallow while the parser descends into every `[`.
 */
export function jsonNestingTooDeep(text: string, limit = maxJsonNesting): number | undefined {
  const scanner = createScanner(text, true);
  const open: SyntaxKind[] = [];
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) {
      open.push(t);
      if (open.length > limit) return scanner.getTokenOffset();
    } else if (t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) {
      const matches = t === SyntaxKind.CloseBraceToken ? SyntaxKind.OpenBraceToken : SyntaxKind.OpenBracketToken;
      if (open[open.length - 1] === matches) open.pop();
    }
  }
  return undefined;
}

/** Why `text` is not to be parsed: longer than {@link maxJsonChars}, or nested deeper than `limit`; undefined when it may be. */
export function jsonRefusal(text: string, limit = maxJsonNesting): JsonRefusal | undefined {
  if (text.length > maxJsonChars) return { kind: 'too-large', offset: 0, limit: maxJsonChars };
  const deep = jsonNestingTooDeep(text, limit);
  return deep === undefined ? undefined : { kind: 'too-deep', offset: deep, limit };
}

/** `parseTree` of jsonc-parser, unless the text is too large or nests deeper than `limit`. */
export function parseJsonTree(text: string, options?: ParseOptions, limit = maxJsonNesting): GuardedJsonTree {
  const refused = jsonRefusal(text, limit);
  if (refused) return { refused };
  const errors: ParseError[] = [];
  return { root: parseTree(text, errors, options), errors };
}

/** `parse` of jsonc-parser (the value, errors recovered from), unless the text is too large or nests deeper than `limit`. */
export function parseJsonValue(text: string, options?: ParseOptions, limit = maxJsonNesting): GuardedJsonValue {
  const refused = jsonRefusal(text, limit);
  if (refused) return { refused };
  const errors: ParseError[] = [];
  return { value: parse(text, errors, options) as unknown, errors };
}

/** What to tell the user about a file the guard refused; `what` (a file's name, or "The file" translated) starts the sentence. */
export function jsonRefusalMessage(what: string, refusal: JsonRefusal): string {
  return refusal.kind === 'too-deep'
    ? l10n.t('{0} is nested deeper than {1} levels of [ and {; it was not read. No configuration nests that deep: look for brackets left open.', what, refusal.limit)
    : l10n.t('{0} is larger than {1} KB; it was not read. Such a file is a few KB: is it the right file?', what, Math.round(refusal.limit / 1024));
}

/**
 * `modify` of jsonc-parser with `formattingOptions`, to the byte: the one edit
 * that sets `value` at `path`, the lines it inserts on (or removes from)
 * re-formatted. jsonc-parser applies each formatting change by copying the
 * whole text, and one line of a minified file holds a change per token:
 * quadratic, a minute for a one-line launch.json of 100 KB (issue 17). Here
 * the changes go in in one pass. Throws where `modify` does.
 */
export function modifyFormatted(text: string, path: JSONPath, value: unknown, formatting: FormattingOptions): Edit[] {
  const [edit] = modify(text, path, value, {});
  if (!edit) return [];
  const changed = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
  let begin = edit.offset;
  let end = edit.offset + edit.content.length;
  const eol = (at: number) => changed[at] === '\r' || changed[at] === '\n';
  if (edit.length === 0 || edit.content.length === 0) {
    while (begin > 0 && !eol(begin - 1)) begin--;
    while (end < changed.length && !eol(end)) end++;
  }
  // In order and apart, as the formatter makes them; the span of the one edit grows to hold them.
  const changes = format(changed, { offset: begin, length: end - begin }, { ...formatting, keepLines: false });
  const parts: string[] = [];
  let at = 0;
  let grown = 0;
  for (const c of changes) {
    parts.push(changed.slice(at, c.offset), c.content);
    at = c.offset + c.length;
    begin = Math.min(begin, c.offset);
    end = Math.max(end, c.offset + c.length);
    grown += c.content.length - c.length;
  }
  parts.push(changed.slice(at));
  const formatted = parts.join('');
  end += grown;
  return [{ offset: begin, length: text.length - (formatted.length - end) - begin, content: formatted.slice(begin, end) }];
}
