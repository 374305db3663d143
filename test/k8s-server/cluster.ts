// startTestCluster: assembles the test cluster (store, controllers,
// scheduler, kubelet on Docker, REST + watch + exec + port-forward over
// HTTPS; an admin bearer token, users with expiring tokens held to RBAC, a
// kubelogin stand-in), writes its kubeconfig, and hands tests the switches to
// break it (drop watches, expire resourceVersions, answer 500, go down and
// come back with its state).
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { SAMPLE_IMAGE } from '../support/docker';
import { forbidden, requestAttributes, type UserInfo } from './authz';
import { bootstrapPolicy } from './bootstrapPolicy';
import { Controllers } from './controllers';
import { discovery } from './discovery';
import { EventRecorder } from './events';
import { renderKubeconfig, type KubeconfigAuth } from './kubeconfig';
import { Kubelet, noContainerAnnotation } from './kubelet';
import { aadTokenPath, kubeloginExec, kubeloginScript, serveAadToken } from './kubelogin';
import { serveLogs } from './logs';
import { nodePool } from './nodes';
import { openApiV3 } from './openapi';
import { Rbac } from './rbac';
import { admitRbac } from './rbacObjects';
import { json, parseRoute, RestApi, withDefaults } from './rest';
import { typeOfKind } from './resourceTypes';
import { Scheduler } from './scheduler';
import { selfReviewResources, serveSelfReview } from './selfReviews';
import { Store } from './store';
import { makeServingCerts } from './tls';
import { ApiError, type KObject, type NewObject, type Pod } from './types';
import { Upgrades } from './upgrades';
import { Users, type IssuedToken } from './users';
import { Watches } from './watch';

/** Options of {@link startTestCluster}. */
export interface TestClusterOptions {
  /** Port on 127.0.0.1 (0: any free one). */
  port?: number;
  /** Bearer token clients may send (random by default). */
  token?: string;
  /** How the written kubeconfig's user authenticates (default: the bearer token). */
  auth?: AuthKind;
  /** Where to write the kubeconfig (a temp file by default). */
  kubeconfigPath?: string;
  /** Context (and cluster) name in the kubeconfig. */
  contextName?: string;
  /** The context's default namespace. */
  namespace?: string;
  /** First crash back-off (default 10 s, as the kubelet). */
  backoffBaseMs?: number;
  /** Back-off cap (default 300 s). */
  backoffMaxMs?: number;
  /** Number of nodes (default 3) and GPUs per node (default 0). */
  nodes?: number;
  gpus?: number;
  /** Longest graceful stop of a deleted pod's containers, in seconds (default 2). */
  maxGraceSeconds?: number;
  /** Period of the scheduler's retry of unschedulable pods (default 30 s). */
  schedulerRetryMs?: number;
  /** Docker client (default: the local socket). */
  docker?: Docker;
}

/** The ways a kubeconfig of the test cluster can authenticate. */
export type AuthKind = 'token' | 'clientCert' | 'exec';

/** Fault switches. */
export interface Faults {
  /** Replaces the bearer token (the old one now gets 401, like an expired token); returns the new one. */
  rotateToken(): string;
  /** Ends every open watch stream (cleanly, or by destroying the socket); returns how many. */
  dropWatches(abrupt?: boolean): number;
  /** Forgets the change history: every resourceVersion known to clients becomes 410 Gone. */
  expireResourceVersions(): void;
  /**
   * Answers the next `count` API requests with 500 (Infinity: until cleared);
   * with `only`, just the requests it picks (others go through and do not count).
   */
  failRequests(count: number, only?: (url: URL, method: string) => boolean): void;
  /** Stops answering 500. */
  clearFailures(): void;
  /** Expires now every user token that has a lifetime (tokens of addUser/issueToken/kubelogin with ttlSeconds); returns how many. */
  expireTokens(): number;
}

