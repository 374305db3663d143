// The service model: every connection (Docker engine, cluster context) and
// the services it holds. Records come in from src/docker and src/kubernetes;
// change events go out to the tree and the crash analysis. Pure: it neither
// knows nor cares where a record came from.
import { Emitter } from './emitter';
import type { ConnectionState, ServiceRecord } from './serviceRecord';

export type ModelChange =
  | { type: 'connection'; connection: ConnectionState }
  | { type: 'connectionRemoved'; connectionId: string }
  | { type: 'added' | 'updated'; service: ServiceRecord; previous?: ServiceRecord }
  | { type: 'removed'; service: ServiceRecord };

/** Holds connections and services; fires one change per real difference. */
export class ServiceModel {
  private readonly conns = new Map<string, ConnectionState>();
  private readonly byConn = new Map<string, Map<string, ServiceRecord>>();
  private readonly changes = new Emitter<ModelChange>();
  readonly onDidChange = this.changes.event;

  connections(): ConnectionState[] {
    return [...this.conns.values()];
  }

  connection(id: string): ConnectionState | undefined {
    return this.conns.get(id);
  }

  services(connectionId: string): ServiceRecord[] {
    return [...(this.byConn.get(connectionId)?.values() ?? [])];
  }

  allServices(): ServiceRecord[] {
    return [...this.byConn.values()].flatMap((m) => [...m.values()]);
  }

  get(connectionId: string, id: string): ServiceRecord | undefined {
    return this.byConn.get(connectionId)?.get(id);
  }

  setConnection(state: ConnectionState): void {
    const before = this.conns.get(state.id);
    if (before && sameJson(before, state)) return;
    this.conns.set(state.id, state);
    if (!this.byConn.has(state.id)) this.byConn.set(state.id, new Map());
    this.changes.fire({ type: 'connection', connection: state });
  }

  removeConnection(id: string): void {
    for (const s of this.services(id)) this.remove(id, s.id);
    if (this.conns.delete(id)) this.changes.fire({ type: 'connectionRemoved', connectionId: id });
    this.byConn.delete(id);
  }

  /** Inserts or updates a record; no event when nothing changed. */
  upsert(record: ServiceRecord): void {
    let services = this.byConn.get(record.connectionId);
    if (!services) this.byConn.set(record.connectionId, (services = new Map()));
    const previous = services.get(record.id);
    if (previous && sameJson(previous, record)) return;
    services.set(record.id, record);
    this.changes.fire(previous ? { type: 'updated', service: record, previous } : { type: 'added', service: record });
  }

  remove(connectionId: string, id: string): void {
    const services = this.byConn.get(connectionId);
    const service = services?.get(id);
    if (!services || !service) return;
    services.delete(id);
    this.changes.fire({ type: 'removed', service });
  }

  /** Makes a connection's services exactly `records` (after a re-list). */
  replaceAll(connectionId: string, records: ServiceRecord[]): void {
    const keep = new Set(records.map((r) => r.id));
    for (const s of this.services(connectionId)) if (!keep.has(s.id)) this.remove(connectionId, s.id);
    for (const r of records) this.upsert(r);
  }

  dispose(): void {
    this.changes.dispose();
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
