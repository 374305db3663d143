// startAzureServer: a test Azure Resource Manager + Azure ML server on
// 127.0.0.1 (plain HTTP, or HTTPS with a certificate given, a random port) answering the routes of
// src/core/azure/routes.ts in the shapes, status codes and headers of the
// spec files they cite: lists in pages joined by an absolute nextLink
// ($skipToken), PUT 201 + Azure-AsyncOperation, DELETE 202 + Location with
// Retry-After, ARM error bodies. Bearer tokens it issued, expiring; faults to
// throttle, expire tokens and deny actions; every answer recorded for the
// schema test. Deployments' getLogs read a backing (a real container).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { DeploymentContainerType } from '../../../src/core/azure/armTypes';
import { authorizationFailed, errorBody, expiredToken, invalidApiVersion, invalidToken, missingApiVersion, throttled } from './armBodies';
import { armHandlers, ROUTES, type Answer, type Operation, type TestSubscription } from './armRoutes';
import type { DeploymentBacking } from './backing';
import * as fx from './fixtures';
import { serveBlob, type TestBlob } from './blobs';
import { durationMs, serveScoring } from './scoring';

/** One answer the server gave, for the schema test: which operation, status, body. */
export interface RecordedResponse {
  operation: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One request the server saw. */
export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  token?: string;
}

