// Quick-fix edits of a YAML file (deployment.yml, endpoint.yml): set one
// scalar, or remove one key, as the smallest replacement. Every byte outside
// the change is kept: comments, anchors, quoting, line ends. A file with YAML
// errors is left alone: where its keys are is a guess.
import { isAlias, isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { minimalReplacement, type TextReplacement } from './textChange';
import { detectEol, detectIndent, lineStartAt } from './textFormat';
import { parseYamlGuarded } from './yamlText';

/** A value a quick fix writes. */
export type YamlScalarValue = string | number | boolean;

/**
 * Sets the scalar at `path` (keys from the root) to `value`, keeping the
 * scalar's quoting; a missing key is inserted at the end of its mapping with
 * that mapping's indentation (and missing mappings above it are created).
 * Undefined when the text has YAML errors, or the path runs through a
 * sequence, an alias or a non-empty scalar, or ends on a collection.
 */
export function setYamlValue(text: string, path: readonly string[], value: YamlScalarValue): TextReplacement | undefined {
  if (path.length === 0 || (typeof value === 'number' && !Number.isFinite(value))) return undefined;
  const doc = parsed(text);
  if (!doc) return undefined;
  const eol = detectEol(text);
  const unit = indentStep(text);
  if (doc.contents === null) {
    // Empty or comments only: the keys go at the end.
    const lines = nested(path, value, '', unit);
    const lead = text === '' || text.endsWith('\n') ? '' : eol;
    return edit(text, text.length, text.length, `${lead}${lines.join(eol)}${eol}`);
  }
  let map: Node | null = doc.contents;
  for (let i = 0; i < path.length; i++) {
    if (!isMap(map)) return undefined;
    const pair = ownPair(map, path[i]);
    if (!pair) return insertInto(text, map, path.slice(i), value, eol, unit);
    const v = pair.value as Node | null;
    if (i === path.length - 1) return replaceScalar(text, pair, v, value);
    if (isMap(v)) {
      map = v;
      continue;
    }
    // `key:` with nothing after it: the new mapping goes under the key.
    if (v === null || (isScalar(v) && v.value === null && v.range && v.range[0] === v.range[1])) {
      const keyNode = pair.key as Node;
      const at = lineEnd(text, keyNode.range![1]);
      const lines = nested(path.slice(i + 1), value, indentAt(text, keyNode.range![0]) + unit, unit);
      return edit(text, at, at, eol + lines.join(eol));
    }
    return undefined;
  }
  return undefined;
}

/** Where a scalar key is in a YAML text: the key's span, its value's span and the value as read. */
export interface YamlKeyLocation {
  keyOffset: number;
  keyLength: number;
  valueOffset: number;
  valueLength: number;
  value: unknown;
}

/** The key at `path` (keys from the root) with a scalar value; undefined when absent or the text has YAML errors. */
export function locateYamlKey(text: string, path: readonly string[]): YamlKeyLocation | undefined {
  const doc = parsed(text);
  let map: Node | null | undefined = doc?.contents;
  for (let i = 0; i < path.length; i++) {
    if (!isMap(map)) return undefined;
    const pair = ownPair(map, path[i]);
    if (!pair) return undefined;
    const v = pair.value as Node | null;
    if (i < path.length - 1) {
      map = v;
      continue;
    }
    const key = pair.key as Node;
    if (!isScalar(v) || !key.range || !v.range) return undefined;
    return { keyOffset: key.range[0], keyLength: key.range[1] - key.range[0], valueOffset: v.range[0], valueLength: v.range[1] - v.range[0], value: v.value };
  }
  return undefined;
}

/**
 * Removes the key at `path` with its value, whole lines in a block mapping,
 * the entry and one comma in a flow one. A nested mapping left empty takes
 * its own key with it (`key:` alone would read as null). Undefined when the
 * key is not there or the text has YAML errors.
 */
export function removeYamlKey(text: string, path: readonly string[]): TextReplacement | undefined {
  if (path.length === 0) return undefined;
  const doc = parsed(text);
  if (!doc) return undefined;
  let map: Node | null = doc.contents;
  for (const key of path.slice(0, -1)) {
    const pair: Pair | undefined = isMap(map) ? ownPair(map, key) : undefined;
    map = (pair?.value as Node | null | undefined) ?? null;
  }
  if (!isMap(map)) return undefined;
  const pair = ownPair(map, path[path.length - 1]);
  if (!pair) return undefined;
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const valueEnd = value?.range ? value.range[1] : key.range![1];
  if (map.flow) {
    const i = map.items.indexOf(pair);
    const next = map.items[i + 1]?.key as Node | undefined;
    if (next) return edit(text, key.range![0], next.range![0], '');
    const prev = map.items[i - 1];
    const prevEnd = prev ? ((prev.value as Node | null)?.range?.[1] ?? (prev.key as Node).range![1]) : key.range![0];
    return edit(text, prevEnd, valueEnd, '');
  }
  if (map.items.length === 1 && path.length > 1) return removeYamlKey(text, path.slice(0, -1));
  const start = lineStartAt(text, key.range![0]);
  if (text.slice(start, key.range![0]).trim() !== '') return undefined; // `- key: v`: the line holds more than this key
  const end = text[valueEnd - 1] === '\n' ? valueEnd : nextLineStart(text, valueEnd);
  // The last line of a file without a final line end takes the line end before it, so the file still has none.
  if (end === text.length && !text.endsWith('\n') && start > 0) return edit(text, start - (text[start - 2] === '\r' ? 2 : 1), end, '');
  return edit(text, start, end, '');
}

function parsed(text: string) {
  const p = parseYamlGuarded(text);
  return p.doc && p.doc.errors.length === 0 ? p.doc : undefined;
}

function edit(text: string, start: number, end: number, insert: string): TextReplacement {
  return minimalReplacement(text, text.slice(0, start) + insert + text.slice(end));
}

/** The last pair the mapping itself writes for `name` (merged keys are not its own: a new key overrides them). */
function ownPair(map: YAMLMap, name: string): Pair | undefined {
  let found: Pair | undefined;
  for (const p of map.items) if (keyText(p.key as Node | null) === name) found = p;
  return found;
}

function keyText(key: Node | null): string | undefined {
  if (!isScalar(key)) return undefined;
  return key.type === 'PLAIN' && key.source !== undefined ? key.source : String(key.value);
}

function replaceScalar(text: string, pair: Pair, v: Node | null, value: YamlScalarValue): TextReplacement | undefined {
  if (v === null) {
    const at = (pair.key as Node).range![1];
    const colon = text.indexOf(':', at);
    return colon < 0 ? undefined : edit(text, colon + 1, colon + 1, ` ${formatScalar(value)}`);
  }
  // An alias is replaced by the value; its anchor, and every other alias of it, stay as they are.
  if (!isScalar(v) && !isAlias(v)) return undefined;
  const [start, end] = v.range!;
  if (isScalar(v) && (v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED')) {
    return edit(text, start, end, formatScalar(value) + (/\r\n$/.test(text.slice(start, end)) ? '\r\n' : '\n'));
  }
  const lead = start === end && text[start - 1] === ':' ? ' ' : '';
  return edit(text, start, end, lead + formatScalar(value, isScalar(v) ? v.type : undefined));
}

function insertInto(text: string, map: YAMLMap, rest: readonly string[], value: YamlScalarValue, eol: string, unit: string): TextReplacement | undefined {
  if (map.flow) {
    const entry = rest.slice(1).reduceRight((inner, k) => `{${formatKey(k)}: ${inner}}`, formatScalar(value));
    const last = map.items[map.items.length - 1];
    if (!last) {
      const open = text.indexOf('{', map.range![0]);
      return open < 0 ? undefined : edit(text, open + 1, open + 1, `${formatKey(rest[0])}: ${entry}`);
    }
    const at = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
    return edit(text, at, at, `, ${formatKey(rest[0])}: ${entry}`);
  }
  const first = map.items[0]?.key as Node | undefined;
  const last = map.items[map.items.length - 1];
  if (!first || !last) return undefined;
  const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
  const at = text[lastEnd - 1] === '\n' ? lastEnd - (text[lastEnd - 2] === '\r' ? 2 : 1) : lineEnd(text, lastEnd);
  return edit(text, at, at, eol + nested(rest, value, indentAt(text, first.range![0]), unit).join(eol));
}

/** `a:` / `  b: value` lines for the keys `rest`, the first at `indent`. */
function nested(rest: readonly string[], value: YamlScalarValue, indent: string, unit: string): string[] {
  return rest.map((k, i) => `${indent}${unit.repeat(i)}${formatKey(k)}:${i === rest.length - 1 ? ` ${formatScalar(value)}` : ''}`);
}

/** The column of `offset` as spaces (the text before it on its line may be `- `). */
function indentAt(text: string, offset: number): string {
  return ' '.repeat(offset - lineStartAt(text, offset));
}

/** The file's indentation step; YAML forbids tabs, so always spaces. */
function indentStep(text: string): string {
  const found = detectIndent(text, { insertSpaces: true, tabSize: 2 });
  return ' '.repeat(found.insertSpaces ? Math.min(8, Math.max(1, found.tabSize)) : 2);
}

/** Offset of the line end (before any CR) of the line holding `offset`. */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null)$/i;

/** A key as written: plain when safe, else double-quoted. */
function formatKey(key: string): string {
  return /^[A-Za-z_$][\w.$/-]*$/.test(key) && !RESERVED.test(key) ? key : JSON.stringify(key);
}

/**
 * A value as YAML both the CLI's PyYAML (1.1) and YAML 1.2 read back the
 * same: numbers and booleans plain, strings plain only when neither could
 * take them for anything but a string, else in the quotes the old value had.
 */
export function formatScalar(value: YamlScalarValue, style?: string): string {
  if (typeof value !== 'string') return String(value);
  if (style === 'QUOTE_SINGLE' && !/[\r\n]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  if (style === 'QUOTE_DOUBLE') return JSON.stringify(value);
  const plain = /^[A-Za-z_./$][\w./@$+-]*(?::[\w./@$+-]+)*$/.test(value) && !RESERVED.test(value) && !/^\.(?:\d|inf$|nan$)/i.test(value);
  return plain ? value : JSON.stringify(value);
}
