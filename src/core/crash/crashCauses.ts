// Why a deployment fails, from what the runtime shows: container or pod logs,
// pod events, the exit code and reason, a test request's status and body.
// Pure: plain data in, findings out; the diagnostics glue places them. The
// parsers live beside it, one per kind of evidence.
import { containerVerdict } from './containerState';
import { deploymentErrorFindings } from './deploymentErrors';
import type { Finding, FindingCode, Phase } from './finding';
import { downloadFailure } from './modelDownload';
import { httpVerdict, notReadyBody, overloadedBody } from './httpStatus';
import { keyVaultEvidence } from './keyVault';
import { abortedBy, foldWrappers, idleWorker, isAppTraceback, tracebackFinding, workerFindings } from './logFindings';
import { logLines, type LogLine } from '../logs/logicalLines';
import { stripAnsi } from '../logs/ansi';
import { modelMessages } from './modelNotFound';
import { nodeSizeNeeded, resourceShortages, saysScheduled, scheduleTimeoutOf, type ResourceShortage } from './schedulingEvents';
import { lastWordsBefore, serverExitCode, startScriptFinding } from './runitExit';
import { rebootsDuringInit, serverRuns, type ServerRun } from './serverRuns';
import { serverVerdicts } from './scriptLoad';
import { deepestUserFrame, findTracebacks, type AppPaths } from './traceback';
import { APP_ROOT } from '../model/appRoot';

export type { During, Finding, FindingCode, FindingData, FindingLocation, FindingReason, Phase } from './finding';
export { FindingCodes } from './finding';
export { packageForImport } from './missingModule';

/** Everything known about a failing service; every field optional. */
export interface CrashInput {
  /** Container output (docker logs, or a pod's current/previous log), or SDK/CLI output. */
  logs?: string;
  /**
   * The same output already cut into logical lines by the log side
   * (logs/logicalLines over the entries a tab or a tail holds); used instead
   * of `logs`, so a line the panel holds is not cut a second time.
   */
  lines?: readonly LogLine[];
  /** Pod events, oldest first, as `kubectl describe` prints them or `reason: message`. */
  events?: string[];
  /** The container's (last) exit code. */
  exitCode?: number;
  /** The waiting/terminated reason (`CrashLoopBackOff`, `OOMKilled`, `ImagePullBackOff`...). */
  reason?: string;
  /** Status of a test request to the scoring URI. */
  httpStatus?: number;
  /** Body of that answer (azmlinfsrv states scoring timeouts and run() errors there). */
  httpBody?: string;
  /** The logs are this init container's (the model download), not the server's. */
  initContainer?: string;
}

/** Options; defaults fit Azure ML images. */
export interface CrashOptions {
  /** Where the user's files are in the container (`/var/azureml-app`). */
  appRoot?: string;
}

// Findings that have no location and say the same thing twice if repeated.
const oncePerCode: FindingCode[] = ['timeout-504', 'oom-killed', 'crash-loop', 'image-pull', 'keyvault-access', 'overloaded-503', 'schedule-timeout'];
// A crash loop is only the symptom when one of these explains it.
const explainsCrash: FindingCode[] = ['init-failed', 'missing-module', 'model-not-found', 'oom-killed', 'server-config', 'function-not-found'];
// Failed liveness probes restart the container: they explain a loop too (readiness ones do not).
const explainsLoop = (f: Finding): boolean => explainsCrash.includes(f.code) || (f.code === 'probe-failed' && f.data?.probe === 'liveness');
// What keeps a replica from getting ready besides a crash: azureml-fe's "no ready replicas" is their symptom.
const keepsNotReady: FindingCode[] = [
  'crash-loop', 'probe-failed', 'insufficient-resources', 'schedule-timeout', 'image-build', 'image-pull', 'keyvault-access', 'deployment-rejected', 'azure-side',
];

/** The run that tells the present state: the last one that failed or succeeded at something. */
function decisiveRun(runs: ServerRun[], tracebackStarts: number[]): ServerRun | undefined {
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i];
    if (r.events.some((e) => e.kind !== 'boot' && e.kind !== 'init-start')) return r;
    if (tracebackStarts.some((s) => s >= r.start && s < r.end) || rebootsDuringInit(r) >= 2) return r;
  }
  return undefined;
}

/** Phase the last run was in when the log ends (for kills the log cannot explain). */
function phaseAtEnd(run: ServerRun | undefined): Phase | undefined {
  if (!run) return undefined;
  let phase: Phase | undefined;
  for (const e of run.events) {
    if (e.kind === 'init-start' || e.kind === 'boot') phase = 'init';
    if (e.kind === 'init-ok' || e.kind === 'request') phase = 'run';
  }
  return phase;
}

