// Readiness done by the session itself: connect, send `initialize`, and if
// the socket closes before any answer (docker-proxy accepts and drops while
// nothing listens inside the container), reconnect with backoff. Never a
// throwaway probe: a client that sends `initialize` then leaves makes
// debugpy's adapter exit and strands the debuggee.
import * as net from 'node:net';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { DapConnection, type DapConnectionListener } from './dapConnection';
import { l10n } from '../../core/l10n';

/** Where to connect and how long to keep trying. */
export interface RetryOptions {
  host: string;
  port: number;
  timeoutMs: number;
  initializeArgs: DP.InitializeRequestArguments;
  /** Called before each new attempt after the first (for progress output). */
  onRetry?(attempt: number, reason: string): void;
  /** Checked between attempts: a reason to stop early (e.g. the container exited). */
  giveUp?(): Promise<string | undefined>;
  /** Ends the attempt in flight at once (a silent peer would otherwise hold it to the deadline); `giveUp` then says why. */
  signal?: AbortSignal;
}

/** A connection that answered `initialize`, with the events that came before the answer. */
export interface ReadyConnection {
  connection: DapConnection;
  capabilities: DP.Capabilities;
  earlyEvents: DP.Event[];
  attempts: number;
}

/** Raised when debugpy never answered; `reason` is the last thing seen. */
export class NotReadyError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly gaveUp: boolean,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Connects to debugpy and completes `initialize`, retrying until `timeoutMs`. */
export async function connectWithRetry(options: RetryOptions): Promise<ReadyConnection> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 50;
  let attempt = 0;
  let reason = l10n.t('no attempt was made');
  for (;;) {
    attempt++;
    if (attempt > 1) options.onRetry?.(attempt, reason);
    const outcome = await tryOnce(options, deadline);
    if ('connection' in outcome) return { ...outcome, attempts: attempt };
    reason = outcome.reason;
    const stop = await options.giveUp?.();
    if (stop) throw new NotReadyError(stop, reason, true);
    if (options.signal?.aborted) throw new NotReadyError(l10n.t('Stopped while waiting for debugpy.'), reason, true);
    if (Date.now() + delay > deadline) {
      throw new NotReadyError(
        l10n.t('debugpy did not answer on {0}:{1} within {2} s (last: {3}).', options.host, String(options.port), Math.round(options.timeoutMs / 1000), reason),
        reason,
        false,
      );
    }
    await sleep(delay);
    // Short steps: debugpy usually listens within a second, and every wasted step is start-up time.
    delay = Math.min(delay * 2, 200);
  }
}

type Attempt = Omit<ReadyConnection, 'attempts'> | { reason: string };

function tryOnce(options: RetryOptions, deadline: number): Promise<Attempt> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    let settled = false;
    const finish = (value: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', aborted);
      if (!('connection' in value)) socket.destroy();
      resolve(value);
    };
    // An attempt may not outlive the deadline (a half-open socket never closes).
    const timer = setTimeout(() => finish({ reason: l10n.t('no answer to initialize') }), Math.max(deadline - Date.now(), 100));
    const aborted = () => finish({ reason: l10n.t('cancelled') });
    if (options.signal?.aborted) aborted();
    options.signal?.addEventListener('abort', aborted, { once: true });
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ reason: err.code ?? err.message }));
    socket.once('connect', () => {
      const earlyEvents: DP.Event[] = [];
      const listener: DapConnectionListener = {
        onEvent: (e) => earlyEvents.push(e),
        onClose: (gotData) => finish({ reason: gotData ? l10n.t('closed after answering') : l10n.t('accepted, then closed with no data') }),
      };
      const connection = new DapConnection(socket, listener);
      void connection.request('initialize', options.initializeArgs).then((response) => {
        if (response.success) finish({ connection, capabilities: (response.body ?? {}) as DP.Capabilities, earlyEvents });
        else if (!connection.isClosed) finish({ reason: l10n.t('initialize failed: {0}', response.message ?? '') });
      });
    });
  });
}
