// A local stand-in for Azure's front end, in front of a v2 deployment's
// container: a small HTTP proxy on 127.0.0.1 that applies the deployment's
// request_settings as Azure does (core/deploy/frontDoor): 408 past
// request_timeout_ms, 429 past what runs and waits at once, 424 for any
// answer of the container's other than 200. The container is not changed.
// What it cannot reproduce: Azure's auth keys, TLS, traffic splitting
// between deployments, autoscaling, and the network between.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { passedOn, requestTimedOut, tooManyRequests, type FrontDoorAnswer, type FrontDoorRules } from '../core/deploy/frontDoor';

// Hop-by-hop headers a proxy must not pass on (RFC 9110 7.6.1).
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function send(res: ServerResponse, answer: FrontDoorAnswer): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/** A running front door; `url` is its /score. */
export class FrontDoor {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly rules: FrontDoorRules,
    private readonly target: { host: string; port: number },
  ) {
    server.on('request', (req, res) => this.handle(req, res));
  }

  /** Starts a front door on a free port of 127.0.0.1 in front of `target`. */
  static async start(target: { host: string; port: number }, rules: FrontDoorRules): Promise<FrontDoor> {
    const server = createServer();
    const door = new FrontDoor(server, rules, target);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return door;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/score`;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.running >= this.rules.concurrency && this.waiting.length >= this.rules.queue) {
      req.resume();
      return send(res, tooManyRequests(this.rules));
    }
    // The clock runs from arrival, waiting included, as at Azure's front end.
    const timer = setTimeout(() => send(res, requestTimedOut(this.rules)), this.rules.requestTimeoutMs);
    res.on('close', () => clearTimeout(timer));
    const go = () => {
      // Its time ran out while it waited: it never reaches the container, and the next one goes.
      if (res.writableEnded) return void this.waiting.shift()?.();
      this.running++;
      this.forward(req, res, () => {
        clearTimeout(timer);
        this.running--;
        this.waiting.shift()?.();
      });
    };
    if (this.running < this.rules.concurrency) go();
    else this.waiting.push(go);
  }

  /** Passes the request on; `done` once the container has answered in full (its worker is free again) or failed. */
  private forward(req: IncomingMessage, res: ServerResponse, done: () => void): void {
    let finished = false;
    const finish = () => {
      if (!finished) {
        finished = true;
        done();
      }
    };
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !hopByHop.has(k.toLowerCase())));
    const upstream = request({ host: this.target.host, port: this.target.port, path: req.url, method: req.method, headers, agent: false }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        finish();
        if (res.headersSent || res.writableEnded) return; // already answered 408: the late answer is dropped, as Azure drops it
        const mapped = passedOn(up.statusCode ?? 502);
        const passed = Object.fromEntries(Object.entries(up.headers).filter(([k, v]) => v !== undefined && !hopByHop.has(k)));
        res.writeHead(mapped.status, { ...passed, ...mapped.headers });
        res.end(Buffer.concat(chunks));
      });
      up.on('error', finish);
    });
    upstream.on('error', (err) => {
      finish();
      send(res, { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `The container did not answer: ${err.message}` });
    });
    req.pipe(upstream);
  }
}
