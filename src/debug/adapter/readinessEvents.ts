// Custom DAP events about waiting for debugpy on an address the session did
// not start (an attach to host:port): the editor shows a cancellable progress
// while it waits and, at the ready timeout, one message saying what listens
// there. No `vscode` here: the glue in src/debug/attachWait.ts renders them.

/** Sent once, when the first connection attempt did not reach debugpy. */
export const WAITING_EVENT = 'azuremlWaiting';
/** Sent when debugpy answered after a {@link WAITING_EVENT}. */
export const READY_EVENT = 'azuremlReady';
/** Sent at the ready timeout, just before the attach fails (its error is then not shown by the client). */
export const NOT_READY_EVENT = 'azuremlNotReady';

/** What was found at the address. */
export type Listener = 'nothing' | 'notDebugpy' | 'unreachable';

/** Body of {@link WAITING_EVENT}. */
export interface WaitingBody {
  host: string;
  port: number;
  timeoutSeconds: number;
}

/** Body of {@link NOT_READY_EVENT}. */
export interface NotReadyBody extends WaitingBody {
  listener: Listener;
  /** The last attempt's outcome, as connectWithRetry names it (ECONNREFUSED, "no answer to initialize", ...). */
  reason: string;
}

/** Reads the last attempt's reason: refused means nothing listens; a socket error code, unreachable; anything else answered but not as debugpy. */
export function whatListens(reason: string): Listener {
  if (reason === 'ECONNREFUSED') return 'nothing';
  if (/^E[A-Z]+$/.test(reason)) return 'unreachable';
  return 'notDebugpy';
}