function fromLogs(lines: LogLine[], paths: AppPaths, exitCode: number | undefined): { findings: Finding[]; last?: ServerRun; runs: number } {
  const runs = serverRuns(lines);
  const all = findTracebacks(lines);
  const chains = foldWrappers(all.filter((c) => isAppTraceback(c, lines, paths)), runs, paths);
  const exit = serverExitCode(lines);
  const script = startScriptFinding(exit?.code ?? exitCode, exit ? lastWordsBefore(lines, exit.index) : undefined);
  const run = decisiveRun(runs, chains.map((c) => c.start));
  const last = runs[runs.length - 1];
  if (!run) return { findings: script ? [script] : [], last, runs: runs.length };
  const mine = chains.filter((c) => c.start >= run.start && c.start < run.end);
  // Where a worker the master aborted for its timeout was, in the user's code.
  const aborted = all.filter((c) => c.start >= run.start && c.start < run.end && abortedBy(c));
  const hungAt = aborted.length ? aborted[aborted.length - 1].sections.map((s) => deepestUserFrame(s, paths)).find((f) => f) : undefined;
  // A worker killed while it waited for a connection had no request running (issue 16).
  const lastTimeout = [...run.events].reverse().find((e) => e.kind === 'worker-timeout');
  const idleAtTimeout = lastTimeout !== undefined && all.some((c) => c.start > lastTimeout.index && c.start < run.end && idleWorker(c));
  const findings = mine.map((c) => tracebackFinding(c, run, paths));
  // What the server said about its settings or the script, without a traceback, explains a failed boot too.
  const verdicts = serverVerdicts(lines, run.start, run.end, all, paths);
  findings.push(...verdicts);
  const bootFailed = run.events.some((e) => e.kind === 'boot-failed' || e.kind === 'init-fail');
  const earlier = chains.filter((c) => c.start < run.start);
  if (!mine.length && !verdicts.length && bootFailed && earlier.length) {
    // The boot failed but its traceback sits before this run's start: stdout and stderr
    // joined one after the other, or a cut log. The last traceback before it explains it.
    const chain = earlier[earlier.length - 1];
    const owner = runs.find((r) => chain.start >= r.start && chain.start < r.end) ?? run;
    findings.push(tracebackFinding(chain, owner, paths));
    findings.push(...workerFindings(run, { sawTraceback: true, hungAt, idleAtTimeout }));
  } else {
    findings.push(...workerFindings(run, { sawTraceback: mine.length > 0 || verdicts.length > 0 || script !== undefined, hungAt, idleAtTimeout }));
  }
  if (script) findings.push(script);
  return { findings, last, runs: runs.length };
}

function shortageFinding(s: ResourceShortage, evidence: string): Finding {
  return {
    code: 'insufficient-resources',
    reason: 'insufficient',
    detail: evidence,
    data: { resource: s.resource, nodesLacking: s.nodesLacking, nodesTotal: s.nodesTotal },
  };
}

