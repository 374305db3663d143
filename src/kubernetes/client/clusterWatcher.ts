// One cluster context's live view: list + watch (client-node informers) of
// pods, deployments and events, turned into service records in the model.
// The informer re-lists by itself on 410 Gone and re-watches a stream that
// ended; when it stops on an error (HTTP 500, dropped socket, server down)
// we restart it with back-off. No polling. Errors reach the connection node
// classified and redacted.
import * as k8s from '@kubernetes/client-node';
import { describeClusterError } from '../../core/kubernetes/clusterErrors';
import type { KEvent, KPod, KDeployment } from '../../core/kubernetes/objects';
import { azuremlMatch, deploymentRecord, deploymentRecordId, eventInfos, podApp, podRecord, podRecordId, type KubeFilter } from '../../core/kubernetes/records';
import { redact } from '../../core/model/secrets';
import { rawList } from './rawList';
import type { ServiceModel } from '../../core/model/serviceModel';
import type { ServiceRecord } from '../../core/model/serviceRecord';

/** What a watcher is given. */
export interface ClusterWatcherOptions {
  connectionId: string;
  label: string;
  kubeConfig: k8s.KubeConfig;
  model: ServiceModel;
  filter: () => KubeFilter;
  log: (message: string) => void;
  /** For error wording and redaction. */
  server?: string;
  execCommand?: string;
  secrets: string[];
  /** Restart back-off after an informer stops on an error (default 1 s doubling to 30 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

type Kind = 'pods' | 'deployments' | 'events';

interface Watched {
  kind: Kind;
  informer: k8s.Informer<k8s.KubernetesObject> & k8s.ObjectCache<k8s.KubernetesObject>;
  healthy: boolean;
  failures: number;
  failedSinceStart: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

const keyOf = (o: { metadata?: { namespace?: string; name?: string } }) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** Keeps the model's records of one context in step with the cluster. */
export class ClusterWatcher {
  private readonly pods = new Map<string, KPod>();
  private readonly deployments = new Map<string, KDeployment>();
  /** involved pod key -> event key -> event. */
  private readonly events = new Map<string, Map<string, KEvent>>();
  private readonly watched: Watched[] = [];
  private disposed = false;
  private version?: string;

  constructor(private readonly o: ClusterWatcherOptions) {}

  /** Lists and starts watching; returns at once (progress shows on the connection). */
  start(): void {
    this.o.model.setConnection({ id: this.o.connectionId, kind: 'kubernetes', label: this.o.label, status: 'connecting' });
    const kc = this.o.kubeConfig;
    for (const [kind, path] of [['deployments', '/apis/apps/v1/deployments'], ['pods', '/api/v1/pods'], ['events', '/api/v1/events']] as const) {
      this.add(kind, k8s.makeInformer(kc, path, () => rawList(kc, path)));
    }
  }

  private add(kind: Kind, informer: Watched['informer']): void {
    const w: Watched = { kind, informer, healthy: false, failures: 0, failedSinceStart: false };
    this.watched.push(w);
    const upsert = (o: k8s.KubernetesObject) => this.onObject(kind, o, false);
    informer.on(k8s.ADD, upsert);
    informer.on(k8s.UPDATE, upsert);
    informer.on(k8s.DELETE, (o) => this.onObject(kind, o, true));
    informer.on(k8s.ERROR, (err: unknown) => this.onError(w, err));
    void this.run(w);
  }

  private async run(w: Watched): Promise<void> {
    if (this.disposed) return;
    w.failedSinceStart = false;
    try {
      await w.informer.start();
    } catch (err) {
      this.onError(w, err);
      return;
    }
    if (this.disposed || w.failedSinceStart) return;
    w.healthy = true;
    w.failures = 0;
    this.updateConnection();
  }

  private onError(w: Watched, err: unknown): void {
    if (this.disposed) return;
    w.failedSinceStart = true;
    w.healthy = false;
    w.failures++;
    const problem = describeClusterError(err, { server: this.o.server, execCommand: this.o.execCommand, secrets: this.o.secrets });
    this.o.log(`[${this.o.label}] ${w.kind} watch stopped (${w.failures}): ${redact(problem.reason, this.o.secrets)}`);
    // A first failure after a healthy stretch is usually a dropped stream: say
    // "reconnecting" and retry at once; after that, show why and back off.
    const first = w.failures === 1;
    this.o.model.setConnection({
      id: this.o.connectionId, kind: 'kubernetes', label: this.o.label, version: this.version,
      status: first ? 'reconnecting' : 'unreachable',
      reason: first ? undefined : problem.reason,
      advice: first ? undefined : problem.advice,
    });
    const base = this.o.backoffBaseMs ?? 1000;
    const delay = first ? 0 : Math.min(this.o.backoffMaxMs ?? 30000, base * 2 ** Math.min(10, w.failures - 2));
    clearTimeout(w.timer);
    w.timer = setTimeout(() => void this.run(w), delay);
  }

