// Whether the debug bootstrap armed the server, read from the debug
// container's output as it arrives. The bootstrap says so itself
// ("azureml-debug: debugpy … listens on …", or "azureml-debug: the debugger
// could not start: …"), and it holds the server until the debugger attaches,
// so a server that starts serving (gunicorn's "Listening at:"/"Booting
// worker", azmlinfsrv's banner) before either line was never armed: it is not
// a program the bootstrap knows. Saying so at once beats a 30 s wait for a
// port nothing will ever open.
import { stripTransportTime } from '../logs/logTime';
import { l10n } from '../l10n';

export type ArmingState =
  | { state: 'pending' }
  | { state: 'armed'; origin: string }
  | { state: 'failed'; reason: string }
  | { state: 'unarmed'; evidence: string };

const ARMED = /^azureml-debug: debugpy \S+ \(([^)]*)\) listens on /;
const FAILED = /^azureml-debug: the debugger could not start: (.*)$/;
// Lines only a server that is already starting its workers prints.
// gunicorn's (plain `[INFO] Listening at:` or azmlinfsrv's `I [9] gunicorn.error - Listening at:`),
// azmlinfsrv's banner, and the start lines of the other Python servers an image may run
// instead (uvicorn, Flask's and Werkzeug's development server, waitress).
const SERVING = [
  /\bListening at: http/,
  /\bBooting worker with pid/,
  /^Azure ML Inferencing HTTP server v/,
  /\bUvicorn running on http/,
  /^ \* Running on http/,
  /\bServing on http:\/\//,
];

/** Feeds output in chunks (as Docker delivers it); `state` is final once not pending. */
export class ArmingWatch {
  private partial = '';
  private current: ArmingState = { state: 'pending' };

  get state(): ArmingState {
    return this.current;
  }

  feed(text: string): void {
    if (this.current.state !== 'pending') return;
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    // A line longer than this is not one of ours; keep memory bounded.
    if (this.partial.length > 4096) this.partial = '';
    for (const line of lines) {
      this.current = judge(stripTransportTime(line));
      if (this.current.state !== 'pending') return;
    }
  }
}

function judge(line: string): ArmingState {
  const armed = ARMED.exec(line);
  if (armed) return { state: 'armed', origin: armed[1] };
  const failed = FAILED.exec(line);
  if (failed) return { state: 'failed', reason: failed[1] };
  if (SERVING.some((re) => re.test(line))) return { state: 'unarmed', evidence: line.trim() };
  return { state: 'pending' };
}

/** The message for a launch that will never reach debugpy, or undefined while it still may. */
export function armingProblem(state: ArmingState, programs: readonly string[]): string | undefined {
  if (state.state === 'failed') {
    return /has no debugpy and the extension carries none/.test(state.reason)
      ? l10n.t('The image has no debugpy, and this build of the extension carries none (scripts/setup/debugpy.sh was not run): add the pip package \'debugpy\' to the environment\'s conda file, or rebuild the extension.')
      : l10n.t('debugpy could not start in the container: {0}', state.reason);
  }
  if (state.state === 'unarmed') {
    return l10n.t(
      'The server in this image started without the debugger: it is not run by {0}, the programs the debugger arms (it printed "{1}"). Start debugpy yourself in the image and use an "attach" configuration.',
      programs.join(', '),
      state.evidence.slice(0, 160),
    );
  }
  return undefined;
}
