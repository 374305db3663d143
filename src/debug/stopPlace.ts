// Where a debug session stopped, as the walkthrough counts it: in init() or
// in run() of the scoring script, read from the stack VS Code asks for after
// a stop. Plain data in and out (no `vscode`), so it is unit-tested.

/** A stack frame as DAP's stackTrace response gives it (the fields read here). */
export interface StopFrame {
  name: string;
  source?: { path?: string; name?: string };
}

/**
 * 'init' or 'run' when the innermost frame is that function of a Python file
 * and the stop was not an exception (the step is a breakpoint or a step
 * there, not a crash); undefined otherwise.
 */
export function stopPlace(reason: string, frames: readonly StopFrame[]): 'init' | 'run' | undefined {
  if (reason === 'exception') return undefined;
  const top = frames[0];
  if (!top || (top.name !== 'init' && top.name !== 'run')) return undefined;
  const file = top.source?.path ?? top.source?.name ?? '';
  return /\.py$/i.test(file) ? top.name : undefined;
}
