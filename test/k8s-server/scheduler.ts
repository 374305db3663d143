// The scheduler: binds each new pod to a node whose allocatable resources
// still fit the pod's requests; a pod that fits nowhere stays Pending with
// PodScheduled=False/Unschedulable and a FailedScheduling event worded as
// the real scheduler words it ("0/3 nodes are available: 3 Insufficient
// nvidia.com/gpu. preemption: ..."), retried when the cluster changes.
import type { EventRecorder } from './events';
import { addAll, parseQuantity } from './quantity';
import { now, type Store, type StoreEvent } from './store';
import type { NodeObject, Pod } from './types';

const source = { component: 'default-scheduler' };

/** Binds pods to nodes. */
export class Scheduler {
  private readonly unsubscribe: () => void;
  private retryTimer: NodeJS.Timeout;
  private pendingRetry = false;

  constructor(private readonly store: Store, private readonly recorder: EventRecorder, retryMs = 30000) {
    this.unsubscribe = store.subscribe((ev) => this.onChange(ev));
    // The real scheduler also retries unschedulable pods periodically.
    this.retryTimer = setInterval(() => this.retryUnschedulable(), retryMs);
    this.retryTimer.unref();
  }

  /** Stops scheduling. */
  dispose(): void {
    this.unsubscribe();
    clearInterval(this.retryTimer);
  }

  private onChange(ev: StoreEvent): void {
    if (ev.resource === 'pods' && ev.type === 'ADDED') {
      const pod = ev.object as Pod;
      if (!pod.spec.nodeName) setImmediate(() => this.schedule(pod.metadata.namespace ?? 'default', pod.metadata.name));
    } else if ((ev.resource === 'pods' && ev.type === 'DELETED') || (ev.resource === 'nodes' && ev.type !== 'DELETED')) {
      if (this.pendingRetry) return;
      this.pendingRetry = true;
      setImmediate(() => {
        this.pendingRetry = false;
        this.retryUnschedulable();
      });
    }
  }

  private retryUnschedulable(): void {
    for (const p of this.store.list('pods') as Pod[]) {
      if (!p.spec.nodeName && !p.metadata.deletionTimestamp) this.schedule(p.metadata.namespace ?? 'default', p.metadata.name);
    }
  }

  /** Tries to bind one pod. */
  schedule(ns: string, name: string): void {
    const pod = this.store.get('pods', ns, name) as Pod | undefined;
    if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp) return;
    const want = podRequests(pod);
    const nodes = this.store.list('nodes') as NodeObject[];
    const reasons = new Map<string, number>();
    const fits: { node: NodeObject; load: number }[] = [];
    for (const node of nodes) {
      const used: Record<string, number> = {};
      for (const p of this.store.list('pods') as Pod[]) {
        if (p.spec.nodeName === node.metadata.name && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') addAll(used, podRequests(p));
      }
      const why: string[] = [];
      if (pod.spec.nodeSelector && Object.entries(pod.spec.nodeSelector).some(([k, v]) => node.metadata.labels?.[k] !== v)) {
        why.push("node(s) didn't match Pod's node affinity/selector");
      }
      for (const [res, amount] of Object.entries(want)) {
        const free = parseQuantity(node.status.allocatable[res] ?? '0') - (used[res] ?? 0);
        if (amount > 0 && amount > free) why.push(res === 'pods' ? 'Too many pods' : `Insufficient ${res}`);
      }
      for (const w of why) reasons.set(w, (reasons.get(w) ?? 0) + 1);
      if (!why.length) fits.push({ node, load: used.cpu ?? 0 });
    }
    if (fits.length) {
      fits.sort((a, b) => a.load - b.load);
      const node = fits[0].node.metadata.name;
      const ts = now();
      this.store.mutate<Pod>('pods', ns, name, (p) => {
        p.spec.nodeName = node;
        p.status.conditions = [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: ts }];
      });
      this.recorder.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${node}`, source);
      return;
    }
    const n = nodes.length;
    const parts = [...reasons.entries()].map(([r, c]) => `${c} ${r}`).sort((a, b) => a.replace(/^\d+ /, '').localeCompare(b.replace(/^\d+ /, '')));
    const message = `0/${n} nodes are available: ${parts.join(', ')}. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;
    this.store.mutate<Pod>('pods', ns, name, (p) => {
      const old = p.status.conditions?.find((c) => c.type === 'PodScheduled');
      if (old?.status === 'False' && old.message === message) return false;
      p.status.phase = 'Pending';
      p.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: now() }];
    });
    this.recorder.record(pod, 'Warning', 'FailedScheduling', message, source);
  }
}

/** The pod's requests in base units (a limit stands in for a missing request), plus one `pods` slot. */
export function podRequests(p: Pod): Record<string, number> {
  const total: Record<string, number> = { pods: 1 };
  for (const c of p.spec.containers ?? []) {
    const req = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
    const one: Record<string, number> = {};
    for (const [k, v] of Object.entries(req)) one[k] = parseQuantity(v);
    addAll(total, one);
  }
  return total;
}
