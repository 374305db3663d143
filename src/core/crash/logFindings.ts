// Findings from one server run of a container log: each traceback the app
// raised (init-failed, run-failed, missing-module, model-not-found), and the
// gunicorn master's verdicts on workers (timeouts, signal-9 kills).
import type { During, Finding, Phase } from './finding';
import type { LogLine } from '../logs/logicalLines';
import { missingModel } from './modelNotFound';
import { missingModule } from './missingModule';
import { scriptLoadFinding } from './scriptLoad';
import { initDoneBefore, initDoneSinceBoot, rebootsDuringInit, type ServerRun } from './serverRuns';
import {
  causeSection, deepestUserFrame, exceptionText, isServerFrame, isUserFrame,
  type AppPaths, type Frame, type TracebackChain, type TracebackSection,
} from './traceback';

const initServerFuncs = /^(invoke_init|_boot|setup|register|load_script|_load_user_module|init_process|load_wsgi|wsgi|load|load_wsgiapp|import_app|exec_module)$/;
const runServerFuncs = /^(invoke_run|score|handle_score|run_scoring|_score|score_handler|_wrapped_user_run)$/;

/**
 * True when a traceback is the app's failure: it reaches the user's code, or
 * the server introduces it as the user script's failure (its lead line, or
 * azmlinfsrv's own UserScript* exception at its end). The server also logs
 * tracebacks of its own that are no failure of the app (azmlinfsrv's "Error
 * while fetching model IDs" whenever AZUREML_MODEL_DIR is not laid out as
 * <name>/<version>); those, client tools' tracebacks, and gunicorn's "Exception
 * in worker process" over frames of gunicorn alone (a worker that died in its
 * own loop, issue 16) are not the app's.
 */
export function isAppTraceback(chain: TracebackChain, lines: LogLine[], paths: AppPaths): boolean {
  if (abortedBy(chain)) return false;
  if (reachesUser(chain, paths)) return true;
  if (/(?:^|\.)UserScript\w*(?:Exception|Error)$/.test(chain.sections[chain.sections.length - 1].exceptionType)) return true;
  // The line that holds `Traceback (...)` and the record just before it.
  const lead = lines.slice(Math.max(0, chain.start - 1), chain.start + 1).map((l) => l.text).join('\n');
  return /Encountered Exception|init function failed|Failed to (?:import|load) user script/.test(lead);
}

const reachesUser = (chain: TracebackChain, paths: AppPaths): boolean => chain.sections.some((s) => s.frames.some((f) => isUserFrame(f, paths)));

/**
 * The app's tracebacks with the server's wrapper of a user exception folded
 * into it. azmlinfsrv raises `UserScriptException(ex) from ex`, so the user's
 * traceback and the wrapper print as one chain; but Docker stamps stdout and
 * stderr lines as it reads them, and a gunicorn line stamped between the two
 * halves splits the chain. A wrapper alone (no frame of the user's, not one
 * of the server's verdicts on loading the script) says nothing of its own
 * when a traceback of the same server run reaches the user's code, wherever
 * the two fell in the log.
 */
export function foldWrappers(chains: TracebackChain[], runs: readonly ServerRun[], paths: AppPaths): TracebackChain[] {
  const runOf = (c: TracebackChain) => runs.findIndex((r) => c.start >= r.start && c.start < r.end);
  const explained = new Set(chains.filter((c) => reachesUser(c, paths)).map(runOf));
  return chains.filter((c) => {
    if (reachesUser(c, paths) || !explained.has(runOf(c))) return true;
    const last = c.sections[c.sections.length - 1];
    return !/(?:^|\.)UserScript\w*Exception$/.test(last.exceptionType) || scriptLoadFinding(c, paths) !== undefined;
  });
}

/**
 * True for the traceback gunicorn prints when its master aborts a worker that
 * outlived the worker timeout (`SystemExit: 1` raised in `handle_abort`): the
 * WORKER TIMEOUT line is the finding; the user frames only say where run() was.
 */
export function abortedBy(chain: TracebackChain): boolean {
  const last = chain.sections[chain.sections.length - 1];
  return last.exceptionType === 'SystemExit' && last.frames[last.frames.length - 1]?.func === 'handle_abort';
}

/**
 * True for the traceback of a worker that was waiting for a connection in
 * gunicorn's loop (`wait`), not handling one: killed there, it ran no request.
 */
export function idleWorker(chain: TracebackChain): boolean {
  const frames = chain.sections.flatMap((s) => s.frames).filter((f) => f.path.includes('/gunicorn/workers/'));
  return frames.some((f) => f.func === 'wait') && !frames.some((f) => f.func === 'handle' || f.func === 'handle_request');
}

