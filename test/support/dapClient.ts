// A DebugClient (from @vscode/debugadapter-testsupport) that also answers the
// adapter's `startDebugging` reverse requests the way VS Code does (a new
// adapter process attached with the given configuration), and that records
// every event so a test can wait for one that already arrived.
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';

export const ADAPTER = path.resolve(__dirname, '../../../dist/debugAdapter.js');

/** Breakpoints a session sets during its configuration phase, per file. */
export type Breakpoints = Record<string, number[]>;

export class TestDapClient extends DebugClient {
  readonly events: DP.Event[] = [];
  readonly children: TestDapClient[] = [];
  private readonly childWaiters: ((c: TestDapClient) => void)[] = [];

  constructor(
    private readonly breakpoints: Breakpoints,
    env: NodeJS.ProcessEnv = {},
  ) {
    super('node', ADAPTER, 'azureml', { env: { ...process.env, ...env } }, true);
    this.defaultTimeout = 60000;
    // Runtime hook: ProtocolClient treats reverse requests as unknown responses.
    const self = this as unknown as { dispatch(body: string): void };
    const original = self.dispatch.bind(this);
    self.dispatch = (body: string) => {
      const message = JSON.parse(body) as DP.ProtocolMessage;
      if (message.type === 'request') void this.onReverseRequest(message as DP.Request, env);
      else {
        if (message.type === 'event') this.events.push(message as DP.Event);
        original(body);
      }
    };
  }

  /** Waits for an event (also one that already arrived) matching `predicate`. */
  async event(name: string, predicate: (e: DP.Event) => boolean = () => true, ms = 60000, from = 0): Promise<DP.Event> {
    const end = Date.now() + ms;
    for (;;) {
      const found = this.events.slice(from).find((e) => e.event === name && predicate(e));
      if (found) return found;
      if (Date.now() > end) throw new Error(`no '${name}' event within ${ms} ms; got: ${this.events.map((e) => e.event).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** All console/stdout/stderr text received so far. */
  output(): string {
    return this.events
      .filter((e) => e.event === 'output')
      .map((e) => (e as DP.OutputEvent).body.output)
      .join('');
  }

  /** The next child session (a gunicorn worker), once it is configured. */
  nextChild(ms = 60000): Promise<TestDapClient> {
    const ready = this.children.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no child session within ${ms} ms`)), ms);
      this.childWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  /** initialize + launch/attach + breakpoints + configurationDone, in the order VS Code uses. */
  async configure(request: 'launch' | 'attach', args: Record<string, unknown>): Promise<DP.Response> {
    await this.initializeRequest({ adapterID: 'azureml', clientID: 'test', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsStartDebuggingRequest: true, supportsRunInTerminalRequest: false });
    const started = request === 'launch' ? this.launchRequest(args as DP.LaunchRequestArguments) : this.attachRequest(args as DP.AttachRequestArguments);
    // A failed start answers without `initialized`: surface that failure instead of a timeout.
    const initialized = this.event('initialized', () => true, 90000);
    const first = await Promise.race([started.then(() => 'started'), initialized.then(() => 'initialized')]);
    if (first === 'initialized') {
      for (const [file, lines] of Object.entries(this.breakpoints)) {
        await this.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
      }
      await this.setExceptionBreakpointsRequest({ filters: [] });
      await this.configurationDoneRequest();
    }
    return started;
  }

  private async onReverseRequest(request: DP.Request, env: NodeJS.ProcessEnv): Promise<void> {
    const args = request.arguments as DP.StartDebuggingRequestArguments;
    this.reply({ type: 'response', seq: 0, request_seq: request.seq, command: request.command, success: request.command === 'startDebugging' });
    if (request.command !== 'startDebugging') return;
    const child = new TestDapClient(this.breakpoints, env);
    await child.start();
    await child.configure('attach', args.configuration);
    const waiter = this.childWaiters.shift();
    if (waiter) waiter(child);
    else this.children.push(child);
  }

  private reply(message: DP.Response): void {
    const json = JSON.stringify(message);
    const out = (this as unknown as { outputStream: NodeJS.WritableStream }).outputStream;
    out.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`, 'utf8');
  }
}