/** Options of {@link startAzureServer}. */
export interface AzureServerOptions {
  /** Items per page of every list (default 2, so pagination is always exercised). */
  pageSize?: number;
  /** Polls an operation answers InProgress before it ends (default 2). */
  operationPolls?: number;
  /** Retry-After of a DELETE's 202 and of its Location polls, in seconds (the spec: 10..600; default 10). */
  pollRetryAfterSeconds?: number;
  tenantId?: string;
  /** Serve HTTPS with this key and certificate (PEM), as Resource Manager does; the extension host trusts it through NODE_EXTRA_CA_CERTS. */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

/** Fault switches. */
export interface AzureFaults {
  /** The next `count` authenticated calls (matching `only`) answer 429 (or `status`, e.g. 503) with Retry-After. */
  throttle(count: number, retryAfterSeconds?: number, o?: { status?: 429 | 503; only?: (path: string, method: string) => boolean }): void;
  /** Every token issued so far is expired from now on (401 ExpiredAuthenticationToken); returns how many. */
  expireTokens(): number;
  /** Calls needing an action matching `action` answer 403 AuthorizationFailed. */
  deny(action: string | RegExp): void;
  /** Lifts every denial. */
  allowAll(): void;
  /** The next create/update of this deployment ends Failed with this error (an operation's error). */
  failNextOperation(deploymentId: string, error: { code: string; message: string }): void;
}

/** A running test server. */
export interface AzureTestServer {
  /** `http://127.0.0.1:<port>`: the ARM endpoint, and the v1 data plane. */
  url: string;
  tenantId: string;
  /** Issues a fresh token (valid `ttlSeconds`, default an hour). */
  issueToken(ttlSeconds?: number): string;
  /** When a token it issued expires (epoch ms; in the past once expireTokens ran), as a token endpoint's expires_in tells a client. */
  tokenExpiry(token: string): number | undefined;
  /** A token callback for ArmClient: the current token, a new one on forceRefresh; `calls` counts both. */
  tokenSource(): { (o: { forceRefresh: boolean }): Promise<string>; calls: { forceRefresh: boolean }[] };
  addSubscription(subscriptionId: string, displayName: string): void;
  /** Adds a workspace; returns its resource id. */
  addWorkspace(subscriptionId: string, resourceGroup: string, name: string, location?: string): string;
  /** Adds an online endpoint; returns its resource id. */
  addEndpoint(workspaceId: string, name: string, o?: { authMode?: 'Key' | 'AMLToken'; traffic?: Record<string, number> }): string;
  /** Adds a deployment, its containers behind `backing`; returns its resource id. */
  addDeployment(endpointId: string, name: string, o?: Parameters<typeof fx.onlineDeployment>[3], backing?: DeploymentBacking): string;
  /** Adds a v1 ACI web service whose logs are `logs`; returns its resource id. */
  addAciService(workspaceId: string, name: string, o: Parameters<typeof fx.aciService>[3], logs?: string): string;
  /** Adds an environment version (an image, a conda file's text, or a build context); returns its resource id. */
  addEnvironment(workspaceId: string, name: string, version: string, o: Parameters<typeof fx.environmentVersion>[3]): string;
  /** Adds a blob (a build log's text, or an account refusing public access); returns its https link, as Azure's errors give one. */
  addBlob(name: string, blob: TestBlob): string;
  /** The keys of an endpoint (what listKeys answers), for tests that look for them in output. */
  keysOf(endpointId: string): { primaryKey: string; secondaryKey: string };
  faults: AzureFaults;
  requests: RecordedRequest[];
  responses: RecordedResponse[];
  stop(): Promise<void>;
}


function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the server on 127.0.0.1 (a random port). */
export async function startAzureServer(opts: AzureServerOptions = {}): Promise<AzureTestServer> {
  const pageSize = opts.pageSize ?? 2;
  const tenantId = opts.tenantId ?? '0a1b2c3d-0000-4000-8000-00000000e5e5';
  const subs = new Map<string, TestSubscription>();
  const tokens = new Map<string, number>();
  const operations = new Map<string, Operation>();
  const requests: RecordedRequest[] = [];
  const responses: RecordedResponse[] = [];
  const denied: (string | RegExp)[] = [];
  const failNext = new Map<string, { code: string; message: string }>();
  const blobs = new Map<string, TestBlob>();
  let throttle = { count: 0, retryAfter: 1, status: 429 as 429 | 503, only: undefined as ((p: string, m: string) => boolean) | undefined };
  let current = '';
  let url = '';

  const issueToken = (ttlSeconds = 3600): string => {
    const t = randomBytes(32).toString('base64url');
    tokens.set(t, Date.now() + ttlSeconds * 1000);
    current = t;
    return t;
  };

  const { handlers, byId } = armHandlers({ subs, operations, failNext, pageSize, opts, url: () => url });

  const answer = async (req: IncomingMessage): Promise<{ op: string; a: Answer; token?: string }> => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    const path = u.pathname.replace(/\/+$/, '');
    const route = ROUTES.find((r) => r.method === method && r.re.test(path));
    if (!route) {
      const any = ROUTES.some((r) => r.re.test(path));
      return { op: 'none', a: any ? { status: 405, body: errorBody('MethodNotAllowed', `The requested resource does not support http method '${method}'.`) } : { status: 404, body: errorBody('InvalidResourceType', `No route for ${path}.`) } };
    }
    const m = route.re.exec(path)!;
    const apiVersion = u.searchParams.get('api-version');
    if (route.versions.length) {
      if (!apiVersion) return { op: route.op, a: missingApiVersion() };
      if (!route.versions.includes(apiVersion)) return { op: route.op, a: invalidApiVersion(apiVersion, route.op, route.versions) };
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = auth?.[1];
    const expires = token ? tokens.get(token) : undefined;
    if (!token || expires === undefined) return { op: route.op, a: invalidToken(), token };
    if (expires <= Date.now()) return { op: route.op, a: expiredToken(tenantId, new Date(expires)), token };
    if (throttle.count > 0 && (!throttle.only || throttle.only(path, method))) {
      throttle.count--;
      const t = throttled(throttle.retryAfter);
      if (throttle.status === 503) return { op: route.op, a: { status: 503, headers: t.headers, body: errorBody('ServiceUnavailable', 'The service is temporarily unavailable. Please retry after the time given in Retry-After.') }, token };
      return { op: route.op, a: t, token };
    }
    if (route.action && denied.some((d) => (typeof d === 'string' ? route.action!.toLowerCase().includes(d.toLowerCase()) : d.test(route.action!)))) {
      const scope = path.replace(/^\/modelmanagement\/v1\.0/, '').replace(/\/(listKeys|token|getLogs|logs)$/, '');
      return { op: route.op, a: authorizationFailed('test-user@contoso.com', '11111111-2222-3333-4444-555555555555', route.action, scope), token };
    }
    const a = handlers[route.op](m, u, text);
    if (route.op === 'OnlineDeployments_GetLogs' && a.status === 200) {
      const d = byId(path.replace(/\/getLogs$/, '')).dep!;
      let request: { containerType?: DeploymentContainerType; tail?: number | null } = {};
      try {
        request = text ? (JSON.parse(text) as typeof request) : {};
      } catch {
        return { op: route.op, a: { status: 400, body: errorBody('BadRequest', 'The request body is not valid JSON.') }, token };
      }
      const container = request.containerType ?? 'InferenceServer';
      if (container !== 'InferenceServer' && container !== 'StorageInitializer') {
        return { op: route.op, a: { status: 400, body: errorBody('BadRequest', `containerType '${String(container)}' is not one of InferenceServer, StorageInitializer.`) }, token };
      }
      a.body = { content: d.backing ? await d.backing.logs(container, request.tail ?? undefined) : '' };
    }
    return { op: route.op, a, token };
  };

  /** The scoring front door of `/inference/<workspace>/<endpoint>/score` (not ARM: never in `responses`). */
  const scoring = async (req: IncomingMessage, res: ServerResponse, m: RegExpExecArray): Promise<void> => {
    const body = await readBody(req);
    const ep = [...subs.values()].flatMap((s) => [...s.workspaces.values()]).find((w) => w.resource.name.toLowerCase() === m[1].toLowerCase())?.endpoints.get(m[2].toLowerCase());
    const status = await serveScoring(req, res, ep && {
      authMode: ep.resource.properties.authMode, keys: ep.keys, tokens: ep.tokens,
      deployments: [...ep.deployments.values()].map((d) => ({
        name: d.resource.name, traffic: ep.resource.properties.traffic?.[d.resource.name] ?? 0,
        timeoutMs: durationMs(d.resource.properties.requestSettings?.requestTimeout), backing: d.backing,
      })),
    }, body);
    requests.push({ method: req.method ?? 'POST', path: (req.url ?? '/').split('?')[0], status });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const blob = /^\/blobs\/(.+)$/.exec((req.url ?? '/').split('?')[0]);
    if (blob && req.method === 'GET') return serveBlob(blobs, decodeURIComponent(blob[1]), res);
    const front = /^\/inference\/([^/]+)\/([^/]+)\/score$/.exec((req.url ?? '/').split('?')[0]);
    if (front) {
      scoring(req, res, front).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    void (async () => {
      let result: { op: string; a: Answer; token?: string };
      try {
        result = await answer(req);
      } catch (err) {
        result = { op: 'none', a: { status: 500, body: errorBody('InternalServerError', String((err as Error).message)) } };
      }
      const { op, a, token } = result;
      const headers: Record<string, string> = {
        'x-ms-request-id': randomUUID(), 'x-ms-correlation-request-id': randomUUID(), ...(a.headers ?? {}),
        ...(a.body !== undefined ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      };
      requests.push({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0], status: a.status, token });
      responses.push({ operation: op, status: a.status, headers, body: a.body });
      res.writeHead(a.status, headers);
      res.end(a.body !== undefined ? JSON.stringify(a.body) : undefined);
    })();
  };

  const server: Server = opts.tls ? createTlsServer(opts.tls, onRequest) : createServer(onRequest);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const faults: AzureFaults = {
    throttle: (count, retryAfterSeconds = 1, o = {}) => {
      throttle = { count, retryAfter: retryAfterSeconds, status: o.status ?? 429, only: o.only };
    },
    expireTokens: () => {
      let n = 0;
      for (const [t, exp] of tokens) if (exp > Date.now()) {
        tokens.set(t, Date.now() - 1000);
        n++;
      }
      return n;
    },
    deny: (action) => void denied.push(action),
    allowAll: () => void denied.splice(0),
    failNextOperation: (deploymentId, error) => void failNext.set(deploymentId.toLowerCase(), error),
  };

  return {
    url, tenantId, issueToken, faults, requests, responses,
    tokenExpiry: (t) => tokens.get(t),
    tokenSource: () => {
      const calls: { forceRefresh: boolean }[] = [];
      const source = (o: { forceRefresh: boolean }) => {
        calls.push({ forceRefresh: o.forceRefresh });
        return Promise.resolve(o.forceRefresh || !current ? issueToken() : current);
      };
      return Object.assign(source, { calls });
    },
    addSubscription: (id, name) => void subs.set(id.toLowerCase(), { resource: fx.subscription(id, name, tenantId), workspaces: new Map() }),
    addWorkspace: (subscriptionId, rg, name, location = 'eastus2') => {
      const s = subs.get(subscriptionId.toLowerCase());
      if (!s) throw new Error(`no subscription ${subscriptionId}`);
      const resource = fx.workspace(subscriptionId, rg, name, location, `${url}/discovery`);
      s.workspaces.set(`${rg}/${name}`.toLowerCase(), { resource, resourceGroup: rg, endpoints: new Map(), services: new Map(), environments: new Map() });
      return resource.id;
    },
    addEndpoint: (workspaceId, name, o = {}) => {
      const { ws } = byId(workspaceId);
      if (!ws) throw new Error(`no workspace ${workspaceId}`);
      const resource = fx.onlineEndpoint(ws.resource.id, name, ws.resource.location ?? 'eastus2', { ...o, scoringUri: `${url}/inference/${ws.resource.name}/${name}/score` });
      ws.endpoints.set(name.toLowerCase(), { resource, deployments: new Map(), tokens: new Set(), keys: { primaryKey: randomBytes(24).toString('base64url'), secondaryKey: randomBytes(24).toString('base64url') } });
      return resource.id;
    },
    addDeployment: (endpointId, name, o = {}, backing) => {
      const { ep } = byId(endpointId);
      if (!ep) throw new Error(`no endpoint ${endpointId}`);
      const resource = fx.onlineDeployment(ep.resource.id, name, ep.resource.location, o);
      ep.deployments.set(name.toLowerCase(), { resource, backing });
      return resource.id;
    },
    addAciService: (workspaceId, name, o, logs = '') => {
      const { ws } = byId(workspaceId);
      if (!ws) throw new Error(`no workspace ${workspaceId}`);
      const resource = fx.aciService(ws.resource.id, name, ws.resource.location ?? 'eastus2', o);
      ws.services.set(name.toLowerCase(), { resource, logs });
      return resource.id;
    },
    addEnvironment: (workspaceId, name, version, o) => {
      const { ws } = byId(workspaceId);
      if (!ws) throw new Error(`no workspace ${workspaceId}`);
      const resource = fx.environmentVersion(ws.resource.id, name, version, o);
      ws.environments.set(`${name}/${version}`.toLowerCase(), resource);
      return resource.id;
    },
    addBlob: (name, blob) => {
      blobs.set(name, blob);
      return `${url}/blobs/${name.split('/').map(encodeURIComponent).join('/')}?sv=2021-08-06&sr=b&sig=test`;
    },
    keysOf: (endpointId) => {
      const { ep } = byId(endpointId);
      if (!ep) throw new Error(`no endpoint ${endpointId}`);
      return ep.keys;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
