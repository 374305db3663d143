// Where a scoring script opens its model, checked against the two layouts of
// AZUREML_MODEL_DIR before anything runs. Azure puts the uploaded model.path
// (a file, or a folder under its own name) in AZUREML_MODEL_DIR and nothing
// else; `az ml online-deployment create --local` mounts the *parent* of
// model.path there, so whatever sits beside the model is visible locally and
// missing in Azure. A path the script builds from AZUREML_MODEL_DIR that only
// the CLI's layout has works on the laptop and crashes in Azure; one neither
// has crashes in both. Pure: the script's text and a look at the model's
// parent folder (through a probe) in, findings with a suggested path out.
import { maxScriptChars } from '../edits/pythonKeywords';
import type { PathKind } from './onlinePaths';

/** A path a script builds from AZUREML_MODEL_DIR out of string literals. */
export interface ModelDirRef {
  /** The span of the script to replace to change the path (its literals, and what joins them). */
  start: number;
  end: number;
  /** The path under AZUREML_MODEL_DIR, `/` separated, no leading slash. */
  rel: string;
  /** How the path is written, so a new one is written the same way. */
  style: 'args' | 'slash' | 'literal' | 'inside';
  /** Of the first literal: its prefix letters (r, u) and quote. */
  prefix: string;
  quote: string;
  /** A concatenation's leading `/` (`os.environ[...] + "/model.pkl"`). */
  lead: string;
}

interface Literal {
  start: number;
  end: number;
  prefix: string;
  quote: string;
  value: string;
  /** False for a literal with escapes or, in an f-string, replacement fields other than a leading one. */
  plain: boolean;
}

const FILL = '\x1f';
/** Marks a read of AZUREML_MODEL_DIR in the masked text. */
const READ = '\x1e';
const VARIABLE = 'AZUREML_MODEL_DIR';

/**
 * The script with comments blanked and every string literal's characters
 * replaced by FILL (offsets kept), and the literals found.
 */
