// How the Azure ML CLI (v2) sees a YAML file, for the online deployment and
// endpoint readers: it loads with PyYAML's safe_load (YAML 1.1 scalars, `<<`
// merges, the last of duplicate keys wins) and passes plain values on with
// Python's str(). The yaml package gives the nodes and their offsets; this
// file types scalars as PyYAML would and places problems on nodes.
import { isAlias, isCollection, isMap, isScalar, isSeq, visit, type Alias, type Document, type LineCounter, type Node, type YAMLMap } from 'yaml';
import { parseYamlGuarded, yamlRefusalMessage } from '../edits/yamlText';
import { lineColumnAt } from '../edits/textFormat';
import { l10n } from '../l10n';
import { type OnlineProblem, type OnlineProblemCode, type Severity } from './onlineProblems';

/** A scalar as PyYAML's implicit resolvers type it. */
export type CliScalar =
  | { type: 'str'; value: string }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'null' }
  | { type: 'timestamp'; value: string };

/** One key of a mapping after merges: its key node and its value node (null when empty). */
export interface Entry {
  key: Node;
  name: string;
  value: Node | null;
}

// PyYAML 1.1 implicit resolvers (resolver.py): a plain scalar matching none is a string.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

/**
 * Reads one parsed file: follows aliases and merges within a budget (so a
 * file of nested anchors cannot make the walk expand it), types scalars as
 * the CLI does, and collects the problems found, placed on their nodes.
 */
export class YamlReading {
  readonly problems: OnlineProblem[] = [];
  /** Alias and merge steps left; a real file uses a handful. */
  private budget = 10_000;
  private readonly flattened = new Map<YAMLMap, Map<string, Entry>>();
  private targets: Map<Alias, Node | undefined> | undefined;

  constructor(
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Adds a problem placed on `node` (or on `[offset, end)`). */
  report(code: OnlineProblemCode, severity: Severity, at: Node | null | readonly [number, number], path: readonly string[], message: string): void {
    const [offset, end] = Array.isArray(at) ? at : spanOf(at as Node | null);
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ code, severity, message, line, column: col, offset, end, path: [...path] });
  }

  /** 1-based line and column of an offset. */
  linePos(offset: number): { line: number; col: number } {
    return this.lines.linePos(offset);
  }

  /** The node an alias points to (through chains), or null once the budget is spent. */
  resolve(node: Node | null): Node | null {
    let n: Node | null = node;
    while (n && isAlias(n)) {
      if (--this.budget < 0) return null;
      this.targets ??= aliasTargets(this.doc);
      n = this.targets.get(n) ?? null;
    }
    return n;
  }

  /** True when aliases or merges were cut short by the budget. */
  get exhausted(): boolean {
    return this.budget < 0;
  }

  /**
   * The keys of a mapping as the CLI sees them: `<<` merges first (earlier
   * sources winning), then the mapping's own keys, the last of duplicates
   * winning. Each mapping is flattened once, so shared anchors cost nothing more.
   */
  entries(map: YAMLMap): Map<string, Entry> {
    const done = this.flattened.get(map);
    if (done) return done;
    const out = new Map<string, Entry>();
    this.flattened.set(map, out); // a merge cycle ends here instead of looping
    const own: Entry[] = [];
    const sources: YAMLMap[] = [];
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      if (isScalar(key) && typeof key.value === 'symbol') {
        const v = this.resolve(pair.value as Node | null);
        for (const s of isSeq(v) ? v.items.map((i) => this.resolve(i as Node)) : [v]) if (isMap(s)) sources.push(s);
        continue;
      }
      own.push({ key: key as Node, name: keyName(key), value: (pair.value as Node | null) ?? null });
    }
    for (const source of sources.reverse()) {
      if (--this.budget < 0) break;
      for (const [k, e] of this.entries(source)) out.set(k, e);
    }
    for (const e of own) out.set(e.name, e);
    return out;
  }
}

/**
 * Every alias's node, in one walk: the last node before it (in the yaml
 * package's visiting order) that carries its anchor, as `Alias.resolve`
 * finds it. That method walks the whole document on each call, and 990
 * aliases in a 400 KB deployment.yml took five seconds to read (issue 17).
 */
