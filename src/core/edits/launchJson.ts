// Adds (or updates in place) one debug configuration in the text of a
// launch.json or a .code-workspace file, as a text edit that keeps every other
// byte: comments, trailing commas, BOM, CRLF, tabs, order. Text in, text out.
import {
  applyEdits, createScanner, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, ScanError, SyntaxKind,
  type Edit, type JSONPath, type Node, type ParseError,
} from 'jsonc-parser';
import { l10n } from '../l10n';
import { jsonRefusalMessage, maxJsonChars, modifyFormatted, parseJsonTree } from './jsonText';
import { detectEol, indentOfLineAt, indentUnit, lineColumnAt, lineStartAt, type TextFormat } from './textFormat';

/** What happened to the file; `text` is the whole new file. */
export interface LaunchEdit {
  text: string;
  outcome: 'added' | 'updated' | 'unchanged';
}

/** Why the file was left alone, with the 1-based position to show the user. */
export interface LaunchEditError {
  error: string;
  line: number;
  column: number;
}

export type LaunchEditResult = LaunchEdit | LaunchEditError;

/** True when `r` is an error result. */
export function isLaunchEditError(r: LaunchEditResult): r is LaunchEditError {
  return 'error' in r;
}

const parseOptions = { allowTrailingComma: true, disallowComments: false };
// Keys whose value we own: an existing configuration of the same name gets
// these overwritten; any other key the user set is left as it is.
const ownedKeys = new Set(['type', 'request', 'host', 'port', 'pathMappings']);

/**
 * Adds `config` to the `configurations` array of a launch.json text, or
 * updates the configuration of the same `name` in place. An empty file gets a
 * skeleton; a syntax error or a `configurations` that is not an array gives an
 * error with its position and no text.
 */
export function addAttachConfiguration(text: string, config: object, format: TextFormat): LaunchEditResult {
  return addAttachConfigurationAt(text, [], config, format);
}

/**
 * Same as {@link addAttachConfiguration} for the object at `containerPath`,
 * e.g. `['launch']` in a .code-workspace file.
 */
export function addAttachConfigurationAt(text: string, containerPath: JSONPath, config: object, format: TextFormat): LaunchEditResult {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  // Never mix line endings: the file's own ending wins over the editor's.
  const fmt: TextFormat = { ...format, eol: detectEol(body, format.eol) };
  const result = editBody(body, containerPath, config, fmt);
  return isLaunchEditError(result) ? result : { ...result, text: bom + result.text };
}

function editBody(text: string, containerPath: JSONPath, config: object, fmt: TextFormat): LaunchEditResult {
  // Past the limit nothing of it is read, not even whether it is empty: jsonc-parser's scanner
  // builds a run of blanks a character at a time (4 MB of spaces, 1.2 s of CPU; issue 17).
  if (text.length > maxJsonChars) return { error: jsonRefusalMessage(l10n.t('The file'), { kind: 'too-large', offset: 0, limit: maxJsonChars }), line: 1, column: 1 };
  // No value at all (empty, blanks, comments only) is what a new file looks like, not an error.
  if (noValue(text)) {
    return { text: skeleton(text, containerPath, config, fmt), outcome: 'added' };
  }
  const parsed = parseJsonTree(text, parseOptions);
  if (parsed.refused) return { error: jsonRefusalMessage(l10n.t('The file'), parsed.refused), ...lineColumnAt(text, parsed.refused.offset) };
  const { root, errors } = parsed;
  if (errors.length > 0) {
    const e = errors[0];
    return { error: l10n.t('Syntax error: {0}', describe(e.error)), ...lineColumnAt(text, e.offset) };
  }
  if (!root) return { text: skeleton(text, containerPath, config, fmt), outcome: 'added' };
  if (root.type !== 'object') return errorAt(text, root, l10n.t('The file must contain a JSON object ({ ... }).'));

  const container = findNodeAtLocation(root, containerPath);
  if (!container) return { text: addProperty(text, root, containerPath, { version: '0.2.0', configurations: [config] }, fmt), outcome: 'added' };
  if (container.type !== 'object') return errorAt(text, container, l10n.t('"{0}" is not an object.', containerPath.join('.')));

  const path = [...containerPath, 'configurations'];
  const list = findNodeAtLocation(root, path);
  if (!list) return { text: addProperty(text, root, path, [config], fmt), outcome: 'added' };
  if (list.type !== 'array') return errorAt(text, list, l10n.t('"configurations" is not an array, so no configuration can be added to it.'));

  const name = (config as { name?: unknown }).name;
  const index = (list.children ?? []).findIndex(
    (c) => c.type === 'object' && name !== undefined && nodeValue(findNodeAtLocation(c, ['name'])) === name,
  );
  if (index >= 0) return updateInPlace(text, [...path, index], config, fmt);
  return { text: applyEdits(text, appendEdits(text, list, JSON.stringify(config, null, indentUnit(fmt)), fmt)), outcome: 'added' };
}

