// The REST surface: URL -> resource, then get, list (plain or Table), watch,
// create, replace, merge-patch, delete, plus the pods/log and scale
// subresources. Defaults and validation stay as small as clients need (RBAC
// objects get theirs from rbacObjects.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeProtobuf, isProtobuf } from './protobuf';
import { admitRbac } from './rbacObjects';
import { apiVersionOf, findType, resourceTypes, type ResourceType } from './resourceTypes';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import type { Store } from './store';
import { toTable, type IncludeObject } from './table';
import { ApiError, type Deployment, type KObject, type NewObject, type Pod } from './types';
import type { Watches } from './watch';

/** A parsed resource URL. */
export interface Route { type: ResourceType; namespace?: string; name?: string; sub?: string }

/** What the REST layer needs from the kubelet side. */
export interface PodHooks {
  /** Starts graceful deletion of a pod (the kubelet removes it when its containers are gone). */
  deletePod(pod: Pod, graceSeconds: number | undefined): void;
  /** Writes the pods/log answer. */
  logs(pod: Pod, query: URLSearchParams, res: ServerResponse): Promise<void>;
}

/** Parses `/api/v1/...` and `/apis/<group>/v1/...` paths. */
export function parseRoute(pathname: string): Route | undefined {
  let segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group = '';
  if (segs[0] === 'api' && segs[1] === 'v1') segs = segs.slice(2);
  else if (segs[0] === 'apis' && segs.length >= 3 && segs[2] === 'v1') {
    group = segs[1];
    segs = segs.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    namespace = segs[1];
    segs = segs.slice(2);
  }
  const type = findType(group, segs[0] ?? '');
  if (!type || (namespace && !type.namespaced) || segs.length > 3) return undefined;
  return { type, namespace, name: segs[1], sub: segs[2] };
}

/** Serves the resource paths. */
export class RestApi {
  constructor(private readonly store: Store, private readonly watches: Watches, private readonly pods: PodHooks) {}

  /** Answers one request on a resource route. */
  async handle(req: IncomingMessage, res: ServerResponse, route: Route, query: URLSearchParams): Promise<void> {
    const { type, namespace, name, sub } = route;
    const method = req.method ?? 'GET';
    if (sub) return this.subresource(req, res, route, query);
    if (!name) {
      if (method === 'GET') {
        const match = matcher(query);
        if (query.get('watch') === 'true' || query.get('watch') === '1') {
          this.watches.serve({
            resource: type.plural, namespace, match, resourceVersion: query.get('resourceVersion') ?? undefined,
            timeoutSeconds: Number(query.get('timeoutSeconds') ?? 0), asTable: tableWanted(req, query),
            bookmarks: query.get('allowWatchBookmarks') === 'true',
          }, res);
          return;
        }
        const items = this.store.list(type.plural, namespace).filter(match);
        const rv = this.store.currentRv();
        const table = tableWanted(req, query);
        if (table) return json(res, 200, toTable(type.plural, items, table, rv));
        return json(res, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: rv }, items });
      }
      if (method === 'POST') {
        const body = withDefaults(type, (await readJson(req)) as NewObject, namespace);
        admitRbac(type.plural, body);
        return json(res, 201, this.store.create(type.plural, body));
      }
      throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
    if (method === 'GET') {
      const o = this.store.mustGet(type.plural, namespace, name);
      const table = tableWanted(req, query);
      return json(res, 200, table ? toTable(type.plural, [o], table, o.metadata.resourceVersion) : o);
    }
    if (method === 'PUT') {
      const body = (await readJson(req)) as KObject;
      if (body.metadata?.name !== name) throw new ApiError(400, 'BadRequest', 'the name of the object does not match the name on the URL');
      admitRbac(type.plural, body, this.store.get(type.plural, namespace, name));
      return json(res, 200, this.store.replace(type.plural, { ...body, metadata: { ...body.metadata, namespace } }));
    }
    if (method === 'PATCH') {
      const patch = await readPatch(req);
      const next = this.store.mutate(type.plural, namespace, name, (o) => {
        const old = structuredClone(o);
        Object.assign(o, mergePatch(o, patch));
        o.metadata.name = name;
        admitRbac(type.plural, o, old);
      });
      if (!next) throw new ApiError(404, 'NotFound', `${type.plural} "${name}" not found`);
      return json(res, 200, next);
    }
    if (method === 'DELETE') {
      const o = this.store.mustGet(type.plural, namespace, name);
      if (type.plural === 'pods') {
        const opts = (await readJson(req, true)) as { gracePeriodSeconds?: number } | undefined;
        const grace = query.get('gracePeriodSeconds') ?? opts?.gracePeriodSeconds;
        this.pods.deletePod(o as Pod, grace === undefined || grace === null ? undefined : Number(grace));
        return json(res, 200, this.store.get('pods', namespace, name) ?? o);
      }
      if (type.plural === 'namespaces') {
        for (const t of resourceTypes.filter((x) => x.namespaced)) {
          for (const x of this.store.list(t.plural, name)) this.store.remove(t.plural, name, x.metadata.name);
        }
      }
      this.store.remove(type.plural, namespace, name);
      return json(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: type.plural, uid: o.metadata.uid } });
    }
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  private async subresource(req: IncomingMessage, res: ServerResponse, route: Route, query: URLSearchParams): Promise<void> {
    const { type, namespace, name = '', sub } = route;
    const o = this.store.mustGet(type.plural, namespace, name);
    if (type.plural === 'pods' && sub === 'log' && req.method === 'GET') return this.pods.logs(o as Pod, query, res);
    if (sub === 'status') {
      if (req.method === 'GET') return json(res, 200, o);
      const patch = req.method === 'PUT' ? { status: ((await readJson(req)) as KObject).status } : await readPatch(req);
      return json(res, 200, this.store.mutate(type.plural, namespace, name, (x) => {
        x.status = (mergePatch(x, patch) as KObject).status;
      }));
    }
    if (sub === 'scale' && (type.plural === 'deployments' || type.plural === 'replicasets')) {
      if (req.method !== 'GET') {
        const patch = (req.method === 'PUT' ? await readJson(req) : await readPatch(req)) as { spec?: { replicas?: number } };
        const replicas = patch.spec?.replicas;
        if (typeof replicas === 'number') this.store.mutate<Deployment>(type.plural, namespace, name, (d) => { d.spec.replicas = replicas; });
      }
      const d = this.store.mustGet(type.plural, namespace, name) as Deployment;
      return json(res, 200, {
        kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name, namespace, uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion },
        spec: { replicas: d.spec.replicas ?? 1 }, status: { replicas: (d.status?.replicas as number | undefined) ?? 0 },
      });
    }
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  }
}