/** A user added with {@link TestCluster.addUser}: its first token, and a kubeconfig that uses it. */
export interface TestUser extends IssuedToken {
  name: string;
  /** A kubeconfig text for this user (same cluster, CA, context name and namespace), written to `path` when given. */
  kubeconfig(path?: string): string;
}

/** A running test cluster. */
export interface TestCluster {
  url: string;
  port: number;
  token: string;
  caPem: string;
  kubeconfigPath: string;
  kubeconfigText: string;
  /** Client certificate and key the server accepts (PEM). */
  clientCertPem: string;
  clientKeyPem: string;
  /** A kubeconfig text for another way to authenticate, written to `path` when given (exec: also its plugin script). */
  kubeconfigFor(auth: AuthKind, path?: string): string;
  /**
   * Adds a user held to RBAC (the cluster's own credentials are admins, in
   * system:masters). With `ttlSeconds` its token is refused (401) once expired.
   */
  addUser(user: { name: string; groups?: string[]; ttlSeconds?: number }): TestUser;
  /** Mints another token for an added user (earlier ones stay valid until they expire). */
  issueToken(user: string, ttlSeconds: number): IssuedToken;
  /**
   * Writes an executable `kubelogin` into `binDir` that obtains a fresh token
   * for `user` (lasting `ttlSeconds`) on each run and logs the run to
   * `<binDir>/kubelogin.calls`; returns (and writes to `path`) a kubeconfig
   * whose user runs it as an AKS Azure AD kubeconfig does: `command: kubelogin`, found on PATH.
   */
  kubeloginKubeconfig(o: { user: string; ttlSeconds: number; binDir: string; path?: string }): string;
  store: Store;
  faults: Faults;
  /** Creates (or replaces) objects as a client's create would. */
  apply(objects: NewObject[]): KObject[];
  /** Creates `count` Running pods that have no containers (for large benchmarks). */
  createBarePods(namespace: string, count: number, labels?: Record<string, string>): void;
  /** How many watch streams are open. */
  openWatches(): number;
  /** Closes the listener and every connection; state and containers stay. */
  pause(): Promise<void>;
  /** Listens again on the same port. */
  resume(): Promise<void>;
  /** pause(), wait `downMs`, resume(). */
  restart(downMs?: number): Promise<void>;
  /** Stops everything and removes the containers. */
  stop(): Promise<void>;
}

