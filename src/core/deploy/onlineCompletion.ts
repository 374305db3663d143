// Editing help for deployment.yml from the same key table the problems are
// checked against (onlineSchema): the keys a mapping may still take where the
// cursor is, the values of a key that has a fixed set, and what a key is.
// The path to the cursor is read from the block layout (indentation), which is
// how these files are written, so it works while the file is half typed and
// does not parse. Pure: text and offset in, items out.
import { maxYamlChars } from '../edits/yamlText';
import { l10n } from '../l10n';
import { deploymentTable, type Field, type OnlineKind, type Table } from './onlineSchema';

/** One thing to offer at the cursor. */
export interface OnlineCompletion {
  label: string;
  kind: 'key' | 'value';
  /** What it takes, in a few words (`integer >= 1`, `one of key, aml_token`). */
  detail: string;
  /** The text to insert: `key: ` for a scalar, `key:\n  ` for a mapping (indented by the glue). */
  insert: string;
}

/** The keys of the mappings enclosing `line` (0-based) in block YAML, outermost first, and its own indentation. */
function enclosing(lines: readonly string[], line: number, indent: number): string[] {
  const path: string[] = [];
  let want = indent;
  for (let i = line - 1; i >= 0 && want > 0; i--) {
    const k = keyOfLine(lines[i]);
    if (!k || k.indent >= want || k.key.startsWith('- ')) continue;
    path.unshift(k.key.replace(/^["']|["']$/g, ''));
    want = k.indent;
  }
  return path;
}

/**
 * A line's `key:` (the key up to the first `:`, which a blank or the line's
 * end follows, with no `#` before it) and its indentation. By indexOf: the
 * lazy pattern this was cost a long line without a colon time quadratic in it.
 */
function keyOfLine(line: string): { indent: number; key: string } | undefined {
  const indent = line.length - line.trimStart().length;
  const colon = line.indexOf(':', indent);
  if (colon < 0 || /\S/.test(line[colon + 1] ?? ' ')) return undefined;
  const hash = line.indexOf('#', indent);
  if (hash >= 0 && hash < colon) return undefined;
  const key = line.slice(indent, colon).trimEnd();
  return key === '' || key[0] === ':' ? undefined : { indent, key };
}

/** Whether a line holds something indented less than `indent` (blank and comment lines do not). */
function indentedLess(line: string, indent: number): boolean {
  const rest = line.trimStart();
  return rest !== '' && !rest.startsWith('#') && line.length - rest.length < indent;
}

/** The table of the mapping at `path`, or undefined where keys are free (tags) or unknown. */
function tableAt(path: readonly string[], root: Table = deploymentTable): Table | undefined {
  let table: Table | undefined = root;
  for (const key of path) {
    const kind: Field['kind'] | undefined = table?.[key]?.kind;
    table = kind && (kind.t === 'object' || kind.t === 'refOrObject') ? kind.fields : undefined;
  }
  return table;
}

/** What a key takes, in a few words. */
export function describeField(field: Field): string {
  const k = field.kind;
  // A completion's detail: short notes, each translated whole.
  const base =
    k.t === 'int' ? intRange(k.min, k.max, k.maxFor)
    : k.t === 'enum' ? l10n.t('one of {0}', k.values.join(', '))
    : k.t === 'object' ? l10n.t('mapping')
    : k.t === 'refOrObject' ? l10n.t('azureml:name:version, or a mapping')
    : k.t === 'strOrDict' ? l10n.t('a file path, or the content inline')
    : k.t === 'dict' ? l10n.t('mapping of your own keys')
    : k.t === 'bool' ? l10n.t('true or false')
    : k.t === 'version' ? l10n.t('version')
    : k.t === 'str' ? l10n.t('text')
    : l10n.t('any');
  const only = field.only === 'managed' ? l10n.t('managed only') : field.only === 'kubernetes' ? l10n.t('kubernetes only') : '';
  const notes = [only, field.required ? l10n.t('required: {0}', field.required.why()) : ''].filter(Boolean);
  return notes.length ? l10n.t('{0} ({1})', base, notes.join('; ')) : base;
}

/** An integer key's range, as a completion's detail says it. */
function intRange(min: number, max: number | undefined, maxFor: string | undefined): string {
  if (max === undefined) return l10n.t('integer >= {0}', min);
  return maxFor ? l10n.t('integer >= {0}, <= {1} ({2})', min, max, maxFor) : l10n.t('integer >= {0}, <= {1}', min, max);
}

/** Keys and values to offer at `offset`; `kind` leaves out keys of the other schema. */
export function completionsAt(text: string, offset: number, kind: OnlineKind): OnlineCompletion[] {
  // Past the size the readers refuse, nothing: these run on each keystroke (4 MB of blank lines took 1.6 s).
  if (text.length > maxYamlChars) return [];
  const before = text.slice(0, offset);
  const lines = text.split(/\r?\n/);
  const line = before.split(/\r?\n/).length - 1;
  const current = before.slice(before.lastIndexOf('\n') + 1);
  const indent = /^\s*/.exec(current)![0].length;
  const path = enclosing(lines, line, indent);
  // After `key: ` on the line: the values of a key with a fixed set.
  const valueOf = /^\s*([\w$.-]+)\s*:\s*\S*$/.exec(current);
  if (valueOf) {
    const field = tableAt(path)?.[valueOf[1]];
    if (field?.kind.t === 'bool') return ['true', 'false'].map((v) => ({ label: v, kind: 'value', detail: valueOf[1], insert: v }));
    if (field?.kind.t === 'enum') return field.kind.values.map((v) => ({ label: v, kind: 'value', detail: valueOf[1], insert: v }));
    return [];
  }
  if (!/^\s*[\w$.-]*$/.test(current)) return [];
  const table = tableAt(path);
  if (!table) return [];
  // Siblings already written at this indentation, under the same parent: the
  // lines around the cursor's, up to one indented less each way. (Asking each
  // line of the file for its own path was quadratic: 7 s for a 50 KB file.)
  const present = new Set<string>();
  const sibling = (i: number) => {
    const m = /^(\s*)([\w$.-]+)\s*:/.exec(lines[i]);
    if (m && m[1].length === indent) present.add(m[2]);
  };
  for (let i = line - 1; i >= 0 && !indentedLess(lines[i], indent); i--) sibling(i);
  for (let i = line + 1; i < lines.length && !indentedLess(lines[i], indent); i++) sibling(i);
  return Object.entries(table)
    .filter(([key, field]) => !present.has(key) && field.kind.t !== 'any' && (!field.only || field.only === kind))
    .map(([key, field]) => ({
      label: key,
      kind: 'key' as const,
      detail: describeField(field),
      insert: field.kind.t === 'object' || field.kind.t === 'dict' ? `${key}:\n` : `${key}: `,
    }));
}

/** The key under `offset` with its path and what it takes, for a hover. */
export function fieldAt(text: string, offset: number): { path: string[]; detail: string } | undefined {
  if (text.length > maxYamlChars) return undefined;
  const lines = text.split(/\r?\n/);
  const line = text.slice(0, offset).split(/\r?\n/).length - 1;
  const m = /^(\s*)([\w$.-]+)\s*:/.exec(lines[line] ?? '');
  if (!m) return undefined;
  const path = enclosing(lines, line, m[1].length);
  const field = tableAt(path)?.[m[2]];
  return field ? { path: [...path, m[2]], detail: describeField(field) } : undefined;
}
