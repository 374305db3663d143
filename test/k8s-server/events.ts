// The event recorder controllers, the scheduler and the kubelet share: a new
// Event per (object, reason, message), and a repeat raises its count and
// lastTimestamp, as the client-go recorder's aggregation does.
import { randomBytes } from 'node:crypto';
import { now, type Store } from './store';
import type { EventObject, KObject } from './types';

/** Who reports an event (source.component / reportingComponent). */
export interface EventSource { component: string; host?: string }

/** Records events into the store. */
export class EventRecorder {
  private readonly seen = new Map<string, string>();

  constructor(private readonly store: Store) {}

  /** Records (or repeats) an event about `obj`. */
  record(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const ns = obj.metadata.namespace ?? 'default';
    const key = `${obj.metadata.uid}|${reason}|${message}|${fieldPath ?? ''}`;
    const existing = this.seen.get(key);
    const ts = now();
    if (existing && this.store.mutate<EventObject>('events', ns, existing, (e) => {
      e.count += 1;
      e.lastTimestamp = ts;
    })) return;
    const name = `${obj.metadata.name}.${randomBytes(8).toString('hex')}`;
    const ev = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion, ...(fieldPath ? { fieldPath } : {}),
      },
      reason, message, type, source, count: 1, firstTimestamp: ts, lastTimestamp: ts, eventTime: null,
      reportingComponent: source.component, reportingInstance: source.host ?? '',
    };
    this.store.create('events', ev);
    this.seen.set(key, name);
  }
}
