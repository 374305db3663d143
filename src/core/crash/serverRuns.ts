// Splits a container log into server runs (one per container start, since
// `docker logs` and a pod's log keep every restart) and notes what each run
// shows: workers booted, init() started/finished, workers killed or timed out,
// and how the server process ended (runit's gunicorn/finish).
import type { LogLine } from '../logs/logicalLines';
import { tracebackStart } from '../logs/tracebackLines';

/** A worker-level event the gunicorn master or the inference server logged. */
export type RunEventKind = 'boot' | 'init-start' | 'init-ok' | 'init-fail' | 'boot-failed' | 'worker-timeout' | 'worker-killed' | 'request' | 'server-exit';

/** One event at a line index. */
export interface RunEvent {
  kind: RunEventKind;
  index: number;
  pid?: number;
  /** HTTP status of a `request` event; exit code of a `server-exit` event. */
  status?: number;
  text: string;
}

/** One start of the server, from its first line to the next start. */
export interface ServerRun {
  start: number;
  end: number;
  events: RunEvent[];
}

// Lines that open a new server run; they only split when the current run already did something.
// Not azmlinfsrv's banner ("Azure ML Inferencing HTTP server v1.5.1"): each worker
// prints it as it loads the app, and the master's copy, left in its block-buffered
// stdout, comes out only when the master exits, after everything else it logged.
// Not runit's bare `gunicorn/run` line either: the start script prints several.
// Its one "AzureML Container Runtime Information" line marks a start.
const startMarkers = [
  /^Starting gunicorn \d/,
  /^(?:gunicorn\/run )?AzureML Container Runtime Information/,
  /supervisord started with pid/,
  /^(?:gunicorn\/run )?Starting AzureML Inference Server HTTP/,
];

const eventPatterns: { kind: RunEventKind; re: RegExp }[] = [
  { kind: 'boot', re: /Booting worker with pid:?\s*(\d+)/ },
  { kind: 'init-start', re: /Invoking user'?s init function/ },
  { kind: 'init-ok', re: /Users?'?s init has completed successfully/ },
  { kind: 'init-fail', re: /User'?s init function failed/ },
  { kind: 'boot-failed', re: /Reason: Worker failed to boot|Reason: App failed to load/ },
  { kind: 'worker-timeout', re: /WORKER TIMEOUT \(pid:\s*(\d+)\)/ },
  { kind: 'worker-killed', re: /Worker (?:with pid (\d+) was terminated due to signal 9|\(pid:\s*(\d+)\) was sent SIGKILL)/ },
  { kind: 'request', re: /"(?:POST|GET) \/score[^"]*" (\d{3})\b|\bPOST \/score (\d{3})\b/ },
  // runit's finish script: `gunicorn/finish <exit code> <signal>` when the server process ends.
  { kind: 'server-exit', re: /^gunicorn\/finish (-?\d+) \d+/ },
];

// One cheap test that most lines fail, before the patterns above are tried one by one.
const mayMatter = /gunicorn|failed to boot|failed to load|Inferencing HTTP|Container Runtime|supervisord|Starting AzureML|Booting worker|init function|init has completed|WORKER TIMEOUT|Worker|\/score|Traceback \(/;

/** Splits lines into runs; a log with no start marker is one run. */
export function serverRuns(lines: LogLine[]): ServerRun[] {
  const runs: ServerRun[] = [];
  let current: ServerRun = { start: 0, end: 0, events: [] };
  // Markers already seen in this run: the same marker again means a restart; a
  // different one (azmlinfsrv prints its banner after gunicorn starts) does not.
  let seen = new Set<number>();
  let busy = false;
  lines.forEach((line, index) => {
    const text = line.text;
    if (!mayMatter.test(text)) return;
    const marker = startMarkers.findIndex((re) => re.test(text));
    if (marker >= 0) {
      if (busy || seen.has(marker)) {
        current.end = index;
        runs.push(current);
        current = { start: index, end: index, events: [] };
        seen = new Set();
        busy = false;
      }
      seen.add(marker);
    }
    if (text.includes(tracebackStart)) busy = true;
    for (const { kind, re } of eventPatterns) {
      const m = re.exec(text);
      if (!m) continue;
      const num = m.slice(1).find((g) => g !== undefined);
      const ev: RunEvent = { kind, index, text: text.trim() };
      if (kind === 'request' || kind === 'server-exit') ev.status = Number(num);
      else if (num !== undefined) ev.pid = Number(num);
      else if (line.pid !== undefined) ev.pid = line.pid;
      current.events.push(ev);
      if (kind !== 'boot') busy = true;
      break;
    }
  });
  current.end = lines.length;
  runs.push(current);
  return runs;
}

/** True when the run had finished init() (in some worker) before line `index`. */
export function initDoneBefore(run: ServerRun, index: number): boolean {
  let done = false;
  for (const e of run.events) {
    if (e.index >= index) break;
    if (e.kind === 'init-ok') done = true;
  }
  return done;
}

/** True when, since the last worker boot before `index`, init() finished. */
export function initDoneSinceBoot(run: ServerRun, index: number): boolean {
  let done = false;
  for (const e of run.events) {
    if (e.index >= index) break;
    if (e.kind === 'boot') done = false;
    if (e.kind === 'init-ok') done = true;
  }
  return done;
}

/** Workers booted after some init() had started: replacements (a fresh start of N workers boots them all first). */
export function rebootsDuringInit(run: ServerRun): number {
  const firstInit = run.events.find((e) => e.kind === 'init-start')?.index ?? Infinity;
  return run.events.filter((e) => e.kind === 'boot' && e.index > firstInit).length;
}
