// Where run() stands in a debug session, for a 408 that came while the user
// was debugging: a request cut off at request_timeout_ms is most often one
// sitting at a breakpoint in run(). Asked through DAP (threads, stackTrace);
// a thread that is not paused has no stack to give and is passed over.

/** Sends one DAP request (a session's customRequest). */
export type DapRequest = (command: string, args?: unknown) => Thenable<unknown> | Promise<unknown>;

interface Frame {
  name: string;
  line: number;
  source?: { path?: string; name?: string };
}

/** The innermost frame of a function named `run` on any paused thread, as `score.py:31`; undefined when none. */
export async function runFrameOf(request: DapRequest): Promise<string | undefined> {
  let threads: { id: number }[] = [];
  try {
    threads = ((await request('threads')) as { threads?: { id: number }[] }).threads ?? [];
  } catch {
    return undefined;
  }
  for (const t of threads) {
    let frames: Frame[] = [];
    try {
      frames = ((await request('stackTrace', { threadId: t.id, startFrame: 0, levels: 40 })) as { stackFrames?: Frame[] }).stackFrames ?? [];
    } catch {
      continue; // running, not paused
    }
    const run = frames.find((f) => f.name === 'run');
    if (run) {
      const file = run.source?.name ?? run.source?.path?.split(/[\\/]/).pop() ?? '?';
      return `${file}:${run.line}`;
    }
  }
  return undefined;
}