/** Fills the fields the API server defaults on create. */
export function withDefaults(type: ResourceType, body: NewObject, namespace: string | undefined): NewObject {
  if (!body || typeof body !== 'object' || !body.metadata) throw new ApiError(400, 'BadRequest', 'the body of the request was not an object with metadata');
  if (namespace && body.metadata.namespace && body.metadata.namespace !== namespace) {
    throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  }
  const o = structuredClone(body) as NewObject & Record<string, unknown>;
  o.apiVersion = apiVersionOf(type);
  o.kind = type.kind;
  if (type.namespaced) o.metadata.namespace = namespace ?? o.metadata.namespace ?? 'default';
  if (type.plural === 'pods') {
    const spec = o.spec as Pod['spec'];
    spec.restartPolicy ??= 'Always';
    spec.schedulerName ??= 'default-scheduler';
    spec.terminationGracePeriodSeconds ??= 30;
    for (const c of spec.containers ?? []) c.imagePullPolicy ??= c.image.endsWith(':latest') || !c.image.includes(':') ? 'Always' : 'IfNotPresent';
    o.status = { phase: 'Pending', qosClass: 'Burstable' };
  }
  if (type.plural === 'deployments') {
    const d = o as unknown as Deployment;
    d.spec.replicas ??= 1;
    d.status = {};
  }
  if (type.plural === 'namespaces') o.status = { phase: 'Active' };
  if (type.plural === 'services') {
    const spec = (o.spec ?? (o.spec = {})) as Record<string, unknown>;
    spec.type ??= 'ClusterIP';
    spec.clusterIP ??= `10.0.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
  }
  return o;
}

function matcher(query: URLSearchParams): (o: KObject) => boolean {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  return (o) => labels(o.metadata.labels) && fields(o);
}

function tableWanted(req: IncomingMessage, query: URLSearchParams): IncludeObject | undefined {
  if (!/as=Table/.test(req.headers.accept ?? '')) return undefined;
  const inc = query.get('includeObject');
  return inc === 'None' || inc === 'Object' ? inc : 'Metadata';
}

/** JSON merge patch (RFC 7386); strategic merge patches are applied the same way. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

async function readPatch(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('json-patch')) throw new ApiError(415, 'UnsupportedMediaType', `the test cluster does not support ${type}; use a merge patch`);
  return readJson(req);
}

/** Reads a JSON body (at most 8 MiB), or a Kubernetes protobuf one as its JSON form would read. */
export async function readJson(req: IncomingMessage, optional = false): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 8 << 20) throw new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(c as Buffer);
  }
  if (isProtobuf(req.headers['content-type'])) return decodeProtobuf(Buffer.concat(chunks));
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) {
    if (optional) return undefined;
    throw new ApiError(400, 'BadRequest', 'the request has no body');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'BadRequest', 'the body of the request was in an unknown format (expected JSON)');
  }
}

/** Writes a JSON answer. */
export function json(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}
