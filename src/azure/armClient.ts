// HTTPS to Azure Resource Manager (and the v1 data plane) over node's fetch,
// as the ARM guidelines ask of a client: lists followed through nextLink,
// 429/503 retried after Retry-After (bounded, cancellable), a 401 answered by
// one fresh token then one retry, a 403 explained by the action it lacks,
// long-running operations polled through Azure-AsyncOperation or Location.
// The token comes from a callback (VS Code's Microsoft sign-in in the glue, a
// test server's token in tests); the ARM endpoint is a parameter, for
// sovereign clouds. No token or key reaches a message or a log line.
import { AzureRequestError, cancelledFailure, classifyNetworkError, classifyResponse, operationFailure, timeoutFailure, type CallDescription } from '../core/azure/armErrors';
import type { ArmPage, AsyncOperationStatus } from '../core/azure/armTypes';
import { retryDelayMs } from '../core/azure/retryAfter';
import { l10n } from '../core/l10n';
import { redact } from '../core/model/secrets';

/** Gets a bearer token for the ARM audience; `forceRefresh` after a 401 (the cached one was refused). */
export type TokenSource = (o: { forceRefresh: boolean; signal?: AbortSignal }) => Promise<string>;

/** Settings of an {@link ArmClient}. */
export interface ArmClientOptions {
  /** `https://management.azure.com`, or a sovereign cloud's Resource Manager. */
  armEndpoint: string;
  getToken: TokenSource;
  /** Other origins the token may be sent to (the v1 data plane's region host). Never a nextLink's whim. */
  trustedOrigins?: string[];
  /** Retries of a 429/502/503/504 before giving up (default 3). */
  maxRetries?: number;
  /** Longest single wait (default 60 s) and the sum of waits of one call (default 120 s). */
  maxWaitMs?: number;
  maxTotalWaitMs?: number;
  /** Wait when a 429/503 names none (default 2 s), and the shortest poll of an operation (default 1 s). */
  fallbackWaitMs?: number;
  minPollMs?: number;
  /** Longest wait for a long-running operation (default 30 min). */
  operationTimeoutMs?: number;
  /** Pages followed at most, against a server that loops (default 1000). */
  maxPages?: number;
  /** Where a line per request goes (method, host, path, status, time; never a header or body). */
  log?: (line: string) => void;
  fetch?: typeof fetch;
  /** For tests: how to wait (default: a timer cancelled by the signal). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  userAgent?: string;
}

/** One call. `url` is relative to the ARM endpoint, or absolute on a trusted origin. */
export interface ArmRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  /** What it does, for messages ("list online deployments"). */
  what: string;
  signal?: AbortSignal;
  /** The answer holds secrets: their values are remembered and masked everywhere. */
  secret?: boolean;
}

/** An answer. */
export interface ArmResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

const RETRIED = new Set([429, 502, 503, 504]);

function abortError(signal?: AbortSignal): boolean {
  return !!signal?.aborted;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Every string value under a name that is a secret's, or that looks like a token, in a parsed answer. */
function secretValues(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => secretValues(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && /key|token|secret|password/i.test(k) && !/type|expiry|refresh.*time/i.test(k)) out.add(v);
      else secretValues(v, out);
    }
  }
}

