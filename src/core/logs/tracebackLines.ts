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

// The grammar of a Python traceback, token by token. The panel classifies
// lines with it as they arrive; crash analysis (crash/traceback) builds whole
// chains from the same pieces.

/** The line that opens a traceback (it may follow a record prefix). */
export const tracebackStart = 'Traceback (most recent call last):';
const frameLine = /^(\s+File )("([^"]+)", line (\d+))(?:, in (.+?))?\s*$/;
// `ValueError: msg`, `pkg.mod.Error: msg`, `KeyboardInterrupt`.
const exceptionLine = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
const chainLines = [
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
];

/** True for the sentence that joins two tracebacks of one chain. */
export function isChainLine(text: string): boolean {
  return chainLines.includes(text.trim());
}

/** A line read as an exception line (`Type` or `Type: message`), or undefined. */
export function exceptionOf(text: string): { type: string; message: string } | undefined {
  const m = exceptionLine.exec(text);
  return m ? { type: m[1], message: m[2] ?? '' } : undefined;
}

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
    if (text.includes(tracebackStart)) {
      this.state = 'inside';
      return { role: 'start' };
    }
    switch (this.state) {
      case 'idle':
        return none;
      case 'after':
        if (isChainLine(text)) return { role: 'chain' };
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
