// Reads a conda environment file with the yaml Document API and finds what
// the debugging commands care about: the dependencies list, its pip list, and
// where debugpy, ptvsd and azureml-defaults are listed. No edits here.
import { isMap, isPair, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseYamlGuarded, yamlRefusalMessage, type YamlRefusal } from './yamlText';
import { l10n } from '../l10n';

/** A package found in the file, with where its text is. */
export interface ListedPackage {
  name: string;
  spec: string;
  offset: number;
  length: number;
  /** True when listed under `pip:`, false for a conda dependency. */
  pip: boolean;
}

/** What the file holds, as far as the commands need. */
export interface CondaLayout {
  doc: Document.Parsed;
  root?: YAMLMap;
  /** The `dependencies` pair of the root map, if any. */
  depsPair?: Pair;
  deps?: YAMLSeq;
  /** The `- pip:` item's pair, and its list when it is one. */
  pipPair?: Pair;
  pipList?: YAMLSeq;
  /** The plain `- pip` conda dependency. */
  pipConda?: Scalar;
  packages: ListedPackage[];
}

/** A YAML error as a 1-based position. */
export interface YamlProblem {
  error: string;
  line: number;
  column: number;
  /** Set when the file was not read at all, being past a limit of the guarded parse (not a syntax error). */
  refused?: YamlRefusal;
}

/** Lower-case name with `_` and `.` as `-` (PEP 503), from a pip or conda spec. */
export function packageName(spec: string, conda: boolean): string {
  let s = spec.trim();
  if (conda) s = s.replace(/^[^:\s]+::/, '');
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
  return m ? m[1].toLowerCase().replace(/[_.]+/g, '-') : '';
}

/**
 * Parses `text` through the guarded parse; a syntax error, or the limit the
 * file passed (nesting, anchors, size; the message starts with `what`), comes
 * back with its position instead.
 */
export function readConda(text: string, what = l10n.t('The conda file')): CondaLayout | YamlProblem {
  const parsed = parseYamlGuarded(text);
  if (parsed.refused) return { ...problemAt(text, parsed.refused.offset, yamlRefusalMessage(what, parsed.refused)), refused: parsed.refused };
  const { doc, lines } = parsed;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lines.linePos(e.pos[0]);
    return { error: e.message.split('\n')[0], line: pos.line, column: pos.col };
  }
  const layout: CondaLayout = { doc, packages: [] };
  if (doc.contents === null) return layout;
  if (!isMap(doc.contents)) return problemAt(text, doc.contents.range?.[0] ?? 0, l10n.t('A conda environment file is a mapping with a "dependencies:" list.'));
  layout.root = doc.contents;
  const depsPair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'dependencies');
  if (!depsPair) return layout;
  layout.depsPair = depsPair;
  if (depsPair.value === null || (isScalar(depsPair.value) && depsPair.value.value === null)) return layout;
  if (!isSeq(depsPair.value)) return problemAt(text, nodeStart(depsPair.value) ?? 0, l10n.t('"dependencies" is not a list.'));
  layout.deps = depsPair.value;
  for (const item of layout.deps.items) {
    if (isScalar(item) && typeof item.value === 'string') {
      const name = packageName(item.value, true);
      if (name === 'pip') layout.pipConda = item;
      layout.packages.push(listed(item, name, false));
    } else if (isMap(item)) {
      const pipPair = item.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'pip');
      if (!pipPair || layout.pipPair) continue;
      layout.pipPair = pipPair;
      if (pipPair.value === null || (isScalar(pipPair.value) && pipPair.value.value === null)) continue;
      if (!isSeq(pipPair.value)) return problemAt(text, nodeStart(pipPair.value) ?? 0, l10n.t('The "pip:" entry is not a list.'));
      layout.pipList = pipPair.value;
      for (const p of layout.pipList.items) {
        if (isScalar(p) && typeof p.value === 'string') layout.packages.push(listed(p, packageName(p.value, false), true));
      }
    }
  }
  return layout;
}

/** True when `r` is a problem rather than a layout. */
export function isYamlProblem(r: CondaLayout | YamlProblem): r is YamlProblem {
  return 'error' in r;
}

function listed(item: Scalar, name: string, pip: boolean): ListedPackage {
  const [start, end] = item.range ?? [0, 0];
  return { name, spec: String(item.value), offset: start, length: end - start, pip };
}

function nodeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] | null }).range?.[0];
}

function problemAt(text: string, offset: number, error: string): YamlProblem {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { error, line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
