// Adds debugpy to the pip list of a conda environment file and checks that
// azureml-defaults is listed. The yaml Document API locates the nodes; the
// change itself is a text insertion at their ranges, so comments, quoting,
// indentation and line ends of the rest of the file stay byte for byte.
import { type YAMLSeq } from 'yaml';
import { isYamlProblem, packageName, readConda, type CondaLayout, type YamlProblem } from './condaPackages';
import { detectEol, indentOfLineAt, lineColumnAt } from './textFormat';
import { l10n } from '../l10n';

/** Result of {@link addDebugpy}: the new text, or why nothing was changed. */
export type CondaEditResult =
  | { text: string; changed: true }
  | { text: string; changed: false; reason: string; line: number }
  | YamlProblem;

/** A problem to show on the conda file. Offsets index `text`. */
export interface CondaFinding {
  /** `conda-not-read`: the file passed a limit of the guarded parse, so nothing else was checked. */
  code: 'azureml-defaults-missing' | 'azureml-defaults-too-old' | 'conda-not-read';
  message: string;
  offset: number;
  length: number;
  line: number;
  column: number;
}

/** The oldest azureml-defaults the seeds say can host a web service. */
export const MIN_AZUREML_DEFAULTS = '1.0.45';
const DEBUGPY = 'debugpy';

/**
 * Adds `debugpy` to the `pip:` list under `dependencies`, creating that list
 * (and `pip` as a conda dependency) when absent. Unchanged, with a reason,
 * when debugpy or the older ptvsd is already listed; a YAML error comes back
 * with its position and the text is untouched.
 */
export function addDebugpy(text: string, fallbackEol = '\n'): CondaEditResult {
  return addPipRequirement(text, DEBUGPY, [DEBUGPY, 'ptvsd'], fallbackEol);
}

/**
 * Adds the pip requirement `spec` the same way, unless a package named in
 * `satisfiedBy` is already listed (as a pip or a conda dependency).
 */
export function addPipRequirement(text: string, spec: string, satisfiedBy: string[], fallbackEol = '\n'): CondaEditResult {
  const layout = readConda(text);
  if (isYamlProblem(layout)) return layout;
  for (const name of satisfiedBy) {
    const found = layout.packages.find((p) => p.name === name);
    if (found) {
      const { line } = lineColumnAt(text, found.offset);
      const reason = name === 'ptvsd'
        ? l10n.t('ptvsd, the older debugger the seeds use, is already listed ("{0}", line {1}); debugpy was not added next to it.', found.spec, line)
        : l10n.t('{0} is already listed ("{1}", line {2}).', name, found.spec, line);
      return { text, changed: false, reason, line };
    }
  }
  const eol = detectEol(text, fallbackEol);
  const next = insertRequirement(text, layout, spec, eol);
  // Belt and braces: the edit must parse and list the package under pip:, or nothing is written.
  const check = readConda(next);
  const name = packageName(spec, false);
  if (isYamlProblem(check) || !check.packages.some((p) => p.name === name && p.pip)) {
    return { error: l10n.t('The file has a layout this command cannot edit safely; add "- {0}" under "pip:" by hand.', spec), line: 1, column: 1 };
  }
  return { text: next, changed: true };
}

/**
 * The fix for a finding of {@link checkAzuremlDefaults}: adds
 * `azureml-defaults>=1.0.45` to the pip list, or replaces a pin that is too old.
 */