/** Starts a test cluster on 127.0.0.1. */
export async function startTestCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  const docker = opts.docker ?? new Docker({ socketPath: '/var/run/docker.sock' });
  let token = opts.token ?? randomBytes(24).toString('base64url');
  const certs = await makeServingCerts();
  const store = new Store();
  const recorder = new EventRecorder(store);
  const kubelet = new Kubelet(store, recorder, {
    docker, instance: randomUUID(), backoffBaseMs: opts.backoffBaseMs ?? 10000, backoffMaxMs: opts.backoffMaxMs ?? 300000,
    maxGraceSeconds: opts.maxGraceSeconds ?? 2,
  });
  const controllers = new Controllers(store, recorder, (p) => kubelet.deletePod(p));
  const scheduler = new Scheduler(store, recorder, opts.schedulerRetryMs);
  const watches = new Watches(store);
  const rest = new RestApi(store, watches, {
    deletePod: (p, grace) => kubelet.deletePod(p, grace),
    logs: (pod, query, res) => serveLogs(docker, kubelet, pod, query, res),
  });
  for (const n of nodePool({ count: opts.nodes, gpus: opts.gpus })) store.create('nodes', n);
  for (const o of bootstrapPolicy()) store.create(typeOfKind(o.kind)!.plural, o);
  const users = new Users(() => token);
  const rbac = new Rbac(store);
  // What the kubelogin stand-in proves itself with to the "Azure AD" endpoint.
  const aadSecret = randomBytes(24).toString('base64url');
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, status: { phase: 'Active' } });
  }
  let failures = 0;
  let failOnly: ((url: URL, method: string) => boolean) | undefined;
  /**
   * Shared checks of plain and upgrade requests (exec, port-forward): fault
   * switch, authentication (401), authorization of the request's attributes
   * (403), in kube-apiserver's order; throws the ApiError to answer.
   */
  const admit = (req: IncomingMessage): UserInfo => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (failures > 0 && (!failOnly || failOnly(url, req.method ?? 'GET'))) {
      failures--;
      throw new ApiError(500, 'InternalError', 'Internal error occurred: the test cluster was told to fail this request');
    }
    const user = users.authenticate(req);
    if (!user) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    // A WebSocket exec or port-forward is a GET, so it needs `get pods/exec`: kube-apiserver 1.32 asks
    // no more (checking `create` too, as for SPDY's POST, came later behind AuthorizePodWebsocketUpgradeCreatePermission).
    const attrs = requestAttributes(req.method ?? 'GET', url.pathname, url.searchParams);
    const decision = rbac.authorize(user, attrs);
    if (!decision.allowed) throw forbidden(user, attrs, decision.reason);
    return user;
  };
  const upgrades = new Upgrades(store, kubelet, docker, admit);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end('ok');
      }
      if (url.pathname === aadTokenPath) return serveAadToken(req, res, aadSecret, (name, ttl) => (users.has(name) ? users.issue(name, ttl) : undefined));
      const user = admit(req);
      const doc = discovery(url.pathname) ?? openApiV3(url.pathname);
      if (doc && req.method === 'GET') return json(res, 200, doc);
      const route = parseRoute(url.pathname);
      if (!route) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      if (selfReviewResources.includes(route.type.plural)) return serveSelfReview(req, res, route, user, rbac);
      await rest.handle(req, res, route, url.searchParams);
    })().catch((err: unknown) => {
      if (res.headersSent) return res.end();
      const e = err instanceof ApiError ? err : new ApiError(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
      json(res, e.code, e.toStatus());
    });
  };

  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = opts.port ?? 0;
  const listen = async () => {
    // Client certificates are asked for but optional: token users send none.
    const s = createServer({ key: certs.keyPem, cert: certs.certPem, ca: [certs.caPem], requestCert: true, rejectUnauthorized: false }, onRequest);
    s.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => upgrades.handle(req, socket, head));
    s.on('connection', (c: Socket) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
    s.on('secureConnection', (c: Socket) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  const pause = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    watches.dropAll(true);
    upgrades.closeAll();
    for (const c of sockets) c.destroy();
    await closed;
  };
  await listen();

  const url = `https://127.0.0.1:${port}`;
  const contextName = opts.contextName ?? 'azureml-test';
  const kubeconfigDir = mkdtempSync(join(tmpdir(), 'k8s-test-kubeconfig-'));
  const kubeconfigFor = (auth: AuthKind, path?: string) => {
    let user: KubeconfigAuth = { kind: 'token', token };
    if (auth === 'clientCert') user = { kind: 'clientCert', certPem: certs.clientCertPem, keyPem: certs.clientKeyPem };
    if (auth === 'exec') {
      const script = join(kubeconfigDir, `credential-${randomBytes(4).toString('hex')}.js`);
      writeFileSync(script, execPluginSource(token), { mode: 0o700 });
      user = { kind: 'exec', command: process.execPath, args: [script] };
    }
    const text = renderKubeconfig({ url, caPem: certs.caPem, auth: user, contextName, namespace: opts.namespace });
    if (path) writeFileSync(path, text, { mode: 0o600 });
    return text;
  };
  /** A kubeconfig of an added user (its users entry named after it), written to `path` when given. */
  const userKubeconfig = (name: string, auth: KubeconfigAuth, path?: string) => {
    const text = renderKubeconfig({ url, caPem: certs.caPem, auth, contextName, namespace: opts.namespace, userName: `${contextName}-${name}` });
    if (path) writeFileSync(path, text, { mode: 0o600 });
    return text;
  };
  const kubeconfigPath = opts.kubeconfigPath ?? join(kubeconfigDir, 'config');
  const kubeconfigText = kubeconfigFor(opts.auth ?? 'token', kubeconfigPath);

  const apply = (objects: NewObject[]) => objects.map((o) => {
    const type = typeOfKind(o.kind);
    if (!type) throw new Error(`the test cluster does not serve kind ${o.kind}`);
    const ns = type.namespaced ? o.metadata.namespace ?? 'default' : undefined;
    const body = withDefaults(type, o, ns);
    const existing = o.metadata.name ? store.get(type.plural, ns, o.metadata.name) : undefined;
    admitRbac(type.plural, body, existing);
    if (existing) {
      const merged = { ...body, ...('status' in existing ? { status: existing.status } : {}), metadata: { ...existing.metadata, ...body.metadata, resourceVersion: existing.metadata.resourceVersion } };
      return store.replace(type.plural, merged as KObject);
    }
    return store.create(type.plural, body);
  });

  return {
    url, port, caPem: certs.caPem, kubeconfigPath, kubeconfigText, store, kubeconfigFor,
    clientCertPem: certs.clientCertPem, clientKeyPem: certs.clientKeyPem,
    get token() {
      return token;
    },
    faults: {
      rotateToken: () => (token = randomBytes(24).toString('base64url')),
      dropWatches: (abrupt) => watches.dropAll(abrupt),
      expireResourceVersions: () => store.expireResourceVersions(),
      failRequests: (count, only) => {
        failures = count;
        failOnly = only;
      },
      clearFailures: () => { failures = 0; },
      expireTokens: () => users.expireAll(),
    },
    apply,
    addUser: ({ name, groups, ttlSeconds }) => {
      const issued = users.add(name, groups, ttlSeconds);
      return { name, ...issued, kubeconfig: (path) => userKubeconfig(name, { kind: 'token', token: issued.token }, path) };
    },
    issueToken: (name, ttlSeconds) => users.issue(name, ttlSeconds),
    kubeloginKubeconfig: ({ user, ttlSeconds, binDir, path }) => {
      if (!users.has(user)) throw new Error(`the test cluster has no user named ${JSON.stringify(user)}`);
      mkdirSync(binDir, { recursive: true });
      const callsFile = join(binDir, 'kubelogin.calls');
      const script = join(binDir, 'kubelogin');
      writeFileSync(script, kubeloginScript({ url, caPem: certs.caPem, secret: aadSecret, user, ttlSeconds, callsFile }));
      chmodSync(script, 0o755);
      return userKubeconfig(user, { kind: 'execStanza', exec: kubeloginExec() }, path);
    },
    createBarePods: (namespace, count, labels = {}) => {
      const nodes = store.list('nodes').map((n) => n.metadata.name);
      for (let i = 0; i < count; i++) {
        const pod: NewObject & Pick<Pod, 'spec' | 'status'> = {
          apiVersion: 'v1', kind: 'Pod',
          metadata: { name: `bench-${i}-${randomBytes(3).toString('hex')}`, namespace, labels, annotations: { [noContainerAnnotation]: 'true' } },
          spec: { containers: [{ name: 'main', image: SAMPLE_IMAGE }], restartPolicy: 'Always', nodeName: nodes[i % nodes.length] },
          status: { phase: 'Pending' },
        };
        store.create('pods', pod);
      }
    },
    openWatches: () => watches.count(),
    pause,
    resume: listen,
    restart: async (downMs = 0) => {
      await pause();
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      await listen();
    },
    stop: async () => {
      await pause();
      scheduler.dispose();
      controllers.dispose();
      await kubelet.shutdown();
    },
  };
}

/** An exec credential plugin (client.authentication.k8s.io/v1) that hands out `token`. */
function execPluginSource(token: string): string {
  const credential = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } };
  return `process.stdout.write(${JSON.stringify(JSON.stringify(credential))});\n`;
}