function aliasTargets(doc: Document.Parsed): Map<Alias, Node | undefined> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if ((isScalar(node) || isCollection(node)) && node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

/** An opened file: its reading and root mapping, or the problems that stop it from being read. */
export type Opened = { r: YamlReading; root: YAMLMap; problems?: undefined } | { r?: undefined; problems: OnlineProblem[] };

/**
 * Parses `text` and checks it is one mapping. Syntax errors stop the read
 * (the first ten are kept: one unclosed bracket can make hundreds); duplicate
 * keys do not, since PyYAML keeps the last one, as the reading does.
 */
export function openOnlineFile(text: string, label: string): Opened {
  const parsed = parseYamlGuarded(text);
  if (parsed.refused) {
    const { kind, offset } = parsed.refused;
    const { line, column } = lineColumnAt(text, offset);
    const message = yamlRefusalMessage(label, parsed.refused);
    return { problems: [{ code: kind, severity: 'error', message, line, column, offset, end: offset + 1, path: [] }] };
  }
  const r = new YamlReading(parsed.doc, parsed.lines);
  let syntax = 0;
  for (const e of parsed.doc.errors) {
    const first = e.message.split('\n')[0];
    if (e.code === 'DUPLICATE_KEY') r.report('duplicate-key', 'warning', e.pos, [], l10n.t('{0}: az ml keeps the last one.', first));
    else if (syntax++ < 10) r.report('yaml-syntax', 'error', e.pos, [], e.code === 'TAB_AS_INDENT' ? l10n.t('{0} is not valid YAML: {1} (indent with spaces).', label, first) : l10n.t('{0} is not valid YAML: {1}.', label, first));
  }
  if (syntax > 0) return { problems: r.problems };
  const root = parsed.doc.contents;
  if (!isMap(root)) {
    r.report('not-a-mapping', 'error', root, [], root === null ? l10n.t('{0} is empty.', label) : l10n.t('{0} must be a mapping of keys (name: ..., model: ...).', label));
    return { problems: r.problems };
  }
  return { r, root };
}

/** `[start, end)` of a node (a zero-width span at 0 for none). */
export function spanOf(node: Node | null | undefined): [number, number] {
  const r = node?.range;
  return r ? [r[0], r[1]] : [0, 0];
}

/** How PyYAML types a scalar node: quoted and block scalars are strings, plain ones go through its resolvers. */
export function cliScalar(node: Node | null): CliScalar | undefined {
  if (node === null) return { type: 'null' };
  if (!isScalar(node)) return undefined;
  if (node.type !== 'PLAIN' || node.tag === 'tag:yaml.org,2002:str') return { type: 'str', value: String(node.value) };
  const s = node.source ?? String(node.value);
  if (NULL.test(s)) return { type: 'null' };
  if (BOOL.test(s)) return { type: 'bool', value: /^(?:yes|true|on)$/i.test(s) };
  if (INT.test(s)) return { type: 'int', value: pyInt(s) };
  if (FLOAT.test(s)) return { type: 'float', value: pyFloat(s) };
  if (TIMESTAMP.test(s)) return { type: 'timestamp', value: s };
  return { type: 'str', value: s };
}

/**
 * The string the CLI hands on for a scalar: Python's str() (True/False,
 * decimal ints, repr of floats). Timestamps keep their text, which is what
 * str() gives for a plain date. Null has no string.
 */
export function pythonStr(s: CliScalar): string | undefined {
  switch (s.type) {
    case 'str':
    case 'timestamp':
      return s.value;
    case 'int':
      return s.value.toString();
    case 'bool':
      return s.value ? 'True' : 'False';
    case 'float':
      return pythonFloat(s.value);
    default:
      return undefined;
  }
}

/** The key's text: plain scalars as written, quoted ones decoded. */
export function keyName(key: Node | null): string {
  if (isScalar(key)) return key.type === 'PLAIN' && key.source !== undefined ? key.source : String(key.value);
  return key === null ? '' : String(key);
}

function pyInt(source: string): bigint {
  let s = source.replace(/_/g, '');
  const negative = s.startsWith('-');
  if (/^[-+]/.test(s)) s = s.slice(1);
  let v: bigint;
  if (s.includes(':')) v = s.split(':').reduce((acc, part) => acc * 60n + BigInt(part), 0n);
  else if (/^0[bx]/.test(s)) v = BigInt(s);
  else if (s.length > 1 && s.startsWith('0')) v = BigInt(`0o${s.slice(1)}`);
  else v = BigInt(s);
  return negative ? -v : v;
}

function pyFloat(source: string): number {
  const s = source.replace(/_/g, '').toLowerCase();
  if (s.endsWith('.inf')) return s.startsWith('-') ? -Infinity : Infinity;
  if (s === '.nan') return NaN;
  if (!s.includes(':')) return Number(s);
  const sign = s.startsWith('-') ? -1 : 1;
  return sign * s.replace(/^[-+]/, '').split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** Python's repr() of a float: shortest digits, fixed notation for exponents -4..15, else e+NN. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const sign = x < 0 ? '-' : '';
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  return `${sign}${whole}.${digits.slice(e + 1) || '0'}`;
}