/**
 * Adds the property at `path` (its parent an object) as the last of its
 * object, by hand like {@link appendEdits}: `modify` re-formats the line it
 * inserts on, and took the tab out of `"version": <tab>"0.2.0"` (found by the
 * property tests of issue 17). A parent missing too is left to `modify`.
 */
function addProperty(text: string, root: Node, path: JSONPath, value: unknown, fmt: TextFormat): string {
  const parent = findNodeAtLocation(root, path.slice(0, -1));
  if (parent?.type !== 'object') return applyEdits(text, modifyFormatted(text, path, value, fmt));
  const entry = `${JSON.stringify(path[path.length - 1])}: ${JSON.stringify(value, null, indentUnit(fmt))}`;
  return applyEdits(text, appendEdits(text, parent, entry, fmt));
}

/** Overwrites the owned keys that differ, adds the missing ones, one `modify` at a time. */
function updateInPlace(text: string, itemPath: JSONPath, config: object, fmt: TextFormat): LaunchEdit {
  let current = text;
  for (const [key, value] of Object.entries(config)) {
    // The text passed parseJsonTree, and each value of ours goes a few levels down: still within the limits.
    const tree = parseTree(current, [], parseOptions);
    const item = tree && findNodeAtLocation(tree, itemPath);
    const existing = item && findNodeAtLocation(item, [key]);
    if (existing && (!ownedKeys.has(key) || sameJson(nodeValue(existing), value))) continue;
    current = applyEdits(current, modifyFormatted(current, [...itemPath, key], value, fmt));
  }
  return { text: current, outcome: current === text ? 'unchanged' : 'updated' };
}

/**
 * Inserts `entry` (an element's JSON, or a `"key": value` property, its lines
 * ended by \n) as the last entry of `list` (an array or an object). Done by
 * hand rather than by `modify`'s formatter, which re-formats whole lines
 * around the insertion and would touch the user's neighbouring bytes
 * (one-line arrays, comments).
 */
function appendEdits(text: string, list: Node, entry: string, fmt: TextFormat): Edit[] {
  const unit = indentUnit(fmt);
  const open = list.offset;
  const close = list.offset + list.length - 1;
  const children = list.children ?? [];
  const last = children.at(-1);
  const openIndent = indentOfLineAt(text, open);
  let itemIndent = openIndent + unit;
  if (children.length > 0) {
    const first = children[0];
    const lead = text.slice(lineStartAt(text, first.offset), first.offset);
    if (/^[ \t]*$/.test(lead)) itemIndent = lead;
  }
  const trailingComma = last !== undefined && hasComma(text.slice(last.offset + last.length, close));
  const value = entry.split('\n').join(fmt.eol + itemIndent) + (trailingComma ? ',' : '');
  const edits: Edit[] = [];
  if (last && !trailingComma) edits.push({ offset: last.offset + last.length, length: 0, content: ',' });
  const closeLine = lineStartAt(text, close);
  if (closeLine > open && /^[ \t]*$/.test(text.slice(closeLine, close))) {
    // `]` on its own line: the new item goes on the lines just above it, after any commented-out entries.
    edits.push({ offset: closeLine, length: 0, content: itemIndent + value + fmt.eol });
  } else {
    edits.push({ offset: close, length: 0, content: fmt.eol + itemIndent + value + fmt.eol + openIndent });
  }
  return edits;
}

/** A file with no JSON value at all (empty, blanks, comments only) gets a full skeleton. */
function skeleton(text: string, containerPath: JSONPath, config: object, fmt: TextFormat): string {
  const launch: unknown = { version: '0.2.0', configurations: [config] };
  const value = containerPath.reduceRight<unknown>((inner, key) => ({ [key]: inner }), launch);
  const json = JSON.stringify(value, null, indentUnit(fmt)).split('\n').join(fmt.eol) + fmt.eol;
  if (text.trim() === '') return json;
  return text + (text.endsWith('\n') ? '' : fmt.eol) + json;
}

/**
 * True when the text holds only blanks and closed comments. One pass of the
 * scanner: a regular expression looking past each `/*` for a `*\/` took
 * seconds on a long comment full of `/*` (issue 17).
 */
function noValue(text: string): boolean {
  const scanner = createScanner(text, false);
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t === SyntaxKind.Trivia || t === SyntaxKind.LineBreakTrivia || t === SyntaxKind.LineCommentTrivia) continue;
    // An unclosed block comment is an error to show, not an empty file.
    if (t === SyntaxKind.BlockCommentTrivia && scanner.getTokenError() === ScanError.None) continue;
    return false;
  }
  return true;
}

function hasComma(between: string): boolean {
  const scanner = createScanner(between, true);
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t === SyntaxKind.CommaToken) return true;
  }
  return false;
}

function nodeValue(node: Node | undefined): unknown {
  return node === undefined ? undefined : getNodeValue(node);
}

/** Deep equality of JSON values; key order does not matter. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function errorAt(text: string, node: Node, message: string): LaunchEditError {
  return { error: message, ...lineColumnAt(text, node.offset) };
}

/** 'CommaExpected' -> 'comma expected'. */
function describe(code: ParseError['error']): string {
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