/** Scheduling: the latest verdict in events (cleared by a later "Scheduled"), else the last in logs. */
function schedulingFindings(input: CrashInput, text: string): Finding[] {
  const out: Finding[] = [];
  const all = [text, ...(input.events ?? []), input.reason ?? ''].join('\n');
  const waited = scheduleTimeoutOf(all);
  let shortages: ResourceShortage[] = [];
  let evidence = '';
  let fromEvents = false;
  for (const e of input.events ?? []) {
    const s = resourceShortages(e);
    if (s.length) {
      shortages = s;
      evidence = e.trim();
      fromEvents = true;
    } else if (saysScheduled(e)) {
      shortages = [];
      fromEvents = true;
    }
  }
  if (!fromEvents) {
    // (?<!\d): one attempt per run of digits, not one per digit (quadratic in a long run).
    const verdicts = text.match(/(?<!\d)\d+\/\d+ nodes are available:[^\n]*/g) ?? [];
    if (verdicts.length) {
      evidence = verdicts[verdicts.length - 1].trim();
      shortages = resourceShortages(evidence);
    }
  }
  if (waited) {
    const short = shortages.map((s) => s.resource);
    out.push({ code: 'schedule-timeout', reason: 'schedule-timeout', data: { waited, ...(short.length ? { short } : {}) } });
  }
  out.push(...shortages.map((s) => shortageFinding(s, evidence)));
  // Azure ML's own verdict names no Kubernetes resource, only the node size it wants.
  const size = nodeSizeNeeded(all);
  if (size) {
    const { evidence: said, ...need } = size;
    out.push({ code: 'insufficient-resources', reason: 'insufficient-sku', detail: said, data: { ...need, evidence: said } });
  }
  return out;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  // Repeats (three workers, ten failed requests) say one thing: keep the first of equal findings.
  for (const f of findings) {
    const d = f.data;
    const key = oncePerCode.includes(f.code) ? f.code : `${f.code}|${f.location?.path}|${f.location?.line}|${d?.exceptionType}|${d?.resource}|${d?.variable}|${d?.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/**
 * Longest line the analysis reads, in characters; the rest of a longer one is
 * left out. What it recognises (a traceback's lines, the scheduler's
 * verdicts, the server's messages) is short, and a line of data (a tensor
 * printed whole, a base64 payload) is then cut before any regular
 * expression runs over it: one that went quadratic took minutes on a 1 MB line
 * (issue 17), and this bounds any such expression still unfound.
 */
export const maxAnalyzedLineLength = 4096;

/**
 * Most output the analysis reads, the most recent (a failure ends a run): the
 * log side holds up to 50,000 lines of 64 Ki, and analysis runs as output
 * arrives. Lines count as well as characters: 4 MB of empty lines were 4
 * million lines, seconds of work.
 */
export const maxAnalyzedChars = 4 * 1024 * 1024;
export const maxAnalyzedLines = 50_000;

/** Most pod events read, the most recent. */
const maxAnalyzedEvents = 1000;

/**
 * The end of a text the analysis reads: its last `maxAnalyzedLines` lines
 * (ended by \n, \r\n or \r, as logLines cuts them) within its last
 * `maxAnalyzedChars`, from a line start. One backward pass.
 */
function recent(text: string): string {
  const floor = Math.max(0, text.length - maxAnalyzedChars);
  let lines = 1;
  // The text's own final line end belongs to its last line.
  let i = text.length - 1;
  if (text.charCodeAt(i) === 10) i--;
  if (text.charCodeAt(i) === 13) i--;
  let start = -1;
  for (; i >= floor; i--) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (++lines > maxAnalyzedLines) return text.slice(i + 1);
    start = i + 1;
    if (c === 10 && i > floor && text.charCodeAt(i - 1) === 13) i--;
  }
  if (floor === 0) return text;
  if (start >= 0) return text.slice(start);
  // No line starts in the window: the last line alone is longer, and is read from its start.
  return text.slice(Math.max(text.lastIndexOf('\n', floor), text.lastIndexOf('\r', floor)) + 1);
}

/** Each line of `text` cut to `maxAnalyzedLineLength`. */
function cutLines(text: string): string {
  return text.length <= maxAnalyzedLineLength ? text : text.split('\n').map(cutLine).join('\n');
}

function cutLine(line: string): string {
  return line.length > maxAnalyzedLineLength ? line.slice(0, maxAnalyzedLineLength) : line;
}

/** The most recent lines within `maxAnalyzedLines` and `maxAnalyzedChars`, each cut to `maxAnalyzedLineLength`. */
function recentLines(lines: readonly LogLine[]): LogLine[] {
  let total = 0;
  let from = lines.length;
  const floor = Math.max(0, lines.length - maxAnalyzedLines);
  while (from > floor && total + Math.min(lines[from - 1].text.length, maxAnalyzedLineLength) + 1 <= maxAnalyzedChars) {
    from--;
    total += Math.min(lines[from].text.length, maxAnalyzedLineLength) + 1;
  }
  return lines.slice(from).map((l) => (l.text.length > maxAnalyzedLineLength ? { ...l, text: cutLine(l.text) } : l));
}

/** The evidence within the limits above: what the analysis reads of each field. */
function bounded(input: CrashInput): CrashInput {
  const out: CrashInput = { ...input };
  if (input.events) out.events = input.events.slice(-maxAnalyzedEvents).map((e) => cutLines(recent(e)));
  if (input.reason !== undefined) out.reason = cutLines(recent(input.reason));
  if (input.httpBody !== undefined) out.httpBody = cutLines(recent(input.httpBody));
  return out;
}

/**
 * Recognises why a deployment fails. Returns the causes found, most specific
 * first within each source; an empty list means nothing recognisable is wrong.
 * Reads at most the last `maxAnalyzedChars` of output, each line up to
 * `maxAnalyzedLineLength`, so the work is bounded whatever the container wrote.
 */
export function analyze(given: CrashInput, options: CrashOptions = {}): Finding[] {
  const paths: AppPaths = { appRoot: options.appRoot ?? `${APP_ROOT}/` };
  const input = bounded(given);
  // Raw output is cut to lines after its JSON records are unwrapped (a v1 record holds a whole traceback).
  const raw = input.lines ? undefined : input.logs ? recent(input.logs) : undefined;
  const lines = input.lines ? recentLines(input.lines) : raw ? recentLines(logLines(raw)) : undefined;
  const text = raw !== undefined ? cutLines(stripAnsi(raw)) : (lines ?? []).map((l) => l.text).join('\n');
  const findings: Finding[] = [];

  // An init container's output is the model download's, not the server's: no traceback in it is the user's.
  const serverLines = input.initContainer ? undefined : lines;
  const logs = serverLines ? fromLogs(serverLines, paths, input.exitCode) : { findings: [], last: undefined, runs: 0 };
  findings.push(...logs.findings);
  const script = lines || input.initContainer ? undefined : startScriptFinding(input.exitCode, undefined);
  if (script) findings.push(script);
  if (input.initContainer) {
    const failed = downloadFailure(text);
    findings.push({
      code: 'model-not-found',
      reason: 'model-download',
      detail: failed?.evidence ?? input.reason ?? '',
      data: { container: input.initContainer, ...(failed ? { evidence: failed.evidence } : {}), ...(input.exitCode !== undefined ? { exitCode: input.exitCode } : {}) },
    });
  }

  const state = containerVerdict({ ...input, logs: text });
  if (state.oomKilled) {
    const phase = phaseAtEnd(logs.last);
    findings.push({
      code: 'oom-killed',
      reason: 'container-oom',
      detail: state.oomKilled,
      data: phase ? { phase } : {},
    });
  }
  if (state.imagePull) {
    const image = state.imagePull.image;
    findings.push({
      code: 'image-pull',
      reason: 'image-pull',
      detail: state.imagePull.evidence,
      data: image ? { image } : {},
    });
  }
  findings.push(...schedulingFindings(input, text));

  const kv = keyVaultEvidence([text, ...(input.events ?? [])].join('\n'));
  if (kv) {
    findings.push({ code: 'keyvault-access', reason: 'keyvault', detail: kv });
  }

  if (state.probe) {
    const { probe, count, evidence } = state.probe;
    findings.push({ code: 'probe-failed', reason: 'probe-failed', detail: evidence, data: { probe, count, evidence } });
  }
  if (!findings.some((f) => f.code === 'model-not-found')) findings.push(...modelMessages(text));

  const http = httpVerdict(input.httpStatus, input.httpBody);
  // With no status known, azureml-fe's body says it: in the answer, or quoted in the output given.
  const overloaded = http?.kind === 'overloaded' ? http.evidence : !http ? overloadedBody(text) : undefined;
  const notReady = http?.kind === 'not-ready' ? http.evidence : !http ? notReadyBody(text) : undefined;
  if (overloaded && input.httpStatus === undefined) {
    findings.push({ code: 'overloaded-503', reason: 'overloaded-body', detail: overloaded, data: { evidence: overloaded } });
  } else if (http?.kind === 'overloaded') {
    findings.push({ code: 'overloaded-503', reason: 'overloaded' });
  } else if (http?.kind === 'timeout') {
    findings.push({
      code: 'timeout-504',
      reason: 'http-timeout',
      detail: http.evidence,
      data: { phase: 'run', evidence: http.evidence, ...(http.timeoutMs ? { timeoutMs: http.timeoutMs } : {}) },
    });
  } else if (http?.kind === 'request-timeout') {
    findings.push({
      code: 'request-timeout-408',
      reason: 'request-timeout',
      detail: http.evidence,
      data: { phase: 'run', evidence: http.evidence, ...(http.timeoutMs ? { timeoutMs: http.timeoutMs } : {}) },
    });
  } else if (http?.kind === 'run-crashed' && !findings.some((f) => f.data?.phase === 'run')) {
    findings.push({ code: 'run-failed', reason: 'http-run-crashed', detail: http.evidence, data: { phase: 'run', evidence: http.evidence } });
  }

  // Azure ML's deployment error codes say less than the logs: each only where nothing said it already.
  const deployment = deploymentErrorFindings([text, input.reason ?? ''].join('\n'));
  const explained = [...findings, ...deployment].some(explainsLoop);
  // "Azure's own failure" would contradict any cause found beside it (an image build's internal
  // error that the Key Vault reading explains, say): it stands only alone.
  const other = [...findings, ...deployment].some((f) => f.code !== 'azure-side');
  for (const f of deployment) {
    if (findings.some((g) => g.code === f.code) || (f.code === 'crash-loop' && explained) || (f.code === 'azure-side' && other)) continue;
    findings.push(f);
  }

  if (state.crashLoop && !findings.some(explainsLoop)) {
    findings.push({ code: 'crash-loop', reason: 'crash-loop', detail: state.crashLoop });
  }
  // No replica ready is a replica that crashed or never started, not a burst: only where nothing says why.
  if (notReady && !findings.some((f) => explainsLoop(f) || keepsNotReady.includes(f.code))) {
    findings.push({ code: 'crash-loop', reason: 'no-ready-replicas', detail: notReady, data: { evidence: notReady } });
  }
  return dedupe(findings);
}
