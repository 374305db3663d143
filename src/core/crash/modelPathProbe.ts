// "Probe model path": the check the troubleshooting seeds describe for
// Model.get_model_path() failures, run inside the pod through exec. Step 1
// lists the app root, AZUREML_MODEL_DIR and the entry script's references to
// the model; step 2 tests where each referenced model is expected to be.
// Pure: the commands (argument arrays, no user text in a shell string), the
// parsing, and the report.
import { l10n } from '../l10n';
import { APP_ROOT } from '../model/appRoot';

/**
 * Run by the container's own Python: its sys.path as the server extends it
 * (azmlinfsrv appends AML_APP_ROOT and AZUREML_SOURCE_DIRECTORY) and where
 * the entry script resolves. No single quote inside: it is quoted for sh.
 */
const PYTHON_FACTS = [
  'import os, sys',
  `r = os.environ.get("AML_APP_ROOT", "${APP_ROOT}")`,
  'e = os.environ.get("AZUREML_ENTRY_SCRIPT")',
  's = os.environ.get("AZUREML_SOURCE_DIRECTORY")',
  'print("@@exe " + sys.executable)',
  'p = os.path.realpath(os.path.join(r, e)) if e else ""',
  'print("@@entrypath " + p)',
  'print("@@entryexists " + ("yes" if p and os.path.isfile(p) else "no"))',
  'print("@@syspath")',
  'for x in sys.path[1:] + [r] + ([os.path.join(r, s)] if s else []): print(x)',
].join('\n');

/** Step 1: the environment, the listings, the entry script's model references and Python's view. */
export const PROBE_COMMAND: readonly string[] = [
  '/bin/sh',
  '-c',
  [
    `root="\${AML_APP_ROOT:-${APP_ROOT}}"`,
    'echo "@@root $root"',
    'echo "@@modeldir ${AZUREML_MODEL_DIR-<unset>}"',
    'echo "@@entry ${AZUREML_ENTRY_SCRIPT:-score.py}"',
    'echo "@@cwd $(pwd)"',
    'echo "@@ls-root"; ls -la "$root" 2>&1 | head -100',
    'if [ -n "$AZUREML_MODEL_DIR" ]; then echo "@@ls-modeldir"; ls -la "$AZUREML_MODEL_DIR" 2>&1 | head -100; fi',
    'echo "@@files"; find "$root" ${AZUREML_MODEL_DIR:+"$AZUREML_MODEL_DIR"} -maxdepth 5 -type f 2>/dev/null | grep -v -e /__pycache__/ -e "\\.pyc$" | sort -u | head -200',
    'echo "@@refs"; grep -n -e get_model_path -e AZUREML_MODEL_DIR -e "model_path" -e "model_dir" "$root/${AZUREML_ENTRY_SCRIPT:-score.py}" 2>&1 | head -40',
    'py="$(command -v python3 || command -v python)"',
    `if [ -n "$py" ]; then "$py" -c '${PYTHON_FACTS}' 2>&1 | head -100; else echo "@@nopython"; fi`,
    'echo "@@end"',
  ].join('\n'),
];

/** What step 1 found. */
export interface ProbeFacts {
  root: string;
  /** Undefined when AZUREML_MODEL_DIR is not set in the container. */
  modelDir?: string;
  entry: string;
  cwd: string;
  rootListing: string[];
  modelDirListing?: string[];
  files: string[];
  /** Lines of the entry script mentioning the model, e.g. `12:    path = Model.get_model_path('model')`. */
  references: string[];
  /** What the container's Python sees; undefined when it has no python on PATH. */
  python?: { executable: string; entryPath: string; entryExists: boolean; sysPath: string[] };
}

/** Parses step 1's output. */
export function parseProbe(output: string): ProbeFacts {
  const facts: ProbeFacts = { root: APP_ROOT, entry: 'score.py', cwd: '/', rootListing: [], files: [], references: [] };
  let section = '';
  eachLine(output, (line) => {
    if (!line) return;
    const m = line.startsWith('@@') ? /^@@(\S+)(?: (.*))?$/.exec(line) : null;
    if (m) {
      section = m[1];
      if (section === 'root') facts.root = m[2] ?? facts.root;
      else if (section === 'modeldir') facts.modelDir = m[2] && m[2] !== '<unset>' ? m[2] : undefined;
      else if (section === 'entry') facts.entry = m[2] ?? facts.entry;
      else if (section === 'cwd') facts.cwd = m[2] ?? facts.cwd;
      else if (section === 'ls-modeldir') facts.modelDirListing = [];
      else if (section === 'exe') facts.python = { executable: m[2] ?? '', entryPath: '', entryExists: false, sysPath: [] };
      else if (section === 'entrypath' && facts.python) facts.python.entryPath = m[2] ?? '';
      else if (section === 'entryexists' && facts.python) facts.python.entryExists = m[2] === 'yes';
      return;
    }
    if (section === 'ls-root') facts.rootListing.push(line);
    else if (section === 'ls-modeldir') facts.modelDirListing!.push(line);
    else if (section === 'files') facts.files.push(line);
    else if (section === 'refs') facts.references.push(line);
    else if (section === 'syspath') facts.python?.sysPath.push(line);
  });
  return facts;
}