export function fixAzuremlDefaults(text: string, finding: CondaFinding, fallbackEol = '\n'): CondaEditResult {
  const spec = `azureml-defaults>=${MIN_AZUREML_DEFAULTS}`;
  if (finding.code === 'azureml-defaults-too-old') {
    const old = text.slice(finding.offset, finding.offset + finding.length);
    // Keep the user's quoting: only the requirement inside the quotes changes.
    const quote = /^["']/.test(old) ? old[0] : '';
    return { text: text.slice(0, finding.offset) + quote + spec + quote + text.slice(finding.offset + finding.length), changed: true };
  }
  return addPipRequirement(text, spec, ['azureml-defaults', 'azureml-inference-server-http'], fallbackEol);
}

function insertRequirement(text: string, layout: CondaLayout, spec: string, eol: string): string {
  if (layout.pipList) return appendToSeq(text, layout.pipList, spec, eol);
  if (layout.pipPair) {
    // `- pip:` with nothing after it: the list goes on the next lines.
    const key = (layout.pipPair.key as { range?: number[] }).range ?? [0, 0];
    return insertAtLineEnd(text, key[1], `${eol}${' '.repeat(column(text, key[0]) + 2)}- ${spec}`);
  }
  const withPip = layout.pipConda ? [] : ['pip'];
  if (layout.deps) {
    if (layout.deps.flow) return appendToSeq(text, layout.deps, [...withPip, `{pip: [${spec}]}`].join(', '), eol);
    const dash = dashIndent(text, layout.deps);
    const lines = [...withPip.map((p) => `- ${p}`), `- pip:`].map((l) => dash + l);
    lines.push(`${dash}    - ${spec}`);
    return insertAtLineEnd(text, lastEnd(layout.deps), eol + lines.join(eol));
  }
  const block = [`  - pip`, `  - pip:`, `      - ${spec}`];
  if (layout.depsPair) {
    // `dependencies:` with no value.
    const key = (layout.depsPair.key as { range?: number[] }).range ?? [0, 0];
    const indent = indentOfLineAt(text, key[0]);
    return insertAtLineEnd(text, key[1], eol + block.map((l) => indent + l).join(eol));
  }
  // No dependencies at all (or an empty file): add the key at the end.
  const sep = text === '' || text.endsWith('\n') ? '' : eol;
  return text + sep + ['dependencies:', ...block].join(eol) + eol;
}

/** Appends one item to a block or flow sequence, in the sequence's own style. */
function appendToSeq(text: string, seq: YAMLSeq, item: string, eol: string): string {
  const last = seq.items.at(-1) as { range?: number[] } | undefined;
  if (seq.flow) {
    const at = last?.range ? last.range[1] : (seq.range?.[0] ?? 0) + 1;
    return text.slice(0, at) + (last ? `, ${item}` : item) + text.slice(at);
  }
  return insertAtLineEnd(text, lastEnd(seq), `${eol}${dashIndent(text, seq)}- ${item}`);
}

/** End of the last item's value, stepping back over the blanks a block range may include. */
function lastEnd(seq: YAMLSeq): number {
  const last = seq.items.at(-1) as { range?: number[] } | undefined;
  return last?.range?.[1] ?? seq.range?.[1] ?? 0;
}

/** Inserts before the line ending of the line that holds the character before `offset`. */
function insertAtLineEnd(text: string, offset: number, insert: string): string {
  let p = offset;
  while (p > 0 && /[ \t\r\n]/.test(text[p - 1])) p--;
  let at = text.indexOf('\n', p);
  if (at < 0) at = text.length;
  else if (text[at - 1] === '\r') at--;
  return text.slice(0, at) + insert + text.slice(at);
}

/** The whitespace before the `-` of the sequence's first item. */
function dashIndent(text: string, seq: YAMLSeq): string {
  const first = seq.items[0] as { range?: number[] } | undefined;
  let p = first?.range?.[0] ?? seq.range?.[0] ?? 0;
  while (p > 0 && text[p - 1] !== '-') p--;
  const dash = Math.max(0, p - 1);
  const lead = text.slice(text.lastIndexOf('\n', dash - 1) + 1, dash);
  return /^[ \t]*$/.test(lead) ? lead : ' '.repeat(lead.length);
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * Findings for the conda file: azureml-defaults missing, or pinned below
 * 1.0.45. `azureml-inference-server-http`, the server azureml-defaults
 * brings in, counts as present. A file that does not parse has no findings
 * here (the YAML error is reported elsewhere); one refused unread (nested
 * too deep, too many anchors, too large) says so, where it passed the limit.
 */
export function checkAzuremlDefaults(text: string): CondaFinding[] {
  const layout = readConda(text);
  if (isYamlProblem(layout) && layout.refused) {
    const { offset } = layout.refused;
    const at = Math.min(offset, text.length);
    return [{ code: 'conda-not-read', message: layout.error, offset: at, length: Math.min(1, text.length - at), ...lineColumnAt(text, at) }];
  }
  if (isYamlProblem(layout) || !layout.root) return [];
  const found = layout.packages.find((p) => p.name === 'azureml-defaults' || p.name === 'azureml-inference-server-http');
  if (!found) {
    const anchor = (layout.pipPair?.key ?? layout.depsPair?.key) as { range?: number[] } | undefined;
    const offset = anchor?.range?.[0] ?? 0;
    const length = anchor?.range ? anchor.range[1] - anchor.range[0] : Math.max(1, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
    return [{
      code: 'azureml-defaults-missing',
      message: l10n.t('azureml-defaults is not listed: a custom conda environment must list azureml-defaults (>= {0}) under "pip:" to host a web service.', MIN_AZUREML_DEFAULTS),
      offset, length, ...lineColumnAt(text, offset),
    }];
  }
  const pinned = /(?:==|=|<=|<|~=)\s*([0-9][0-9.]*)/.exec(found.spec);
  if (found.name === 'azureml-defaults' && pinned && !/>=/.test(found.spec) && compareVersions(pinned[1], MIN_AZUREML_DEFAULTS) < 0) {
    return [{
      code: 'azureml-defaults-too-old',
      message: l10n.t('azureml-defaults {0} is older than {1}, the oldest version that can host a web service.', pinned[1], MIN_AZUREML_DEFAULTS),
      offset: found.offset, length: found.length, ...lineColumnAt(text, found.offset),
    }];
  }
  return [];
}

/** Numeric comparison of dotted versions: -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
