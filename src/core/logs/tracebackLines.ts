// Sets Python tracebacks apart in a stream of output lines, one line at a
// time (the log arrives in pieces), and reads each frame's file and line so
// the panel can link it. One tracker per stream: stdout and stderr interleave.

/** The part a line plays in a traceback. */
export type TracebackRole = 'start' | 'frame' | 'code' | 'exception' | 'chain';

/** A `File "...", line N, in f` frame; `start`/`end` span `"path", line N` in the line. */
export interface TracebackFrame {
  readonly path: string;
  readonly line: number;
  readonly func?: string;
  readonly start: number;
  readonly end: number;
}

/** What the tracker makes of one line. */
export interface TracebackLineInfo {
  readonly role?: TracebackRole;
  readonly frame?: TracebackFrame;
}

const startMarker = 'Traceback (most recent call last):';
const frameLine = /^(\s+File )("([^"]+)", line (\d+))(?:, in (.+))?$/;
// `ValueError: msg`, `pkg.mod.Error: msg`, `KeyboardInterrupt`.
const exceptionLine = /^[A-Za-z_][\w.]*(?::.*)?$/;
const chainLines = [
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
];

const none: TracebackLineInfo = {};

/** Parses a frame line on its own (also used for lines already classified). */
export function parseFrame(text: string): TracebackFrame | undefined {
  const m = frameLine.exec(text);
  if (!m) return undefined;
  const start = m[1].length;
  return { path: m[3], line: Number(m[4]), func: m[5], start, end: start + m[2].length };
}

/** Follows one stream's lines and says which belong to a traceback. */
export class TracebackTracker {
  // idle: outside; inside: between the Traceback line and the exception line;
  // after: just after an exception line, where a chained traceback may follow.
  private state: 'idle' | 'inside' | 'after' = 'idle';

  /**
   * Classifies the next line. `declaresLevel` says the line starts a new log
   * record (it has its own level prefix), which ends an unfinished traceback.
   */
  next(text: string, declaresLevel: boolean): TracebackLineInfo {
    if (text.includes(startMarker)) {
      this.state = 'inside';
      return { role: 'start' };
    }
    switch (this.state) {
      case 'idle':
        return none;
      case 'after':
        if (chainLines.includes(text.trim())) return { role: 'chain' };
        if (text.trim() === '') return none;
        this.state = 'idle';
        return none;
      case 'inside': {
        if (declaresLevel || text.trim() === '') {
          this.state = 'idle';
          return none;
        }
        const frame = parseFrame(text);
        if (frame) return { role: 'frame', frame };
        const c = text.charCodeAt(0);
        if (c === 32 || c === 9) return { role: 'code' };
        this.state = exceptionLine.test(text) ? 'after' : 'idle';
        return this.state === 'after' ? { role: 'exception' } : none;
      }
    }
  }

  /** Forgets any open traceback (a reconnect, a restart). */
  reset(): void {
    this.state = 'idle';
  }
}
