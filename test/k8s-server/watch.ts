// `watch=true` streams: newline-delimited {"type","object"} JSON from a
// resourceVersion (replayed from the store's history), selectors applied per
// event (an object leaving a selector is DELETED for that watch), an ERROR
// 410 Expired event for a compacted resourceVersion, and a registry of open
// streams so a fault switch can drop them all.
import type { ServerResponse } from 'node:http';
import { apiVersionOf, resourceTypes } from './resourceTypes';
import type { Store, StoreEvent } from './store';
import { toTable, type IncludeObject } from './table';
import { ApiError, type KObject } from './types';

/** What one watch asks for. */
export interface WatchRequest {
  resource: string;
  namespace?: string;
  match: (o: KObject) => boolean;
  resourceVersion?: string;
  timeoutSeconds?: number;
  asTable?: IncludeObject;
  bookmarks?: boolean;
}

/** The open watch streams of one server. */
export class Watches {
  private readonly open = new Set<{ res: ServerResponse; close: () => void }>();

  constructor(private readonly store: Store, private readonly bookmarkMs = 10000) {}

  /** How many streams are open now. */
  count(): number {
    return this.open.size;
  }

  /** Serves one watch on `res` until the client leaves, the timeout, or a drop. */
  serve(w: WatchRequest, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    let first = true;
    const send = (type: string, object: unknown) => {
      let body = object;
      if (w.asTable && type !== 'ERROR' && type !== 'BOOKMARK') {
        body = toTable(w.resource, [object as KObject], w.asTable, (object as KObject).metadata.resourceVersion, first);
        first = false;
      }
      res.write(JSON.stringify({ type, object: body }) + '\n');
    };
    const inScope = (o: KObject) => (!w.namespace || o.metadata.namespace === w.namespace) && w.match(o);
    const forward = (ev: StoreEvent) => {
      if (ev.resource !== w.resource) return;
      const is = inScope(ev.object);
      if (ev.type === 'MODIFIED') {
        const was = ev.previous ? inScope(ev.previous) : false;
        if (was && is) send('MODIFIED', ev.object);
        else if (is) send('ADDED', ev.object);
        else if (was) send('DELETED', ev.object);
      } else if (is) send(ev.type, ev.object);
    };

    const rv = w.resourceVersion;
    if (rv && rv !== '0' && !/^\d+$/.test(rv)) {
      send('ERROR', new ApiError(400, 'BadRequest', `invalid resource version: ${rv}`).toStatus());
      res.end();
      return;
    }
    if (!rv || rv === '0') {
      for (const o of this.store.list(w.resource, w.namespace)) if (w.match(o)) send('ADDED', o);
    } else {
      const changes = this.store.changesSince(Number(rv));
      if (changes === 'gone') {
        const status = new ApiError(410, 'Expired', `too old resource version: ${rv} (${this.store.oldestRv()})`).toStatus();
        send('ERROR', status);
        res.end();
        return;
      }
      for (const ev of changes) forward(ev);
    }
    const unsubscribe = this.store.subscribe(forward);
    const timers: NodeJS.Timeout[] = [];
    const entry = {
      res,
      close: () => {
        unsubscribe();
        timers.forEach((t) => clearTimeout(t));
        this.open.delete(entry);
      },
    };
    this.open.add(entry);
    if (w.timeoutSeconds && w.timeoutSeconds > 0) timers.push(setTimeout(() => res.end(), w.timeoutSeconds * 1000));
    if (w.bookmarks) {
      const tick = setInterval(() => {
        const t = resourceTypes.find((x) => x.plural === w.resource);
        send('BOOKMARK', { kind: t?.kind, apiVersion: t ? apiVersionOf(t) : 'v1', metadata: { resourceVersion: this.store.currentRv() } });
      }, this.bookmarkMs);
      timers.push(tick);
    }
    res.on('close', entry.close);
  }

  /** Fault switch: ends every open watch; `abrupt` destroys the sockets instead of ending cleanly. */
  dropAll(abrupt = false): number {
    const all = [...this.open];
    for (const w of all) {
      w.close();
      if (abrupt) w.res.socket?.destroy();
      else w.res.end();
    }
    return all.length;
  }
}