function scan(source: string): { masked: string; literals: Literal[] } {
  const out = source.split('');
  const literals: Literal[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') out[i++] = ' ';
      continue;
    }
    const lit = /^([rRuUbBfF]{0,2})('''|"""|'|")/.exec(source.slice(i, i + 5));
    // Prefix letters belong to a literal only when they do not end a name (`buffer"` is no b-string).
    if (lit && (lit[1] === '' || !/\w/.test(source[i - 1] ?? ''))) {
      const prefix = lit[1];
      const quote = lit[2];
      const bodyStart = i + prefix.length + quote.length;
      let j = bodyStart;
      let escaped = false;
      while (j < source.length) {
        if (source[j] === '\\') {
          escaped = true;
          j += 2;
          continue;
        }
        if (source.startsWith(quote, j)) break;
        if (quote.length === 1 && source[j] === '\n') break;
        j++;
      }
      const value = source.slice(bodyStart, Math.min(j, source.length));
      const end = Math.min(j + quote.length, source.length);
      const isF = /f/i.test(prefix);
      literals.push({ start: i, end, prefix, quote, value, plain: !escaped && !/b/i.test(prefix) && (!isF || !/[{}]/.test(value.replace(/^\{[^{}]*\}/, ''))) });
      for (let k = i; k < end; k++) out[k] = source[k] === '\n' ? '\n' : FILL;
      i = end;
      continue;
    }
    i++;
  }
  return { masked: out.join(''), literals };
}

const L = `${FILL}+`;
/** Most names bound to AZUREML_MODEL_DIR followed (see modelDirReferences). */
const maxDirNames = 16;
/** os.getenv("AZUREML_MODEL_DIR"[, default]), os.environ.get(...), os.environ["..."] (the literal checked after). */
const ENV = `(?:os\\.getenv\\(\\s*(${L})\\s*(?:,[^()]*)?\\)|os\\.environ\\.get\\(\\s*(${L})\\s*(?:,[^()]*)?\\)|os\\.environ\\[\\s*(${L})\\s*\\])`;

/**
 * Every path the script builds from AZUREML_MODEL_DIR out of literals only:
 * `os.path.join(<dir>, "a", "b")`, `Path(<dir>) / "a" / "b"`,
 * `Path(<dir>).joinpath("a")`, `<dir> + "/a"` and `f"{<dir>}/a"`, where
 * <dir> is the variable read in place or a name bound to it
 * (`model_dir = os.getenv("AZUREML_MODEL_DIR")`). Paths built from other
 * variables are left alone: they cannot be known before the run. A script
 * past `maxScriptChars` is not read.
 */
export function modelDirReferences(source: string): ModelDirRef[] {
  // Past the size of any real script, nothing (this runs on every change).
  if (source.length > maxScriptChars) return [];
  const { masked, literals } = scan(source);
  const at = new Map(literals.map((l) => [l.start, l]));
  const isVariable = (start: number) => at.get(start)?.value === VARIABLE && at.get(start)!.plain;
  // Reads of the variable become one placeholder run, so a binding or a join can name them.
  // Built once from the pieces: rebuilding the text per read was quadratic (4 s for 5,000 reads).
  const pieces: string[] = [];
  let from = 0;
  for (const m of masked.matchAll(new RegExp(ENV, 'g'))) {
    const litText = m[1] ?? m[2] ?? m[3];
    if (!isVariable(m.index + m[0].indexOf(litText))) continue;
    pieces.push(masked.slice(from, m.index), READ.repeat(m[0].length));
    from = m.index + m[0].length;
  }
  if (pieces.length === 0) return [];
  const marked = pieces.join('') + masked.slice(from);
  const envRe = `${READ}+`;
  // Names bound to the folder, directly or as a Path; they go into regular
  // expressions below, so only the first few (a script has one or two): a
  // script of thousands made an alternation that took seconds to search.
  // Lines start where Python's do (after \n or \r) and an annotation stays on
  // its line: with a multiline `^` and `[^=\n]*`, each \r or U+2028 started a
  // line that read on to the next \n, quadratic (9 s for 64 KB; issue 17).
  const names = new Set<string>();
  for (const m of marked.matchAll(new RegExp(`(?:^|(?<=[\\r\\n]))[ \\t]*(?:self\\.)?(\\w+)[ \\t]*(?::[^=\\r\\n]*)?=[ \\t]*(?:(?:pathlib\\.)?Path\\(\\s*)?${envRe}`, 'g'))) {
    if (names.size < maxDirNames) names.add(m[1]);
  }
  const nameRe = names.size ? `|\\b(?:self\\.)?(?:${[...names].join('|')})\\b(?!\\s*=[^=])` : '';
  const dir = `(?:(?:pathlib\\.)?Path\\(\\s*(?:${envRe}${nameRe})\\s*\\)|${envRe}${nameRe})`;
  const refs: ModelDirRef[] = [];
  const literalsIn = (from: number, to: number) => literalsWithin(literals, from, to);
  const push = (lits: Literal[], style: ModelDirRef['style'], lead = '') => {
    if (!lits.length || lits.some((l) => !l.plain || /f/i.test(l.prefix))) return;
    const rel = normalise([lead ? lits[0].value.replace(/^\/+/, '') : lits[0].value, ...lits.slice(1).map((l) => l.value)]);
    if (rel === undefined) return;
    refs.push({ start: lits[0].start, end: lits[lits.length - 1].end, rel, style, prefix: lits[0].prefix, quote: lits[0].quote, lead });
  };
  // Argument lists of literals (`os.path.join(<dir>, "a", "b")`, `<dir>.joinpath("a")`):
  // the call's start by a regular expression, the list read by hand. As a
  // pattern, `(?:\s*"..."\s*,?)+\)` splits a long literal and the blanks
  // between literals every possible way before failing: exponential, and a
  // call still being typed (no `)` yet) held the host for minutes.
  for (const call of [`os\\.path\\.join\\(\\s*${dir}\\s*,`, `${dir}\\.joinpath\\(`]) {
    const re = new RegExp(call, 'g');
    for (let m = re.exec(marked); m; m = re.exec(marked)) {
      const at = m.index + m[0].length;
      const end = literalListEnd(marked, at);
      if (end === undefined || marked[end] !== ')') continue;
      re.lastIndex = end + 1;
      push(literalsIn(at, end), 'args');
    }
  }
  // Each form's literals are the named group `lits`; its span (the `d` flag) bounds them.
  const forms: [string, ModelDirRef['style']][] = [
    [`${dir}(?<lits>(?:\\s*/\\s*${L})+)`, 'slash'],
    [`${dir}\\s*\\+\\s*(?<lits>${L})`, 'literal'],
  ];
  for (const [form, style] of forms) {
    for (const m of marked.matchAll(new RegExp(form, 'gd'))) {
      const [from, to] = m.indices!.groups!.lits;
      const lits = literalsIn(from, to);
      if (style !== 'literal') push(lits, style);
      else if (lits[0] && lits[0].value.startsWith('/')) push(lits, style, '/');
    }
  }
  // f"{os.environ['AZUREML_MODEL_DIR']}/model.pkl" or f"{model_dir}/model.pkl": the path is the rest of the literal.
  for (const lit of literals) {
    if (!/f/i.test(lit.prefix)) continue;
    const field = /^\{([^{}]*)\}\//.exec(lit.value);
    if (!field || /[{}\\]/.test(lit.value.slice(field[0].length))) continue;
    const inner = field[1].trim();
    const isDir = names.has(inner.replace(/^self\./, '')) || /^os\.(?:getenv\(|environ)/.test(inner) && inner.includes(VARIABLE);
    const rel = isDir ? normalise([lit.value.slice(field[0].length)]) : undefined;
    if (rel === undefined) continue;
    const bodyStart = lit.start + lit.prefix.length + lit.quote.length + field[0].length;
    refs.push({ start: bodyStart, end: bodyStart + lit.value.length - field[0].length, rel, style: 'inside', prefix: lit.prefix, quote: lit.quote, lead: '' });
  }
  const seen = new Set<number>();
  return refs.filter((r) => !seen.has(r.start) && seen.add(r.start)).sort((a, b) => a.start - b.start);
}

/** The end of a list of literals at `at` (`\\s*"..."\\s*,?`, once or more, in the masked text), or undefined when none starts there. */
function literalListEnd(text: string, at: number): number | undefined {
  const blank = (i: number) => /\s/.test(text[i] ?? '');
  let end: number | undefined;
  let p = at;
  for (;;) {
    let q = p;
    while (blank(q)) q++;
    if (text[q] !== FILL) return end;
    while (text[q] === FILL) q++;
    while (blank(q)) q++;
    if (text[q] === ',') q++;
    end = p = q;
  }
}

/** The literals inside `[from, to)`: they are in order and apart, so a binary search finds the first. */
function literalsWithin(literals: readonly Literal[], from: number, to: number): Literal[] {
  let lo = 0;
  let hi = literals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (literals[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Literal[] = [];
  for (let i = lo; i < literals.length && literals[i].end <= to; i++) out.push(literals[i]);
  return out;
}

/** Joins path pieces; undefined for one that leaves the folder, is absolute, or is empty. */
function normalise(pieces: string[]): string | undefined {
  const parts = pieces.join('/').split(/[\\/]+/).filter((p) => p && p !== '.');
  if (!parts.length || parts.includes('..') || /^[\\/]/.test(pieces[0]) || /^[a-z]:/i.test(pieces[0])) return undefined;
  return parts.join('/');
}

/** What the model's parent folder holds, for the two layouts. */
export interface ModelLayout {
  /** The last name of model.path: what Azure puts in AZUREML_MODEL_DIR. */
  base: string;
  /** What is at a path relative to model.path's parent folder (what the CLI mounts). */
  at(rel: string): PathKind | undefined;
  /** Paths inside the model (relative to the parent, so starting with `base`), for suggestions; may be cut short. */
  inModel: readonly string[];
}

/** A path under AZUREML_MODEL_DIR that one layout or both lack. */
export interface ModelPathFinding {
  ref: ModelDirRef;
  /** `cli-only`: there with `az ml ... --local`, missing in Azure; `missing`: in neither. */
  kind: 'cli-only' | 'missing';
  /** The one path in the model with the same last name, which both layouts have. */
  suggestion?: string;
}

/** Whether Azure's AZUREML_MODEL_DIR has `rel`: the model itself or something in it. */
export function inAzureLayout(layout: ModelLayout, rel: string): boolean {
  return (rel === layout.base || rel.startsWith(`${layout.base}/`)) && layout.at(rel) !== undefined;
}

/** The references that do not exist in Azure's layout, each with the fix both layouts agree on when there is one. */
export function modelPathFindings(refs: readonly ModelDirRef[], layout: ModelLayout): ModelPathFinding[] {
  const out: ModelPathFinding[] = [];
  for (const ref of refs) {
    if (inAzureLayout(layout, ref.rel)) continue;
    const last = ref.rel.slice(ref.rel.lastIndexOf('/') + 1);
    const same = layout.inModel.filter((p) => p.slice(p.lastIndexOf('/') + 1) === last);
    out.push({ ref, kind: layout.at(ref.rel) ? 'cli-only' : 'missing', ...(same.length === 1 ? { suggestion: same[0] } : {}) });
  }
  return out;
}

/** The text that replaces `ref`'s span so it names `rel`, written as the original was. */
export function rewriteModelPath(ref: ModelDirRef, rel: string): string {
  const lit = (v: string) => `${ref.prefix}${ref.quote}${v}${ref.quote}`;
  const parts = rel.split('/');
  switch (ref.style) {
    case 'args':
      return parts.map(lit).join(', ');
    case 'slash':
      return parts.map(lit).join(' / ');
    case 'literal':
      return lit(`${ref.lead}${rel}`);
    case 'inside':
      return rel;
  }
}
