// The `azureml` DAP session: forwards DAP between the client and debugpy's
// listen port, and adds what debugpy's port does not do by itself: starting
// the container (through a DebuggeeHost handed in), readiness by retrying its
// own connection, gunicorn workers as child sessions, and an exit code with
// the crash's last lines when the container dies. No `vscode` import.
import { DebugSession, Event, ExitedEvent, OutputEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { initialCapabilities, QUIET_WHEN_CLOSED, mergeCapabilities } from './capabilities';
import { connectWithRetry, NotReadyError } from './connectWithRetry';
import type { DapConnection } from './dapConnection';
import {
  CONTAINER_EVENT,
  CONTAINER_EXITED_EVENT,
  type AzuremlAttachArgs,
  type ContainerExitedBody,
  type AzuremlLaunchArgs,
  type ChildSessionStarter,
  type DebuggeeHost,
  type DebuggeeHostFactory,
  type DebugTarget,
  type ExitInfo,
} from './debuggeeHost';
import { childConfiguration, debugpyAttachArguments } from './debugpyArguments';
import { exitReport, exitSentence } from './exitReport';
import { NOT_READY_EVENT, READY_EVENT, WAITING_EVENT, whatListens, type NotReadyBody, type WaitingBody } from './readinessEvents';
import { maskSecretsInText } from '../../core/model/secrets';
import { l10n } from '../../core/l10n';

/** What the session is given by whoever creates it. */
export interface AzuremlSessionOptions {
  hosts?: DebuggeeHostFactory;
  /** Opens a worker as a child session; without it the `startDebugging` reverse request is used. */
  startChild?: ChildSessionStarter;
  /** Readiness timeout when the configuration names none. */
  defaultReadyTimeoutMs?: number;
}

const DEFAULT_READY_TIMEOUT_MS = 30000;
/** How long a first attempt may go unanswered before the wait is announced. */
const ANNOUNCE_AFTER_MS = 500;

export class AzuremlDebugSession extends DebugSession {
  private debugpy?: DapConnection;
  private host?: DebuggeeHost;
  private target?: DebugTarget;
  private clientArgs: DP.InitializeRequestArguments = { adapterID: 'azureml' };
  private attachArgs: Record<string, unknown> = {};
  private ending = false;
  private terminated = false;
  /** launch or attach has arrived: before it, the client may not be listening for `terminated` yet. */
  private started = false;
  /** The parent ended before this worker's attach arrived: the attach answers and ends at once. */
  private orphaned = false;
  /** Aborts the readiness wait when the session is stopped during it. */
  private readonly waiting = new AbortController();

  constructor(private readonly options: AzuremlSessionOptions = {}) {
    super();
  }

  protected override dispatchRequest(request: DP.Request): void {
    switch (request.command) {
      case 'initialize':
        this.clientArgs = (request.arguments ?? {}) as DP.InitializeRequestArguments;
        this.respond(request, true, undefined, initialCapabilities());
        return;
      case 'launch':
      case 'attach':
        this.started = true;
        if (this.orphaned) {
          this.respond(request, true);
          this.endSession();
          return;
        }
        if (request.command === 'attach') void this.attach(request, (request.arguments ?? {}) as AzuremlAttachArgs);
        else void this.launch(request, (request.arguments ?? {}) as AzuremlLaunchArgs);
        return;
      case 'disconnect':
      case 'terminate':
        void this.disconnect(request);
        return;
      case 'restart':
        void this.restart(request);
        return;
      default:
        void this.forward(request);
    }
  }

  private async launch(request: DP.Request, args: AzuremlLaunchArgs): Promise<void> {
    if (!this.options.hosts) return this.fail(request, l10n.t('This adapter was started without a Docker connection, so it cannot launch containers.'));
    const host = (this.host = this.options.hosts.forLaunch(args));
    let target: DebugTarget;
    try {
      target = await host.start((text, category) => this.sendEvent(new OutputEvent(text, category)));
    } catch (err) {
      await host.dispose();
      return this.fail(request, (err as Error).message);
    }
    this.announce(target);
    const mappings = args.pathMappings ?? target.pathMappings ?? [];
    await this.connectAndAttach(request, target, debugpyAttachArguments(args as Record<string, unknown>, mappings, false), args.readyTimeout);
  }

  private async attach(request: DP.Request, args: AzuremlAttachArgs): Promise<void> {
    let target: DebugTarget;
    if (args.connect) {
      target = { host: args.connect.host, port: args.connect.port, containerPort: args.remotePort ?? args.connect.port, notes: [] };
    } else if (args.container) {
      const factory = this.options.hosts?.forContainer;
      if (!factory) return this.fail(request, l10n.t('Attaching by container name needs a Docker connection; give "host" and "port" instead.'));
      this.host = factory.call(this.options.hosts, args);
      try {
        target = await this.host.start((text, category) => this.sendEvent(new OutputEvent(text, category)));
      } catch (err) {
        await this.host.dispose();
        return this.fail(request, (err as Error).message);
      }
      this.announce(target);
    } else {
      const port = args.port ?? 5678;
      target = { host: args.host ?? '127.0.0.1', port, containerPort: args.remotePort ?? port, notes: [] };
    }
    const mappings = args.pathMappings ?? target.pathMappings ?? [];
    // Without a container log stream, debugpy's own output redirection is the only output.
    await this.connectAndAttach(request, target, debugpyAttachArguments(args, mappings, !this.host), args.readyTimeout);
  }

  /** Readiness, then the attach ordering: `initialized` arrives before the attach response. */
  private async connectAndAttach(request: DP.Request, target: DebugTarget, attachArgs: Record<string, unknown>, readyTimeout?: number): Promise<void> {
    this.target = target;
    this.attachArgs = attachArgs;
    const timeoutMs = readyTimeout !== undefined ? readyTimeout * 1000 : (this.options.defaultReadyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
    let announced = false;
    // An attach to an address (no container of ours to watch): the editor shows the wait and, at the timeout, what listens there.
    // A port-forward's local port (remotePort given) is not an address the user chose: its failure keeps the plain error.
    const byAddress = request.command === 'attach' && !this.host && (request.arguments as AzuremlAttachArgs | undefined)?.remotePort === undefined;
    const where: WaitingBody = { host: target.host, port: target.port, timeoutSeconds: Math.round(timeoutMs / 1000) };
    const announce = () => {
      if (announced) return;
      announced = true;
      this.console(l10n.t('Waiting for debugpy on {0}:{1}...', target.host, String(target.port)));
      if (byAddress) this.sendEvent(new Event(WAITING_EVENT, where));
    };
    // A peer that accepts and says nothing holds the first attempt to the deadline: announce the wait by time too.
    const announceTimer = setTimeout(announce, ANNOUNCE_AFTER_MS);
    try {
      const ready = await connectWithRetry({
        host: target.host,
        port: target.port,
        timeoutMs,
        signal: this.waiting.signal,
        initializeArgs: { ...this.clientArgs, adapterID: 'debugpy', clientID: this.clientArgs.clientID ?? 'azureml' },
        onRetry: announce,
        giveUp: async () => {
          if (this.ending) return l10n.t('The session was stopped while waiting for debugpy.');
          const never = this.host?.notDebuggable?.();
          if (never) return never;
          const info = await this.host?.exitInfo().catch(() => undefined);
          if (!info || info.running) return undefined;
          this.announceExit(info);
          return `${l10n.t('{0} before debugpy answered.', exitSentence(info))}${info.cause ? ` ${info.cause}` : ''}`;
        },
      });
      clearTimeout(announceTimer);
      this.debugpy = ready.connection;
      if (announced && byAddress) this.sendEvent(new Event(READY_EVENT, where));
      ready.connection.setListener({
        onEvent: (e) => void this.onDebugpyEvent(e),
        onRequest: (r) => this.onDebugpyRequest(r),
        onClose: () => void this.onDebugpyClosed(),
      });
      this.sendEvent({ type: 'event', seq: 0, event: 'capabilities', body: { capabilities: mergeCapabilities(ready.capabilities) } } as DP.CapabilitiesEvent);
      for (const e of ready.earlyEvents) void this.onDebugpyEvent(e);
    } catch (err) {
      clearTimeout(announceTimer);
      if (this.ending) {
        // Stopped while waiting (by the user, or with the parent session): nothing failed.
        this.respond(request, true);
        return this.endSession();
      }
      const message = err instanceof NotReadyError ? err.message : String(err);
      if (byAddress && err instanceof NotReadyError && !err.gaveUp) {
        const body: NotReadyBody = { ...where, listener: whatListens(err.reason), reason: err.reason };
        this.sendEvent(new Event(NOT_READY_EVENT, body));
        // The editor's one message says it with the ways out; the client's own error dialog would be a second.
        return this.fail(request, message, false);
      }
      const tail = await this.logTail();
      await this.host?.dispose();
      return this.fail(request, tail ? `${message}\n${l10n.t('Last lines of the container\'s output:')}\n${tail}` : message);
    }
    // Do not wait for the attach response before the configuration phase:
    // debugpy sends `initialized` first and answers attach only after configurationDone.
    const response = await this.debugpy.request('attach', attachArgs);
    if (!response.success && this.debugpy.isClosed) {
      // The debuggee went away while attaching (the session was stopped, or the
      // worker or container died): not a failed start for an error dialog. The
      // close handler ends the session and says how the container ended.
      this.respond(request, true);
      return;
    }
    this.respond(request, response.success, response.message, response.body);
  }

  private async onDebugpyEvent(event: DP.Event): Promise<void> {
    if (event.event === 'debugpyAttach') return this.startWorkerSession(event.body as Record<string, unknown>);
    if (event.event === 'terminated') {
      // The debuggee ended by itself: report how, once.
      if (this.host && !this.ending) await this.reportExit(false);
      return this.endSession();
    }
    if (event.event === 'exited' && this.host) return; // reportExit sends the container's own exit code
    // The debuggee's own output (redirectOutput, an attach by address): masked as the log panel's lines are.
    const output = event.event === 'output' ? (event as DP.OutputEvent).body : undefined;
    if (output && typeof output.output === 'string') output.output = maskSecretsInText(output.output);
    this.sendEvent(event);
  }

  /**
   * debugpy 1.8+ asks for a forked worker's session with the standard
   * `startDebugging` reverse request when the client supports it (older ones
   * send a `debugpyAttach` event); both carry the same attach configuration.
   */
  private onDebugpyRequest(request: DP.Request): void {
    const args = request.arguments as DP.StartDebuggingRequestArguments | undefined;
    if (request.command !== 'startDebugging' || !args?.configuration) {
      this.debugpy?.respond(request, false, l10n.t('"{0}" is not supported by the azureml debugger.', request.command));
      return;
    }
    this.debugpy?.respond(request, true);
    void this.startWorkerSession(args.configuration);
  }

  /** A gunicorn worker forked: it waits for its own session before running init(). */
  private async startWorkerSession(body: Record<string, unknown>): Promise<void> {
    const target = this.target;
    if (!target) return;
    const config = childConfiguration(body, target, this.host, this.attachArgs) as AzuremlAttachArgs & { name: string };
    if (this.options.startChild) {
      const ok = await this.options.startChild(config).catch(() => false);
      if (!ok) this.console(l10n.t('Could not open a session for {0}; it stays blocked until a debugger attaches.', String(config.name)), 'stderr');
      return;
    }
    if (this.clientArgs.supportsStartDebuggingRequest) {
      this.sendRequest('startDebugging', { request: 'attach', configuration: config }, 30000, (r) => {
        if (!r.success) this.console(l10n.t('The client refused a session for {0}: {1}', String(config.name), r.message ?? ''), 'stderr');
      });
      return;
    }
    this.console(l10n.t('{0} is waiting for a debugger, but this client cannot open child sessions.', String(config.name)), 'stderr');
  }

  /** The socket closed without a `terminated` event: the container (or worker) died. */
  private async onDebugpyClosed(): Promise<void> {
    if (this.ending || this.terminated) return;
    if (this.host) await this.reportExit(true);
    else if (this.target) {
      // Attached by address (a port-forward, a process of the user's): only the connection's end is known.
      this.console(l10n.t('The connection to debugpy at {0}:{1} closed without the debuggee ending the session: the session ends.', this.target.host, String(this.target.port)), 'stderr');
    }
    this.endSession();
  }

  /** Sends the container's exit code and last lines, waiting briefly for Docker to see the exit. */
  private async reportExit(socketClosed: boolean): Promise<void> {
    const host = this.host;
    if (!host) return;
    let info = await host.exitInfo().catch(() => undefined);
    for (let i = 0; i < 30 && info?.running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      info = await host.exitInfo().catch(() => undefined);
    }
    if (!info) return;
    const report = exitReport(info, socketClosed);
    if (report) this.console(report, 'stderr');
    if (info.engineLost || info.running) return;
    this.announceExit(info);
    this.sendEvent(new ExitedEvent(info.exitCode ?? -1));
  }

  /** Notes for the Debug Console, and the container for the editor to follow (the log panel). */
  private announce(target: DebugTarget): void {
    for (const note of target.notes) this.console(note);
    if (target.container) this.sendEvent(new Event(CONTAINER_EVENT, target.container));
  }

  /** The container died by itself (not stopped by us): the editor shows its output. */
  private announceExit(info: ExitInfo): void {
    const id = this.target?.container?.id;
    if (!id) return;
    const body: ContainerExitedBody = { id, exitCode: info.exitCode };
    this.sendEvent(new Event(CONTAINER_EXITED_EVENT, body));
  }

  private endSession(): void {
    if (this.terminated) return;
    this.terminated = true;
    // What the clean-up could not do is said before the session's end (after it, the client no longer listens).
    const disposed = this.host?.dispose() ?? Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    void Promise.race([disposed, new Promise((r) => (timer = setTimeout(r, 3000)))]).then(() => {
      clearTimeout(timer);
      this.tellLeftBehind();
      this.sendEvent(new TerminatedEvent());
    });
  }

  private tellLeftBehind(): void {
    const left = this.host?.leftBehind?.();
    if (left) this.console(left, 'stderr');
  }

  /**
   * The session this one is a child of (a gunicorn worker's parent) ended:
   * stop waiting for or talking to debugpy and end quietly; the container is
   * the parent's to remove.
   */
  parentEnded(): void {
    if (this.terminated) return;
    if (!this.started) {
      // A `terminated` event now could reach VS Code before it listens, leaving the session open for good.
      this.orphaned = true;
      return;
    }
    this.ending = true;
    this.waiting.abort();
    this.debugpy?.close();
    this.endSession();
  }

  private async disconnect(request: DP.Request): Promise<void> {
    this.ending = true;
    this.waiting.abort();
    const connection = this.debugpy;
    if (connection && !connection.isClosed) {
      // A container we started is removed below; never ask debugpy to kill a process we only attached to.
      const args = { ...(request.arguments as DP.DisconnectArguments | undefined), terminateDebuggee: false };
      await Promise.race([connection.request('disconnect', args), new Promise((r) => setTimeout(r, 2000))]);
      connection.close();
    }
    await this.host?.dispose();
    this.tellLeftBehind();
    this.terminated = true;
    this.respond(request, true);
  }

  private async restart(request: DP.Request): Promise<void> {
    if (!this.host?.restartServer) return this.fail(request, l10n.t('Restart needs a container started or found by this session.'));
    try {
      await this.host.restartServer();
      this.console(l10n.t('Restarted the server process; workers come back as new sessions.'));
      this.respond(request, true);
    } catch (err) {
      this.fail(request, l10n.t('Restart failed: {0}', (err as Error).message));
    }
  }

  private async forward(request: DP.Request): Promise<void> {
    if (!this.debugpy) return this.fail(request, l10n.t('The debugger is not connected yet.'));
    const r = await this.debugpy.request(request.command, request.arguments);
    const quiet = QUIET_WHEN_CLOSED[request.command];
    // The client's configuration phase racing the end of the session (stopped while a worker attaches): nothing to report.
    if (!r.success && quiet && this.debugpy.isClosed) return this.respond(request, true, undefined, quiet());
    this.respond(request, r.success, r.message, r.body);
  }

  private async logTail(): Promise<string> {
    const info = await this.host?.exitInfo().catch(() => undefined);
    return info ? info.logTail.slice(-20).join('\n') : '';
  }

  // What the adapter says itself quotes the engine and the container (an error, a cause, last lines): masked.
  private console(text: string, category: 'console' | 'stderr' = 'console'): void {
    this.sendEvent(new OutputEvent(`${maskSecretsInText(text)}\n`, category));
  }

  /** Fails `request`; `showUser` false asks the client not to show the message (VS Code honours it, #128484). */
  private fail(request: DP.Request, failure: string, showUser = true): void {
    const message = maskSecretsInText(failure);
    this.respond(request, false, message, showUser ? undefined : { error: { id: 1, format: message, showUser: false } });
    // A failed launch or attach ends the session; nothing is left running.
    if (request.command === 'launch' || request.command === 'attach') this.endSession();
  }

  private respond(request: DP.Request, success: boolean, message?: string, body?: unknown): void {
    const response: DP.Response = { type: 'response', seq: 0, request_seq: request.seq, command: request.command, success };
    if (message !== undefined) response.message = message;
    if (body !== undefined) response.body = body;
    this.sendResponse(response);
  }
}
