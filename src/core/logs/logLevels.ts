// Reads the log level of one output line in the shapes an Azure ML inference
// container writes: the v1 server (`time | logger | LEVEL | msg`), azmlinfsrv
// (`time E [pid] name - msg`), gunicorn (`[time] [pid] [LEVEL] msg`), nginx,
// runit's "Killing image" and Python's default logging (`LEVEL:name:msg`).
// Pure: text in, level out.

/** Severity of a line, most severe first. */
export type LogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug';

const byWord: Readonly<Record<string, LogLevel>> = {
  CRITICAL: 'critical',
  FATAL: 'critical',
  ERROR: 'error',
  EXCEPTION: 'error',
  WARNING: 'warning',
  WARN: 'warning',
  INFO: 'info',
  DEBUG: 'debug',
};

const byLetter: Readonly<Record<string, LogLevel>> = { C: 'critical', E: 'error', W: 'warning', I: 'info', D: 'debug' };

// `2022-09-21 13:13:48,238 | root | INFO | msg` (v1 azureml-server).
const v1 = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[,.]\d+)? \| [^|]* \| ([A-Z]+) \| /;
// `2023-03-24 14:31:29,612 E [69] azmlinfsrv - msg` (azmlinfsrv, levelname cut to one letter).
const azmlinfsrv = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[,.]\d+)? ([CEWID]) \[\d+\] \S+ - /;
// `[2026-11-23 18:37:44 +0000] [1] [INFO] msg` (gunicorn's error log).
const gunicorn = /^\[[^\]]{8,40}\] \[\d+\] \[([A-Z]+)\] /;
// `2026-11-29T15:45:19,350473570+00:00 - Exit code 3 is not normal. Killing image.`
// (runit's gunicorn/finish in Azure ML images: the server died and takes the container with it).
const runitKill = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d+[+-]\d\d:\d\d - Exit code -?\d+ is not normal\. Killing image\./;
// `2026/11/29 15:42:56 [error] 18#18: *1 connect() failed ...` (nginx's error log, in front of the server).
const nginx = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(emerg|alert|crit|error|warn|notice|info|debug)\] /;
const nginxLevels: Readonly<Record<string, LogLevel>> = { emerg: 'critical', alert: 'critical', crit: 'critical', error: 'error', warn: 'warning', notice: 'info', info: 'info', debug: 'debug' };
// `ERROR:root:msg` (logging.basicConfig default format).
const pythonDefault = /^(CRITICAL|ERROR|WARNING|INFO|DEBUG):[^:\s]*:/;

/**
 * The level a line declares, or undefined when it declares none (a print(),
 * a traceback line, a continuation of a multi-line record).
 */
export function levelOf(text: string): LogLevel | undefined {
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    // Starts with a digit: one of the dated shapes.
    const a = v1.exec(text);
    if (a) return byWord[a[1]];
    const b = azmlinfsrv.exec(text);
    if (b) return byLetter[b[1]];
    const n = nginx.exec(text);
    if (n) return nginxLevels[n[1]];
    return runitKill.test(text) ? 'error' : undefined;
  }
  if (first === 91 /* [ */) {
    const g = gunicorn.exec(text);
    return g ? byWord[g[1]] : undefined;
  }
  if (first >= 65 && first <= 90) {
    const p = pythonDefault.exec(text);
    return p ? byWord[p[1]] : undefined;
  }
  return undefined;
}
