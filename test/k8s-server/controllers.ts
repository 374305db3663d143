// The controllers of the control plane that the tests need: Deployment ->
// ReplicaSet (one per pod template, named by its hash) -> Pods, the status
// roll-ups clients read (ready/available replicas, conditions), and the
// garbage collector that deletes dependents when their owner goes.
import { matchesLabels } from './selectors';
import { now, shortHash, type Store, type StoreEvent } from './store';
import type { EventRecorder } from './events';
import type { Deployment, KObject, NewObject, OwnerReference, Pod, ReplicaSet } from './types';

const source = { component: 'deployment-controller' };
const rsSource = { component: 'replicaset-controller' };

/** Runs the deployment and replicaset controllers over the store. */
export class Controllers {
  private readonly queue = new Set<string>();
  private scheduled = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store, private readonly recorder: EventRecorder, private readonly deletePod: (p: Pod) => void) {
    this.unsubscribe = store.subscribe((ev) => this.onChange(ev));
  }

  /** Stops reacting to changes. */
  dispose(): void {
    this.unsubscribe();
  }

  private onChange(ev: StoreEvent): void {
    const o = ev.object;
    const ns = o.metadata.namespace;
    if (ev.resource === 'deployments') {
      if (ev.type === 'DELETED') this.collect('replicasets', o);
      else this.enqueue('deployments', ns, o.metadata.name);
    } else if (ev.resource === 'replicasets') {
      if (ev.type === 'DELETED') this.collect('pods', o);
      else this.enqueue('replicasets', ns, o.metadata.name);
      const owner = controllerOf(o);
      if (owner?.kind === 'Deployment') this.enqueue('deployments', ns, owner.name);
    } else if (ev.resource === 'pods') {
      const owner = controllerOf(o);
      if (owner?.kind === 'ReplicaSet') this.enqueue('replicasets', ns, owner.name);
    }
  }

  /** Garbage collection: delete every `resource` object owned by `owner`. */
  private collect(resource: string, owner: KObject): void {
    for (const o of this.store.list(resource, owner.metadata.namespace)) {
      if (!o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid)) continue;
      if (resource === 'pods') this.deletePod(o as Pod);
      else this.store.remove(resource, o.metadata.namespace, o.metadata.name);
    }
  }

  private enqueue(resource: string, ns: string | undefined, name: string): void {
    this.queue.add(`${resource}/${ns ?? ''}/${name}`);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const keys = [...this.queue];
      this.queue.clear();
      for (const key of keys) {
        const [resource, ns, name] = key.split('/');
        if (resource === 'deployments') this.syncDeployment(ns, name);
        else this.syncReplicaSet(ns, name);
      }
    });
  }

  private syncDeployment(ns: string, name: string): void {
    const d = this.store.get('deployments', ns, name) as Deployment | undefined;
    if (!d || d.metadata.deletionTimestamp) return;
    const desired = d.spec.replicas ?? 1;
    const hash = shortHash(JSON.stringify(d.spec.template));
    const rsName = `${name}-${hash}`;
    const owned = this.store.list('replicasets', ns).filter((r) => controllerOf(r)?.uid === d.metadata.uid) as ReplicaSet[];
    let current = owned.find((r) => r.metadata.name === rsName);
    if (!current) {
      const labels = { ...(d.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash };
      const rs: NewObject = {
        apiVersion: 'apps/v1', kind: 'ReplicaSet',
        metadata: { name: rsName, namespace: ns, labels, annotations: { 'deployment.kubernetes.io/revision': String(owned.length + 1) }, ownerReferences: [ownerRef(d)] },
        spec: { replicas: desired, selector: { matchLabels: { ...(d.spec.selector.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { metadata: { ...(d.spec.template.metadata ?? {}), labels }, spec: d.spec.template.spec } },
        status: { replicas: 0 },
      };
      current = this.store.create('replicasets', rs) as ReplicaSet;
      this.recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${desired}`, source);
    } else if (current.spec.replicas !== desired) {
      const from = current.spec.replicas;
      this.store.mutate<ReplicaSet>('replicasets', ns, rsName, (r) => { r.spec.replicas = desired; });
      this.recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${desired > from ? 'up' : 'down'} replica set ${rsName} from ${from} to ${desired}`, source);
    }
    for (const old of owned) {
      if (old.metadata.name === rsName || old.spec.replicas === 0) continue;
      const from = old.spec.replicas;
      this.store.mutate<ReplicaSet>('replicasets', ns, old.metadata.name, (r) => { r.spec.replicas = 0; });
      this.recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled down replica set ${old.metadata.name} from ${from} to 0`, source);
    }
    const all = this.store.list('replicasets', ns).filter((r) => controllerOf(r)?.uid === d.metadata.uid) as ReplicaSet[];
    const sum = (f: string) => all.reduce((n, r) => n + (((r.status ?? {})[f] as number | undefined) ?? 0), 0);
    const fresh = all.find((r) => r.metadata.name === rsName);
    const available = sum('availableReplicas');
    const ts = now();
    const status = {
      observedGeneration: d.metadata.generation,
      replicas: sum('replicas'),
      updatedReplicas: (fresh?.status?.replicas as number | undefined) ?? 0,
      readyReplicas: sum('readyReplicas'),
      availableReplicas: available,
      ...(desired - available > 0 ? { unavailableReplicas: desired - available } : {}),
      conditions: [
        available >= desired
          ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
          : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
        available >= desired
          ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }
          : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` },
      ],
    };
    this.writeStatus<Deployment>('deployments', d, status, ts);
  }

  private syncReplicaSet(ns: string, name: string): void {
    const rs = this.store.get('replicasets', ns, name) as ReplicaSet | undefined;
    if (!rs) return;
    const pods = (this.store.list('pods', ns) as Pod[]).filter((p) => controllerOf(p)?.uid === rs.metadata.uid && !p.metadata.deletionTimestamp);
    const want = rs.spec.replicas;
    for (let i = pods.length; i < want; i++) {
      const pod = this.store.create('pods', {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { generateName: `${name}-`, namespace: ns, labels: { ...(rs.spec.template.metadata?.labels ?? {}) },
          annotations: { ...(rs.spec.template.metadata?.annotations ?? {}) }, ownerReferences: [ownerRef(rs)] },
        spec: { restartPolicy: 'Always', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, ...structuredClone(rs.spec.template.spec) },
        status: { phase: 'Pending', qosClass: 'Burstable' },
      });
      this.recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, rsSource);
    }
    for (const extra of pods.slice(want)) {
      this.deletePod(extra);
      this.recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${extra.metadata.name}`, rsSource);
    }
    const live = (this.store.list('pods', ns) as Pod[]).filter((p) => controllerOf(p)?.uid === rs.metadata.uid && matchesLabels(p.metadata.labels, rs.spec.selector.matchLabels));
    const ready = live.filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    this.writeStatus<ReplicaSet>('replicasets', rs, {
      replicas: live.filter((p) => !p.metadata.deletionTimestamp).length, fullyLabeledReplicas: live.length,
      readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation,
    });
  }

  /** Writes a status only when it changed (keeps watches quiet; avoids loops). */
  private writeStatus<T extends KObject>(resource: string, o: T, status: Record<string, unknown>, ts = now()): void {
    const old = (o.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
    const conds = status.conditions as { type: string; status: string; lastTransitionTime?: string; lastUpdateTime?: string }[] | undefined;
    for (const c of conds ?? []) {
      const prev = old.conditions?.find((x) => x.type === c.type);
      c.lastTransitionTime = prev && prev.status === c.status ? prev.lastTransitionTime : ts;
      c.lastUpdateTime = c.lastTransitionTime;
    }
    if (JSON.stringify(old) === JSON.stringify(status)) return;
    this.store.mutate(resource, o.metadata.namespace, o.metadata.name, (x) => { x.status = status; });
  }
}

/** The controller owner reference of an object, if any. */
export function controllerOf(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

function ownerRef(o: KObject): OwnerReference {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}