  private updateConnection(): void {
    if (!this.watched.every((w) => w.healthy)) return;
    this.o.model.setConnection({ id: this.o.connectionId, kind: 'kubernetes', label: this.o.label, status: 'connected', version: this.version });
    if (!this.version) void this.fetchVersion();
  }

  private async fetchVersion(): Promise<void> {
    try {
      const v = await this.o.kubeConfig.makeApiClient(k8s.VersionApi).getCode();
      this.version = `Kubernetes ${v.gitVersion}`;
      if (!this.disposed && this.watched.every((w) => w.healthy)) this.updateConnection();
    } catch {
      // The version is decoration; the watches say whether the cluster answers.
    }
  }

  private onObject(kind: Kind, o: k8s.KubernetesObject, deleted: boolean): void {
    if (this.disposed) return;
    const key = keyOf(o);
    if (kind === 'pods') {
      if (deleted) {
        this.pods.delete(key);
        this.events.delete(key);
        this.o.model.remove(this.o.connectionId, podRecordId(o.metadata?.namespace ?? '', o.metadata?.name ?? ''));
      } else {
        this.pods.set(key, o as KPod);
        this.syncPod(key);
      }
    } else if (kind === 'deployments') {
      if (deleted) this.deployments.delete(key);
      else this.deployments.set(key, o as KDeployment);
      this.syncDeployment(key);
    } else {
      const e = o as KEvent;
      if (e.involvedObject?.kind !== 'Pod') return;
      const podKey = `${e.involvedObject.namespace ?? e.metadata?.namespace ?? ''}/${e.involvedObject.name ?? ''}`;
      let byPod = this.events.get(podKey);
      if (deleted) byPod?.delete(key);
      else {
        if (!byPod) this.events.set(podKey, (byPod = new Map()));
        byPod.set(key, e);
      }
      if (this.pods.has(podKey)) this.syncPod(podKey);
    }
  }

  private deploymentListed(d: KDeployment | undefined, filter: KubeFilter): ServiceRecord['reason'] | undefined {
    if (!d) return undefined;
    const match = azuremlMatch(d.metadata, filter) ?? azuremlMatch({ ...d.spec?.template?.metadata, namespace: d.metadata?.namespace }, filter);
    return match ? 'azureml' : filter.showAll ? 'all' : undefined;
  }

  private syncDeployment(key: string): void {
    const d = this.deployments.get(key);
    const [ns, name] = key.split('/');
    const filter = this.o.filter();
    const listed = this.deploymentListed(d, filter);
    if (d && listed) {
      const match = azuremlMatch(d.metadata, filter) ?? azuremlMatch({ ...d.spec?.template?.metadata, namespace: d.metadata?.namespace }, filter);
      this.o.model.upsert(deploymentRecord(this.o.connectionId, d, match));
    } else this.o.model.remove(this.o.connectionId, deploymentRecordId(ns, name));
    // Whether its pods are listed follows the deployment.
    for (const [podKey, pod] of this.pods) if (podApp(pod) === key) this.syncPod(podKey);
  }

  private syncPod(key: string): void {
    const pod = this.pods.get(key);
    if (!pod) return;
    const filter = this.o.filter();
    const app = podApp(pod);
    const listed: ServiceRecord['reason'] | undefined = azuremlMatch(pod.metadata, filter) ? 'azureml' : this.deploymentListed(this.deployments.get(app), filter) ?? (filter.showAll ? 'all' : undefined);
    const id = podRecordId(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
    if (!listed) return this.o.model.remove(this.o.connectionId, id);
    this.o.model.upsert(podRecord(this.o.connectionId, pod, eventInfos(this.events.get(key)?.values() ?? []), listed));
  }

  /** Re-applies the filter (settings changed) without re-listing. */
  refilter(): void {
    for (const key of this.deployments.keys()) this.syncDeployment(key);
    for (const key of this.pods.keys()) this.syncPod(key);
  }

  /** Restarts every stopped informer now (e.g. "Refresh"), without waiting for its back-off. */
  retryNow(): void {
    for (const w of this.watched) {
      if (w.healthy) continue;
      clearTimeout(w.timer);
      void this.run(w);
    }
  }

  /** Stops the watches and removes this context's records. */
  dispose(): void {
    this.disposed = true;
    for (const w of this.watched) {
      clearTimeout(w.timer);
      void w.informer.stop();
    }
    this.o.model.removeConnection(this.o.connectionId);
  }
}
