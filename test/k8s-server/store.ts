// The cluster's state: objects by resource, one resourceVersion counter, a
// bounded history of changes so a watch can resume from a resourceVersion,
// and the "compaction" that makes an old resourceVersion answer 410 Gone.
import { randomUUID } from 'node:crypto';
import { ApiError, type KObject, type NewObject } from './types';

/** One change, as a watch reports it. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: string;
  rv: number;
  object: KObject;
  /** The object before a MODIFIED change (to turn it into ADDED/DELETED under a selector). */
  previous?: KObject;
}

type Listener = (ev: StoreEvent) => void;

/**
 * In-memory object store. Stored objects are replaced, never changed in place,
 * so callers may keep what `get`/`list` return but must not modify it: use
 * {@link Store.mutate}.
 */
export class Store {
  private readonly objects = new Map<string, Map<string, KObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private rv = 1000;
  /** resourceVersions at or below this one are gone (410). */
  private compactedRv = 1000;

  constructor(private readonly historyLimit = 50000) {}

  /** The newest resourceVersion, as a list reports it. */
  currentRv(): string {
    return String(this.rv);
  }

  /** Stores a new object: assigns uid, name (generateName), resourceVersion, creationTimestamp. */
  create(resource: string, input: NewObject): KObject {
    const meta = { ...input.metadata };
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix(5);
    if (!meta.name) throw new ApiError(422, 'Invalid', `${input.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    const key = keyOf(meta.namespace, meta.name);
    const bucket = this.bucket(resource);
    if (bucket.has(key)) {
      throw new ApiError(409, 'AlreadyExists', `${resource} "${meta.name}" already exists`, { name: meta.name, kind: resource });
    }
    const obj = {
      ...input,
      metadata: {
        ...meta,
        name: meta.name,
        uid: randomUUID(),
        resourceVersion: String(++this.rv),
        creationTimestamp: meta.creationTimestamp ?? now(),
        generation: 1,
      },
    } as KObject;
    bucket.set(key, obj);
    this.emit({ type: 'ADDED', resource, rv: this.rv, object: obj });
    return obj;
  }

  /**
   * Replaces an object (PUT). A resourceVersion in the input must match the
   * stored one (optimistic concurrency, 409 Conflict otherwise).
   */
  replace(resource: string, input: KObject): KObject {
    const old = this.mustGet(resource, input.metadata.namespace, input.metadata.name);
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${old.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    return this.put(resource, old, { ...input, metadata: { ...input.metadata, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp } });
  }

  /** Changes an object through `fn` on a copy; returns undefined when it is gone or `fn` returns false. */
  mutate<T extends KObject>(resource: string, namespace: string | undefined, name: string, fn: (copy: T) => void | boolean): T | undefined {
    const old = this.get(resource, namespace, name);
    if (!old) return undefined;
    const copy = structuredClone(old) as T;
    if (fn(copy) === false) return undefined;
    return this.put(resource, old, copy) as T;
  }

  /** Removes an object; answers 404 when it is not there. */
  remove(resource: string, namespace: string | undefined, name: string): KObject {
    const old = this.mustGet(resource, namespace, name);
    this.bucket(resource).delete(keyOf(namespace, name));
    const gone = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.emit({ type: 'DELETED', resource, rv: this.rv, object: gone });
    return gone;
  }

  /** One object, or undefined. */
  get(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.bucket(resource).get(keyOf(namespace, name));
  }

  /** One object, or a 404 ApiError in the API server's wording. */
  mustGet(resource: string, namespace: string | undefined, name: string): KObject {
    const o = this.get(resource, namespace, name);
    if (!o) throw new ApiError(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
    return o;
  }

  /** All objects of a resource, in one namespace or all. */
  list(resource: string, namespace?: string): KObject[] {
    const out: KObject[] = [];
    for (const o of this.bucket(resource).values()) {
      if (!namespace || o.metadata.namespace === namespace) out.push(o);
    }
    return out;
  }

  /**
   * The changes after `rv` (for a watch that resumes), or 'gone' when that
   * resourceVersion has been compacted away.
   */
  changesSince(rv: number): StoreEvent[] | 'gone' {
    if (rv < this.compactedRv) return 'gone';
    return this.history.filter((e) => e.rv > rv);
  }

  /** The oldest resourceVersion still watchable, for the 410 message. */
  oldestRv(): number {
    return this.compactedRv;
  }

  /** Fault switch: forget the history, so every older resourceVersion is 410 Gone. */
  expireResourceVersions(): void {
    this.history.length = 0;
    this.compactedRv = ++this.rv;
  }

  /** Listens to every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private put(resource: string, old: KObject, next: KObject): KObject {
    const spec = (o: KObject) => JSON.stringify(o.spec ?? null);
    next.metadata.resourceVersion = String(++this.rv);
    next.metadata.generation = (old.metadata.generation ?? 1) + (spec(old) !== spec(next) ? 1 : 0);
    this.bucket(resource).set(keyOf(next.metadata.namespace, next.metadata.name), next);
    this.emit({ type: 'MODIFIED', resource, rv: this.rv, object: next, previous: old });
    return next;
  }

  private emit(ev: StoreEvent): void {
    this.history.push(ev);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedRv = dropped[dropped.length - 1].rv;
    }
    for (const l of [...this.listeners]) l(ev);
  }

  private bucket(resource: string): Map<string, KObject> {
    let b = this.objects.get(resource);
    if (!b) this.objects.set(resource, (b = new Map()));
    return b;
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** RFC 3339 time with seconds, as metav1.Time serializes. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix from the alphabet Kubernetes uses for generated names. */
export function randomSuffix(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}

/** A stable short hash in the same alphabet (pod-template-hash). */
export function shortHash(text: string, n = 10): string {
  let h = 2166136261;
  let s = '';
  for (let round = 0; s.length < n; round++) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    h = Math.imul(h ^ round, 16777619) >>> 0;
    s += alphabet[h % alphabet.length];
  }
  return s;
}
