// Which process of a container is the scoring server, from a process table
// (`docker top` with `-o pid,ppid,args`, or the same columns read inside the
// container), and so how it can be restarted in place: SIGHUP to PID 1 when
// PID 1 is the gunicorn master; under runit (Azure ML's own images, PID 1
// `runsvdir`, which exits on SIGHUP and takes the container down) the
// azmlinfsrv master is ended and runit starts gunicorn/run again.

/** What Docker's /containers/{id}/top answers. */
export interface ProcessTable {
  Titles: string[];
  Processes: string[][];
}

/** The scoring server of a process table. */
export interface ServerProcess {
  /**
   * `gunicorn-master-as-pid1`: SIGHUP to the container reloads the workers
   * (gunicorn itself, or azmlinfsrv run as the container's command).
   * `azmlinfsrv-under-runit`: PID 1 is runsvdir; `pid` is the server's master
   * (azmlinfsrv runs gunicorn inside its own Python process, so argv says
   * `azmlinfsrv`), whose clean exit runit answers by starting it again.
   * `unknown`: neither; nothing is safe to signal.
   */
  kind: 'gunicorn-master-as-pid1' | 'azmlinfsrv-under-runit' | 'unknown';
  /** PID of the server's master, as the table numbers it (host PIDs from `docker top`). */
  pid?: string;
  /** Command line of the container's first process, for messages. */
  pid1?: string;
}

interface Row {
  pid: string;
  ppid: string;
  args: string;
}

function rows(top: ProcessTable): Row[] | undefined {
  const col = (name: RegExp) => top.Titles.findIndex((t) => name.test(t.trim()));
  const pid = col(/^PID$/i);
  const ppid = col(/^PPID$/i);
  const cmd = col(/^(COMMAND|CMD|ARGS)$/i);
  if (pid < 0 || ppid < 0 || cmd < 0) return undefined;
  return top.Processes.map((p) => ({ pid: p[pid], ppid: p[ppid], args: p[cmd] ?? '' }));
}

/** The first process of a table: PID 1 read inside the container, else the one whose parent is outside it (`docker top`). */
function first(table: Row[]): Row | undefined {
  // Inside, an exec'd process has parent 0 as well as PID 1.
  const one = table.find((p) => p.pid === '1' && p.ppid === '0');
  if (one) return one;
  const pids = new Set(table.map((p) => p.pid));
  return table.find((p) => !pids.has(p.ppid));
}

const GUNICORN = /(^|[\s/])gunicorn(\s|$)/;
const RUNSVDIR = /(^|\/)runsvdir(\s|$)/;
// The interpreter running the azmlinfsrv entry point (`.../bin/python .../bin/azmlinfsrv --entry_script ...`) or the script itself.
const AZMLINFSRV = /(^|[\s/])azmlinfsrv(\s|$)/;

/** Whether a command line runs `name`: as its program, or as the script or `-m` module of a Python interpreter. */
function programIs(args: string, name: string): boolean {
  const words = args.trim().split(/\s+/);
  const base = (w: string | undefined) => (w ?? '').split('/').pop();
  if (base(words[0]) === name) return true;
  if (!/^python[\d.]*$/.test(base(words[0]) ?? '')) return false;
  for (let i = 1; i < words.length; i++) {
    if (words[i] === '-m') return words[i + 1] === name;
    if (!words[i].startsWith('-')) return base(words[i]) === name;
  }
  return false;
}

/** Finds the scoring server in a process table and says how it can be restarted in place. */
export function serverProcess(top: ProcessTable): ServerProcess {
  const table = rows(top);
  const root = table && first(table);
  if (!table || !root) return { kind: 'unknown' };
  // azmlinfsrv is a gunicorn master too (gunicorn runs inside its process): `docker run IMAGE azmlinfsrv ...`.
  // PID 1 must be the server itself, not a process that names it (`docker-init -- azmlinfsrv ...`, `sh -c "azmlinfsrv ..."`).
  if (GUNICORN.test(root.args) || programIs(root.args, 'azmlinfsrv')) return { kind: 'gunicorn-master-as-pid1', pid: root.pid, pid1: root.args };
  if (RUNSVDIR.test(root.args)) {
    // The master is the azmlinfsrv process whose parent is not itself azmlinfsrv (its workers are its forks).
    const byPid = new Map(table.map((p) => [p.pid, p]));
    const master = table.find((p) => AZMLINFSRV.test(p.args) && !AZMLINFSRV.test(byPid.get(p.ppid)?.args ?? ''));
    // Never runsvdir itself: SIGHUP or SIGTERM to it stops the container.
    if (master && master.pid !== root.pid) return { kind: 'azmlinfsrv-under-runit', pid: master.pid, pid1: root.args };
  }
  return { kind: 'unknown', pid1: root.args };
}

/** The command line of the container's first process (the one whose parent is outside the container). */
export function firstProcess(top: ProcessTable): string | undefined {
  const table = rows(top);
  return table && first(table)?.args;
}

/** True when PID 1 is a gunicorn master (`gunicorn ...` or `python -m gunicorn ...`). */
export function pid1IsGunicorn(top: ProcessTable): boolean {
  return serverProcess(top).kind === 'gunicorn-master-as-pid1';
}