/** Which user function the chain came from: frames first, then what the run had done. */
function phaseOf(chain: TracebackChain, cause: TracebackSection, run: ServerRun, paths: AppPaths): Phase {
  const ordered = [cause, ...chain.sections.filter((s) => s !== cause)];
  for (const s of ordered) {
    for (const f of s.frames) {
      if ((isUserFrame(f, paths) || isServerFrame(f, paths)) && (f.func === 'init' || f.func === 'run')) return f.func;
    }
  }
  for (const s of ordered) {
    for (const f of s.frames) {
      if (f.func && runServerFuncs.test(f.func)) return 'run';
      if (f.func && initServerFuncs.test(f.func)) return 'init';
    }
  }
  const text = ordered.map(exceptionText).join('\n');
  if (/user script'?s init function|Failed to import user script/i.test(text)) return 'init';
  if (ordered.some((s) => s.frames.some((f) => isUserFrame(f, paths) && f.func === '<module>'))) return 'init';
  return initDoneBefore(run, chain.start) ? 'run' : 'init';
}

function frameText(f: Frame): string {
  return `${f.path}, line ${f.line}${f.func ? `, in ${f.func}` : ''}${f.code ? `: ${f.code}` : ''}`;
}

/** The evidence: the chain's exceptions and the user's frames, innermost cause first. */
function chainDetail(chain: TracebackChain, cause: TracebackSection, paths: AppPaths): string {
  const parts: string[] = [];
  const userFrames = cause.frames.filter((f) => isUserFrame(f, paths));
  parts.push(exceptionText(cause) + (cause.messageMore.length ? `\n${cause.messageMore.join('\n')}` : ''));
  if (userFrames.length) parts.push(userFrames.map(frameText).join('\n'));
  for (const s of chain.sections) {
    if (s === cause) continue;
    const before = chain.sections.indexOf(s) < chain.sections.indexOf(cause);
    parts.push(`${before ? 'While handling' : 'Then raised'}: ${exceptionText(s)}`);
  }
  return parts.join('\n');
}

/** The finding one app traceback stands for. */
export function tracebackFinding(chain: TracebackChain, run: ServerRun, paths: AppPaths): Finding {
  const load = scriptLoadFinding(chain, paths);
  if (load) return load;
  const cause = causeSection(chain, paths);
  const phase = phaseOf(chain, cause, run, paths);
  const frame = deepestUserFrame(cause, paths);
  const location = frame ? { path: frame.path, line: frame.line } : undefined;
  const detail = chainDetail(chain, cause, paths);
  // Module-level code runs when the server imports the script, before init() is called.
  const during: During = cause.frames.some((f) => isUserFrame(f, paths) && (f.func === '<module>' || f.func === undefined)) && phase === 'init' ? 'import' : phase;
  const exceptionType = cause.exceptionType;
  const exception = exceptionText(cause);

  const missing = missingModule(cause.exceptionType, cause.exceptionMessage);
  if (missing) {
    return { code: 'missing-module', reason: 'no-module', location, detail, data: { phase, during, exceptionType, module: missing.module, package: missing.package } };
  }
  const model = missingModel(cause.exceptionType, [cause.exceptionMessage, ...cause.messageMore].join('\n'));
  if (model) {
    return { code: 'model-not-found', reason: 'model-missing', location, detail, data: { phase, during, exceptionType, exception } };
  }
  if (/UserScriptTimeout$/.test(exceptionType)) {
    // (?<!\d): one attempt per number, not one per digit (quadratic in a long run of digits).
    const ms = /(?<!\d)(\d+(?:\.\d+)?) ?ms/.exec(cause.exceptionMessage);
    return { code: 'timeout-504', reason: 'scoring-timeout', location, detail, data: { phase: 'run', exceptionType, ...(ms ? { timeoutMs: Number(ms[1]) } : {}) } };
  }
  return { code: phase === 'init' ? 'init-failed' : 'run-failed', reason: 'raised', location, detail, data: { phase, during, exceptionType, exception } };
}

/** What the tracebacks around the gunicorn master's verdicts say about its workers. */
export interface WorkerContext {
  /** A traceback of the app explains the run (or the start script does). */
  sawTraceback: boolean;
  /** The user's frame an aborted worker was in (gunicorn 22+ prints where it was). */
  hungAt?: Frame;
  /** The last timed-out worker was idle in gunicorn's loop: no request of it hung. */
  idleAtTimeout?: boolean;
}

/** Findings from the gunicorn master's lines about its workers. */
export function workerFindings(run: ServerRun, context: WorkerContext): Finding[] {
  const { sawTraceback, hungAt, idleAtTimeout } = context;
  const out: Finding[] = [];
  const timeout = idleAtTimeout ? undefined : [...run.events].reverse().find((e) => e.kind === 'worker-timeout');
  if (timeout) {
    const inRun = initDoneSinceBoot(run, timeout.index);
    const location = hungAt ? { path: hungAt.path, line: hungAt.line } : undefined;
    const data = { phase: inRun ? 'run' : 'init', evidence: timeout.text } as const;
    out.push({ code: inRun ? 'timeout-504' : 'init-failed', reason: 'worker-timeout', location, detail: timeout.text, data });
  }
  const failed = [...run.events].reverse().find((e) => e.kind === 'init-fail' || e.kind === 'boot-failed');
  if (failed && !sawTraceback && !timeout) {
    // The traceback may have been cut off (a tail of the log) or printed where we cannot see it.
    out.push({ code: 'init-failed', reason: 'boot-failed-untraced', detail: failed.text, data: { phase: 'init', evidence: failed.text } });
  }
  const killed = [...run.events].reverse().find((e) => e.kind === 'worker-killed');
  const reboots = rebootsDuringInit(run);
  const anyInitOk = run.events.some((e) => e.kind === 'init-ok');
  if (killed) {
    const phase: Phase = initDoneSinceBoot(run, killed.index) ? 'run' : 'init';
    out.push({
      code: 'oom-killed',
      reason: 'worker-killed',
      detail: run.events.filter((e) => e.kind === 'worker-killed' || e.kind === 'boot').map((e) => e.text).join('\n'),
      data: { phase },
    });
  } else if (!sawTraceback && !anyInitOk && !failed && reboots >= 2) {
    // The troubleshooting docs: repeated "Booting worker" lines mean workers die of memory while starting.
    out.push({
      code: 'oom-killed',
      reason: 'worker-reboots',
      data: { phase: 'init', reboots },
    });
  }
  return out;
}
