// Whether a container's PID 1 is the gunicorn master, from `docker top`
// (`ps -o pid,ppid,args` over the container's processes). Only then does
// SIGHUP to the container reload the scoring script in place. In Azure ML's
// own images PID 1 is runit's `runsvdir`, which exits on SIGHUP and takes
// the container down with it.

/** What Docker's /containers/{id}/top answers. */
export interface ProcessTable {
  Titles: string[];
  Processes: string[][];
}

/** The command line of the container's first process (the one whose parent is outside the container). */
export function firstProcess(top: ProcessTable): string | undefined {
  const col = (name: RegExp) => top.Titles.findIndex((t) => name.test(t));
  const pid = col(/^PID$/i);
  const ppid = col(/^PPID$/i);
  const cmd = col(/^(COMMAND|CMD|ARGS)$/i);
  if (pid < 0 || ppid < 0 || cmd < 0) return undefined;
  const pids = new Set(top.Processes.map((p) => p[pid]));
  return top.Processes.find((p) => !pids.has(p[ppid]))?.[cmd];
}

/** True when PID 1 is a gunicorn master (`gunicorn ...` or `python -m gunicorn ...`). */
export function pid1IsGunicorn(top: ProcessTable): boolean {
  const first = firstProcess(top);
  return !!first && /(^|[\s/])gunicorn(\s|$)/.test(first);
}
