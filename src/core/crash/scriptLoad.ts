// What the inference server says before init() runs, about its own settings
// and about loading the user's script: a configuration error (azmlinfsrv
// exits 3), an entry script that is not there or a code folder that never
// arrived, a script without init() or run(). None of these is the user's
// code raising: each has its own finding, never init-failed.
import type { Finding } from './finding';
import type { LogLine } from '../logs/logicalLines';
import { exceptionText, isUserFrame, type AppPaths, type TracebackChain } from './traceback';

const importException = /(?:^|\.)UserScriptImportException$/;
const scriptError = /(?:^|\.)UserScriptError$/;
// azmlinfsrv's load_script: "User script at <file> does not have a init() function defined."
const noFunction = /User script at (\S+) does not have a(?:n)? (init|run)\(\) function defined/;
// Files that come with the environment, not with the scoring code.
const environmentFile = /^(?:.*\.ya?ml|requirements.*\.txt|Dockerfile|environment\.json)$/i;

function rootOf(paths: AppPaths): string {
  return paths.appRoot.replace(/\/+$/, '');
}

/**
 * The finding of a traceback the server logged while loading the script,
 * when it is one of its verdicts rather than the script raising: no frame of
 * the user's code, and azmlinfsrv's own exception at the end.
 */
export function scriptLoadFinding(chain: TracebackChain, paths: AppPaths): Finding | undefined {
  if (chain.sections.some((s) => s.frames.some((f) => isUserFrame(f, paths)))) return undefined;
  const last = chain.sections[chain.sections.length - 1];
  const missing = scriptError.test(last.exceptionType) ? noFunction.exec(last.exceptionMessage) : null;
  if (missing) {
    const fn = missing[2] as 'init' | 'run';
    // The function is added to the script: the diagnostic goes on its first line.
    return { code: 'function-not-found', reason: 'no-function', location: { path: missing[1], line: 1 }, detail: exceptionText(last), data: { function: fn, phase: 'init', path: missing[1] } };
  }
  if (!importException.test(last.exceptionType)) return undefined;
  // azmlinfsrv 1.5 imports the script by its path: a missing file fails in importlib, naming it.
  for (const s of chain.sections) {
    const m = /FileNotFoundError$/.test(s.exceptionType) ? /No such file or directory: '([^']+\.py)'/.exec(s.exceptionMessage) : null;
    if (m) return scriptNotFound(m[1], exceptionText(s));
  }
  return undefined;
}

function scriptNotFound(path: string, evidence: string): Finding {
  return { code: 'server-config', reason: 'script-not-found', detail: evidence, data: { phase: 'init', path, evidence } };
}

/** The names in a Python list as printed (`['a.yml', 'b']`). */
function pythonList(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]);
}

/**
 * The server's verdicts in lines `from`..`to` of a log: its configuration
 * errors and the ways it did not find the script, said without a traceback.
 * `chains` are the log's tracebacks (an invalid config file is told by one).
 */
export function serverVerdicts(lines: readonly LogLine[], from: number, to: number, chains: readonly TracebackChain[], paths: AppPaths): Finding[] {
  const out: Finding[] = [];
  for (let i = from; i < to; i++) {
    const text = lines[i].text.trim();
    if (/^=+Configuration Error=+$/.test(text) && i + 1 < to) {
      // azmlinfsrv's settings failed validation: "<VAR>: <why> (environment variable: <VAR>)".
      const m = /^(\S+): (.*?)(?: \(environment variable: \S+\))?$/.exec(lines[i + 1].text.trim());
      if (m) out.push({ code: 'server-config', reason: 'config-error', detail: lines[i + 1].text.trim(), data: { phase: 'init', variable: m[1], evidence: m[2] } });
      continue;
    }
    if (/^Invalid config file!/.test(text)) {
      const chain = chains.find((c) => c.start === i);
      const evidence = chain ? exceptionText(chain.sections[chain.sections.length - 1]) : text;
      out.push({ code: 'server-config', reason: 'config-error', detail: evidence, data: { phase: 'init', evidence } });
      continue;
    }
    // Newer azmlinfsrv says it without a traceback: "Expected script to be found in: <path>".
    const expected = /^Expected script to be found in: (\S+)$/.exec(text);
    if (expected) {
      out.push(scriptNotFound(expected[1], text));
      continue;
    }
    // With no entry script set, the server imports `main` and lists the app folder when it cannot.
    const listed = /^Current contents of AML_APP_ROOT: (\[.*\])$/.exec(text);
    if (listed) {
      const names = pythonList(listed[1]);
      if (names.every((n) => environmentFile.test(n))) out.push({ code: 'server-config', reason: 'code-missing', detail: text, data: { phase: 'init', path: rootOf(paths), evidence: listed[1] } });
      else out.push(scriptNotFound(`${rootOf(paths)}/main.py`, text));
      continue;
    }
    const absent = /^The directory (\S+) not an accessible directory in the container\.?$/.exec(text);
    if (absent) out.push({ code: 'server-config', reason: 'code-missing', detail: text, data: { phase: 'init', path: absent[1], evidence: '[]' } });
  }
  return out;
}
