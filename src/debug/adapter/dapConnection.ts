// One DAP connection to debugpy over a socket: Content-Length framing, our own
// request sequence numbers, responses matched to their requests, and events
// and reverse requests handed to the owner. Knows nothing of the session.
import type * as net from 'node:net';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { l10n } from '../../core/l10n';

/** What a connection reports to whoever owns it. */
export interface DapConnectionListener {
  onEvent(event: DP.Event): void;
  /** A reverse request from the debugger; unanswered ones are refused by the connection. */
  onRequest?(request: DP.Request): void;
  /** The socket closed; `gotData` says whether any message ever arrived. */
  onClose(gotData: boolean): void;
}

/** A framed DAP stream over an already connected socket. */
export class DapConnection {
  private buffer = Buffer.alloc(0);
  private seq = 1;
  private readonly pending = new Map<number, (r: DP.Response) => void>();
  private closed = false;
  /** True once any complete message has arrived. */
  gotData = false;

  constructor(
    readonly socket: net.Socket,
    private listener: DapConnectionListener,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.onClosed());
    // An error is followed by 'close'; without a handler it would throw.
    socket.on('error', () => undefined);
  }

  /** Replaces the listener (the readiness phase hands over to the session). */
  setListener(listener: DapConnectionListener): void {
    this.listener = listener;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a request; resolves with the response, successful or not. */
  request(command: string, args?: unknown): Promise<DP.Response> {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve({ type: 'response', seq: 0, request_seq: 0, command, success: false, message: l10n.t('The debugger connection is closed.') });
        return;
      }
      const seq = this.seq++;
      this.pending.set(seq, resolve);
      this.write({ type: 'request', seq, command, arguments: args });
    });
  }

  /** Closes the socket (the close is then reported to the listener). */
  close(): void {
    this.socket.end();
    // A peer that never answers the FIN must not keep the socket forever.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private write(message: object): void {
    const json = JSON.stringify(message);
    this.socket.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`, 'utf8');
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.toString('ascii', 0, headerEnd);
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) {
        // Not DAP: drop the header and go on rather than stall forever.
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.toString('utf8', start, start + length);
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(body);
    }
  }

  private dispatch(body: string): void {
    let message: DP.ProtocolMessage;
    try {
      message = JSON.parse(body) as DP.ProtocolMessage;
    } catch {
      return;
    }
    this.gotData = true;
    if (message.type === 'response') {
      const response = message as DP.Response;
      const resolve = this.pending.get(response.request_seq);
      this.pending.delete(response.request_seq);
      resolve?.(response);
    } else if (message.type === 'event') {
      this.listener.onEvent(message as DP.Event);
    } else if (message.type === 'request') {
      const request = message as DP.Request;
      if (this.listener.onRequest) this.listener.onRequest(request);
      else this.respond(request, false, 'Not supported by this client.');
    }
  }

  /** Answers a reverse request. */
  respond(request: DP.Request, success: boolean, message?: string): void {
    if (this.closed) return;
    this.write({ type: 'response', seq: 0, request_seq: request.seq, command: request.command, success, ...(message ? { message } : {}) });
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [seq, resolve] of this.pending) {
      resolve({ type: 'response', seq: 0, request_seq: seq, command: '', success: false, message: l10n.t('The debugger connection closed.') });
    }
    this.pending.clear();
    this.listener.onClose(this.gotData);
  }
}