/** The ARM client of one sign-in (one account, one cloud). */
export class ArmClient {
  private readonly base: URL;
  private readonly origins: Set<string>;
  private readonly secrets = new Set<string>();
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly opts: ArmClientOptions) {
    this.base = new URL(opts.armEndpoint);
    this.origins = new Set([this.base.origin, ...(opts.trustedOrigins ?? []).map((o) => new URL(o).origin)]);
    this.fetch = opts.fetch ?? ((...a) => fetch(...a));
    this.sleep = opts.sleep ?? defaultSleep;
  }

  /** The text with every token and key this client has handled, and anything shaped like a secret, masked. */
  redact(text: string): string {
    return redact(text, this.secrets);
  }

  /** Lets another trusted origin receive the token (the v1 data plane host read from a workspace). */
  trust(origin: string): void {
    this.origins.add(new URL(origin).origin);
  }

  private resolve(url: string): URL {
    const u = new URL(url, this.base);
    if (!this.origins.has(u.origin)) {
      // A nextLink or Location pointing elsewhere would carry the user's token there.
      throw new Error(l10n.t('Refused to send the Azure sign-in to {0}: only {1} may receive it.', u.origin, [...this.origins].join(', ')));
    }
    return u;
  }

  private describe(req: ArmRequest, u: URL): CallDescription {
    return { what: req.what, host: u.host };
  }

  /** One call, with re-auth and retries; the body parsed as JSON (undefined when empty). */
  async send<T>(req: ArmRequest): Promise<ArmResponse<T>> {
    const u = this.resolve(req.url);
    const call = this.describe(req, u);
    const maxRetries = this.opts.maxRetries ?? 3;
    const maxWait = this.opts.maxWaitMs ?? 60000;
    const maxTotal = this.opts.maxTotalWaitMs ?? 120000;
    let reauthed = false;
    let retries = 0;
    let waited = 0;
    for (;;) {
      if (abortError(req.signal)) throw new AzureRequestError(cancelledFailure(call));
      let token: string;
      try {
        token = await this.opts.getToken({ forceRefresh: reauthed, signal: req.signal });
      } catch (err) {
        if (abortError(req.signal)) throw new AzureRequestError(cancelledFailure(call));
        throw err;
      }
      this.secrets.add(token);
      const started = Date.now();
      let res: Response;
      try {
        res = await this.fetch(u, {
          method: req.method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(this.opts.userAgent ? { 'User-Agent': this.opts.userAgent } : {}),
          },
          body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
          signal: req.signal,
        });
      } catch (err) {
        if (abortError(req.signal)) throw new AzureRequestError(cancelledFailure(call));
        this.log(`${req.method} ${u.host}${u.pathname} failed: ${this.redact(String((err as Error).message ?? err))}`);
        throw new AzureRequestError(classifyNetworkError(call, err, this.secrets));
      }
      const text = await res.text().catch(() => '');
      this.log(`${req.method} ${u.host}${u.pathname} -> ${res.status} (${Date.now() - started} ms)`);
      if (res.status === 401 && !reauthed) {
        // ARM: an expired or revoked token. One fresh token, one more try; a second 401 is the user's to fix.
        reauthed = true;
        continue;
      }
      if (RETRIED.has(res.status) && retries < maxRetries) {
        const ms = retryDelayMs(res.headers, { fallbackMs: this.opts.fallbackWaitMs ?? 2000, minMs: 0, maxMs: maxWait });
        if (waited + ms > maxTotal) throw new AzureRequestError(timeoutFailure(call, Math.round((waited + ms) / 1000)));
        retries++;
        waited += ms;
        this.log(`${req.method} ${u.host}${u.pathname}: HTTP ${res.status}, retry ${retries}/${maxRetries} in ${ms} ms`);
        try {
          await this.sleep(ms, req.signal);
        } catch {
          throw new AzureRequestError(cancelledFailure(call));
        }
        continue;
      }
      if (res.status >= 400) throw new AzureRequestError(classifyResponse(call, res.status, text, res.headers, this.secrets));
      let body: unknown;
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      if (req.secret) secretValues(body, this.secrets);
      return { status: res.status, headers: res.headers, body: body as T };
    }
  }

  /** Every item of a list, page by page through `nextLink`. */
  async *pages<T>(req: Omit<ArmRequest, 'method'>): AsyncGenerator<T[]> {
    const seen = new Set<string>();
    let url: string | undefined = req.url;
    const maxPages = this.opts.maxPages ?? 1000;
    for (let n = 0; url; n++) {
      if (n >= maxPages || seen.has(url)) throw new Error(l10n.t('Stopped trying to {0}: the server\'s next-page link repeats itself after {1} pages.', req.what, n));
      seen.add(url);
      const res: ArmResponse<ArmPage<T>> = await this.send<ArmPage<T>>({ ...req, method: 'GET', url });
      yield res.body?.value ?? [];
      url = res.body?.nextLink || undefined;
    }
  }

  /** A whole list. */
  async list<T>(req: Omit<ArmRequest, 'method'>): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(req)) out.push(...page);
    return out;
  }

  /**
   * A long-running operation: sends it, then polls Azure-AsyncOperation (until
   * Succeeded, Failed or Canceled) or, without one, Location (until it stops
   * answering 202), waiting each answer's Retry-After. The result: for PUT and
   * PATCH the resource read again from the original URL, for DELETE and POST
   * what Location finally answers (or nothing).
   */
  async longRunning<T>(req: ArmRequest, onProgress?: (status: string) => void): Promise<T | undefined> {
    const first = await this.send<T>(req);
    const call = this.describe(req, this.resolve(req.url));
    const asyncOp = first.headers.get('azure-asyncoperation');
    const location = first.headers.get('location');
    if (!asyncOp && !location) return first.body;
    const deadline = Date.now() + (this.opts.operationTimeoutMs ?? 30 * 60000);
    let last = first;
    const wait = async (res: ArmResponse<unknown>) => {
      if (Date.now() > deadline) throw new AzureRequestError(timeoutFailure(call, Math.round((this.opts.operationTimeoutMs ?? 30 * 60000) / 1000)));
      const ms = retryDelayMs(res.headers, { fallbackMs: 5000, minMs: this.opts.minPollMs ?? 1000, maxMs: this.opts.maxWaitMs ?? 60000 });
      try {
        await this.sleep(ms, req.signal);
      } catch {
        throw new AzureRequestError(cancelledFailure(call));
      }
    };
    if (asyncOp) {
      for (;;) {
        await wait(last);
        const poll = await this.send<AsyncOperationStatus>({ method: 'GET', url: asyncOp, what: req.what, signal: req.signal });
        const status = poll.body?.status ?? 'InProgress';
        onProgress?.(status);
        if (/^succeeded$/i.test(status)) break;
        if (/^(failed|canceled|cancelled)$/i.test(status)) throw new AzureRequestError(operationFailure(call, status, poll.body?.error, this.secrets));
        last = poll as ArmResponse<unknown> as ArmResponse<T>;
      }
      if (req.method === 'PUT' || req.method === 'PATCH') return (await this.send<T>({ method: 'GET', url: req.url, what: req.what, signal: req.signal })).body;
      if (location) return (await this.send<T>({ method: 'GET', url: location, what: req.what, signal: req.signal })).body;
      return undefined;
    }
    for (;;) {
      await wait(last);
      const poll = await this.send<T>({ method: 'GET', url: location!, what: req.what, signal: req.signal });
      onProgress?.(poll.status === 202 ? 'InProgress' : 'Succeeded');
      if (poll.status !== 202) return poll.body;
      last = poll;
    }
  }

  private log(line: string): void {
    this.opts.log?.(this.redact(line));
  }
}