/**
 * Calls `f` with each line of `text` (ended by \n or \r\n), one at a time:
 * split into an array first, 4 MB of blank lines took 2 s of CPU (issue 17).
 */
function eachLine(text: string, f: (line: string) => void): void {
  for (let start = 0; start <= text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    f(text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
    start = nl + 1;
  }
}

/** Model names the entry script asks for: `get_model_path('x')`, `model_name='x'`, joins onto AZUREML_MODEL_DIR. */
export function referencedNames(references: string[]): string[] {
  const names = new Set<string>();
  for (const r of references) {
    for (const m of r.matchAll(/get_model_path\(\s*(?:model_name\s*=\s*)?['"]([^'"]+)['"]/g)) names.add(m[1]);
    for (const joined of modelDirJoins(r)) names.add(joined.join('/'));
  }
  return [...names];
}

const JOIN = 'os.path.join(';

/**
 * The literals of each `os.path.join(<the model dir, however it is named>,
 * "model", "model.json")` in a line (-> ['model', 'model.json']), the dir
 * being `os.getenv(...)`, `os.environ...` or a name with model (or MODEL) in
 * it. Read by hand, each part at its one fit, in one pass: as a regular
 * expression, the blanks between literals were split every possible way
 * before a missing `)` failed it (a minute for twenty literals, one line of
 * a score.py), and a long name was searched for "model" from each of its
 * characters (issue 17).
 */
function modelDirJoins(line: string): string[][] {
  const out: string[][] = [];
  const nextComma = firstAfter(line, ',');
  const nextClose = firstAfter(line, ')');
  for (let at = line.indexOf(JOIN); at >= 0; at = line.indexOf(JOIN, at + 1)) {
    let p = blanksFrom(line, at + JOIN.length);
    if (line.startsWith('os.getenv(', p)) {
      const close = nextClose(p);
      if (close < 0) continue;
      p = close + 1;
    } else if (line.startsWith('os.environ', p)) {
      // `os.environ[...]` or `.get(...)`, whatever it holds, up to the comma.
      const comma = nextComma(p);
      if (comma < 0) continue;
      p = comma;
    } else {
      const name = /\w*/y;
      name.lastIndex = p;
      const word = name.exec(line)![0];
      if (!word.includes('model') && !word.includes('MODEL')) continue;
      p += word.length;
    }
    p = blanksFrom(line, p);
    if (line[p] !== ',') continue;
    const literals = literalList(line, p + 1);
    if (literals) out.push(literals.parts);
    if (literals) at = literals.end - 1;
  }
  return out;
}

/** `"a", 'b' "c")` at `from` (blanks and commas between, at least one literal, no quote inside one): the literals and the offset after `)`. */
function literalList(line: string, from: number): { parts: string[]; end: number } | undefined {
  const parts: string[] = [];
  let p = from;
  for (;;) {
    p = blanksFrom(line, p);
    const q = line[p];
    if (q !== '"' && q !== "'") return parts.length > 0 && q === ')' ? { parts, end: p + 1 } : undefined;
    let end = p + 1;
    while (end < line.length && line[end] !== '"' && line[end] !== "'") end++;
    if (end >= line.length || end === p + 1) return undefined;
    parts.push(line.slice(p + 1, end));
    p = blanksFrom(line, end + 1);
    if (line[p] === ',') p++;
  }
}

function blanksFrom(line: string, p: number): number {
  while (p < line.length && /\s/.test(line[p])) p++;
  return p;
}

/**
 * The offset of the first `ch` at or after a position, asked with positions
 * that only grow: the answer is kept while it still lies ahead, so a line of
 * many joins and one far comma is searched once, not once per join.
 */
function firstAfter(line: string, ch: string): (p: number) => number {
  let asked = Infinity;
  let found = -1;
  return (p) => {
    if (p < asked || (found >= 0 && found < p)) found = line.indexOf(ch, p);
    asked = p;
    return found;
  };
}

/** Step 2's paths: where Model.get_model_path() (and a join onto AZUREML_MODEL_DIR) looks for each name. */
export function candidatePaths(facts: ProbeFacts, names: string[]): string[] {
  const out: string[] = [];
  const join = (a: string, b: string) => (b.startsWith('/') ? b : `${a.replace(/\/$/, '')}/${b}`);
  for (const n of names) {
    if (facts.modelDir) out.push(join(facts.modelDir, n));
    out.push(join(`${facts.root.replace(/\/+$/, '')}/azureml-models`, n));
    out.push(join(facts.cwd, n));
  }
  if (facts.modelDir) out.push(facts.modelDir);
  return [...new Set(out)];
}

/** Step 2: tests each path (given as arguments, never inside the script text). */
export function existsCommand(paths: string[]): string[] {
  return ['/bin/sh', '-c', 'for p in "$@"; do if [ -e "$p" ]; then echo "yes $p"; else echo "no $p"; fi; done', 'probe', ...paths];
}

/** Parses step 2's output into path -> exists. */
export function parseExists(output: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  eachLine(output, (line) => {
    const m = line.startsWith('yes ') || line.startsWith('no ') ? /^(yes|no) (.*)$/.exec(line) : null;
    if (m) out.set(m[2], m[1] === 'yes');
  });
  return out;
}

/**
 * The answer shown to the user, as Markdown. `more`: sections the caller
 * adds after the verdict (the comparison with Azure's layout).
 */
export function probeReport(pod: string, facts: ProbeFacts, names: string[], exists: Map<string, boolean>, more: readonly string[] = []): string {
  // Markdown marks (#, -, backticks) stay outside the translated words; file listings and paths are the container's own.
  const code = (p: string) => `\`${p}\``;
  const lines = [`# ${l10n.t('Model path probe: {0}', pod)}`, ''];
  const verdicts: string[] = [];
  if (facts.python && facts.python.entryPath && !facts.python.entryExists) verdicts.push(l10n.t('The entry script **is not there**: the server will load `{0}`. The scoring code did not reach the container (check code_configuration.code, or the source directory).', facts.python.entryPath));
  if (!facts.modelDir) verdicts.push(l10n.t('AZUREML_MODEL_DIR is **not set** in the container: `Model.get_model_path()` then only looks relative to the working directory.'));
  else if (facts.modelDirListing?.some((l) => /No such file|cannot access/.test(l))) verdicts.push(l10n.t('AZUREML_MODEL_DIR is `{0}`, but **that folder does not exist** in the container.', facts.modelDir));
  for (const n of names) {
    const found = [...exists].filter(([p, ok]) => ok && (p.endsWith(`/${n}`) || p === n));
    if (found.length) verdicts.push(l10n.t('`{0}` is found at {1}.', n, found.map(([p]) => code(p)).join(', ')));
    else verdicts.push(l10n.t('`{0}` is **not found** where it is expected ({1}). Register/deploy the model under that name, or fix the name or path in {2}.', n, candidatePaths(facts, [n]).filter((p) => p !== facts.modelDir).map(code).join(', '), facts.entry));
  }
  if (!names.length) verdicts.push(l10n.t('No `get_model_path(...)` call or join onto AZUREML_MODEL_DIR was found in `{0}`; compare the files below with the path your init() opens.', facts.entry));
  lines.push(`## ${l10n.t('Verdict')}`, '', ...verdicts.map((v) => `- ${v}`), '', ...more);
  lines.push(
    `## ${l10n.t('Environment')}`,
    '',
    `- ${l10n.t('App root: {0}', code(facts.root))}`,
    `- ${facts.modelDir ? l10n.t('AZUREML_MODEL_DIR: {0}', code(facts.modelDir)) : l10n.t('AZUREML_MODEL_DIR: (not set)')}`,
    `- ${l10n.t('Entry script: {0}', code(facts.entry))}`,
    `- ${l10n.t('Working directory: {0}', code(facts.cwd))}`,
    '',
  );
  if (facts.python) {
    const resolves = !facts.python.entryPath
      ? l10n.t('Entry script resolves to: `main` (imported from sys.path)')
      : facts.python.entryExists
        ? l10n.t('Entry script resolves to: {0} ✔', code(facts.python.entryPath))
        : l10n.t('Entry script resolves to: {0} ✘ (missing)', code(facts.python.entryPath));
    lines.push('## Python', '', `- ${l10n.t('Executable: {0}', code(facts.python.executable))}`, `- ${resolves}`, '');
    lines.push(`### ${l10n.t('sys.path, as the server extends it')}`, '', '```', ...facts.python.sysPath, '```', '');
  } else lines.push('## Python', '', `- ${l10n.t('No `python` on the container\'s PATH.')}`, '');
  if (facts.references.length) lines.push(`## ${l10n.t('Model references in {0}', facts.entry)}`, '', '```', ...facts.references, '```', '');
  lines.push(`## ${l10n.t('Paths checked')}`, '', ...(exists.size ? [...exists].map(([p, ok]) => `- ${ok ? '✔' : '✘'} ${code(p)}`) : [`- ${l10n.t('(none)')}`]), '');
  lines.push(`## ${facts.modelDir ? l10n.t('Files under {0} and {1}', facts.root, facts.modelDir) : l10n.t('Files under {0}', facts.root)}`, '', '```', ...(facts.files.length ? facts.files : [l10n.t('(no files)')]), '```', '');
  // The command's own name, as it ran.
  lines.push(`## ls -la ${facts.root}`, '', '```', ...facts.rootListing, '```', '');
  if (facts.modelDirListing) lines.push(`## ls -la ${facts.modelDir}`, '', '```', ...facts.modelDirListing, '```', '');
  return lines.join('\n');
}
