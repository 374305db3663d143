// One cluster context's live view: list + watch (client-node informers) of
// pods, deployments and events, turned into service records in the model.
// The informer re-lists by itself on 410 Gone and re-watches a stream that
// ended; when it stops on an error (HTTP 500, dropped socket, server down)
// we restart it with back-off. No polling. Errors reach the connection node
// classified and redacted. A kind the user may not watch cluster-wide (403,
// common for namespace-scoped AKS users) is watched namespace by namespace
// instead, and the connection says what was refused and what is shown.
import * as k8s from '@kubernetes/client-node';
import { denialText, namespacesToWatch, parseDenial, type WatchedNamespace } from '../../core/kubernetes/access';
import { describeClusterError } from '../../core/kubernetes/clusterErrors';
import type { KEvent, KPod, KDeployment } from '../../core/kubernetes/objects';
import { azuremlMatch, deploymentRecord, deploymentRecordId, eventInfos, podApp, podRecord, podRecordId, type KubeFilter } from '../../core/kubernetes/records';
import { redact } from '../../core/model/secrets';
import { forgetExecCredential } from './execAuth';
import { rawList, rawRequest } from './rawList';
import type { ServiceModel } from '../../core/model/serviceModel';
import type { ConnectionState, ServiceRecord } from '../../core/model/serviceRecord';

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
  /** The kubeconfig's `exec.installHint`, shown when the plugin is missing. */
  execInstallHint?: string;
  secrets: string[];
  /** Restart back-off after an informer stops on an error (default 1 s doubling to 30 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

type Kind = 'pods' | 'deployments' | 'events';

/** The API path and group of each watched kind. */
const KINDS: Record<Kind, { group: string; path: (namespace?: string) => string }> = {
  deployments: { group: 'apps', path: (ns) => `/apis/apps/v1${ns ? `/namespaces/${ns}` : ''}/deployments` },
  pods: { group: '', path: (ns) => `/api/v1${ns ? `/namespaces/${ns}` : ''}/pods` },
  events: { group: '', path: (ns) => `/api/v1${ns ? `/namespaces/${ns}` : ''}/events` },
};

interface Watched {
  kind: Kind;
  /** Undefined: cluster-wide. */
  namespace?: string;
  informer: k8s.Informer<k8s.KubernetesObject> & k8s.ObjectCache<k8s.KubernetesObject>;
  healthy: boolean;
  /** The refusal, when the server answered 403 (not retried by itself: rights do not come back with time). */
  denied?: string;
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
  private watched: Watched[] = [];
  private disposed = false;
  private version?: string;
  /** Kinds refused cluster-wide, with the refusal; they are watched per namespace. */
  private readonly clusterDenied = new Map<Kind, string>();
  /** The namespaces watched one by one (once a kind was refused cluster-wide). */
  private namespaces?: WatchedNamespace[];
  private narrowing?: Promise<void>;

  constructor(private readonly o: ClusterWatcherOptions) {}

  /** Lists and starts watching; returns at once (progress shows on the connection). */
  start(): void {
    this.o.model.setConnection({ id: this.o.connectionId, kind: 'kubernetes', label: this.o.label, status: 'connecting' });
    for (const kind of Object.keys(KINDS) as Kind[]) this.add(kind, undefined);
  }

  private add(kind: Kind, namespace: string | undefined): void {
    const kc = this.o.kubeConfig;
    const path = KINDS[kind].path(namespace);
    const informer = k8s.makeInformer(kc, path, () => rawList(kc, path));
    const w: Watched = { kind, namespace, informer, healthy: false, failures: 0, failedSinceStart: false };
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
    if (!this.watched.includes(w)) {
      // Dropped while it was listing.
      void w.informer.stop();
      return;
    }
    if (this.disposed || w.failedSinceStart) return;
    w.healthy = true;
    w.denied = undefined;
    w.failures = 0;
    this.updateConnection();
  }

  private onError(w: Watched, err: unknown): void {
    if (this.disposed || !this.watched.includes(w)) return;
    w.failedSinceStart = true;
    w.healthy = false;
    const problem = describeClusterError(err, { server: this.o.server, execCommand: this.o.execCommand, execInstallHint: this.o.execInstallHint, secrets: this.o.secrets });
    if (problem.kind === 'forbidden') return this.onDenied(w, err, problem.reason);
    // A refused token is not sent again: the credential plugin runs anew on the retry (as client-go does).
    if (problem.kind === 'unauthorized' || problem.kind === 'expired') forgetExecCredential(this.o.kubeConfig);
    w.failures++;
    this.o.log(`[${this.o.label}] ${w.kind} watch stopped (${w.failures}): ${redact(problem.reason, this.o.secrets)}`);
    // A first failure after a healthy stretch is usually a dropped stream: say
    // "reconnecting" and retry at once; after that, show why and back off.
    const first = w.failures === 1;
    this.setConnection({
      status: first ? 'reconnecting' : 'unreachable',
      reason: first ? undefined : problem.reason,
      advice: first ? undefined : problem.advice,
    });
    const base = this.o.backoffBaseMs ?? 1000;
    const delay = first ? 0 : Math.min(this.o.backoffMaxMs ?? 30000, base * 2 ** Math.min(10, w.failures - 2));
    clearTimeout(w.timer);
    w.timer = setTimeout(() => void this.run(w), delay);
  }

  /**
   * A 403. Cluster-wide, the kind is watched per namespace from now on; in a
   * namespace, the refusal is shown and the watch waits for "Refresh".
   */
  private onDenied(w: Watched, err: unknown, reason: string): void {
    const message = err instanceof Error ? err.message : String(err);
    const denial = parseDenial(message);
    const text = denial ? denialText(denial) : `${reason} (${w.kind}${w.namespace ? ` in namespace "${w.namespace}"` : ', cluster-wide'})`;
    this.o.log(`[${this.o.label}] ${redact(text, this.o.secrets)}`);
    clearTimeout(w.timer);
    if (w.namespace !== undefined) {
      w.denied = text;
      this.updateConnection();
      return;
    }
    this.clusterDenied.set(w.kind, text);
    this.drop(w);
    void this.narrow();
  }

  /** Watches each refused kind in the namespaces worth watching now (settings may have changed), and no others. */
  private narrow(): Promise<void> {
    const run = async () => {
      const namespaces = await this.namespacesToWatch();
      if (this.disposed) return;
      this.namespaces = namespaces;
      const wanted = new Set(namespaces.map((n) => n.name));
      for (const w of [...this.watched]) {
        if (w.namespace !== undefined && !wanted.has(w.namespace)) this.drop(w, true);
      }
      for (const kind of this.clusterDenied.keys()) {
        for (const { name } of namespaces) if (!this.watched.some((w) => w.kind === kind && w.namespace === name)) this.add(kind, name);
      }
      this.updateConnection();
    };
    // One at a time: the three kinds are usually refused together.
    this.narrowing = (this.narrowing ?? Promise.resolve()).then(run, run);
    return this.narrowing;
  }

  /**
   * The context's namespace, the exact names of the namespace setting, and,
   * when the user may list namespaces, those a setting's glob matches that
   * the server says (SelfSubjectAccessReview) the user may list pods in.
   */
  private async namespacesToWatch(): Promise<WatchedNamespace[]> {
    const kc = this.o.kubeConfig;
    const contextNamespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
    const settings = this.o.filter().namespaces;
    let listed: string[] | undefined;
    if (settings.some((s) => s.includes('*'))) {
      try {
        const names = (await rawList(kc, '/api/v1/namespaces')).items.map((n) => n.metadata?.name ?? '');
        const matching = namespacesToWatch({ settings, listed: names }).map((n) => n.name);
        const allowed = await Promise.all(matching.map((ns) => this.mayList('pods', '', ns)));
        listed = matching.filter((_ns, i) => allowed[i]);
      } catch {
        // Listing namespaces is refused too: only the named ones are known.
      }
    }
    return namespacesToWatch({ contextNamespace, settings, listed });
  }

  /** Asks the server whether this user may list `resource` in `namespace` (SelfSubjectAccessReview). */
  private async mayList(resource: string, group: string, namespace: string): Promise<boolean> {
    const review = await rawRequest(this.o.kubeConfig, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace, verb: 'list', group, resource } },
    }) as { status?: { allowed?: boolean } };
    return review.status?.allowed === true;
  }

  /** Stops a watch; with `forget`, its objects leave the model too. */
  private drop(w: Watched, forget = false): void {
    clearTimeout(w.timer);
    this.watched = this.watched.filter((x) => x !== w);
    void w.informer.stop();
    if (!forget || w.namespace === undefined || w.kind === 'events') return;
    const prefix = `${w.namespace}/`;
    for (const key of [...(w.kind === 'pods' ? this.pods : this.deployments).keys()]) {
      if (key.startsWith(prefix)) this.onObject(w.kind, { metadata: { namespace: w.namespace, name: key.slice(prefix.length) } }, true);
    }
  }

  private scope(): ConnectionState['scope'] {
    if (!this.clusterDenied.size) return undefined;
    return {
      denied: [...this.clusterDenied.values(), ...this.watched.flatMap((w) => (w.denied ? [w.denied] : []))],
      namespaces: this.namespaces ?? [],
    };
  }

  private setConnection(state: Pick<ConnectionState, 'status' | 'reason' | 'advice'>): void {
    this.o.model.setConnection({ id: this.o.connectionId, kind: 'kubernetes', label: this.o.label, version: this.version, ...state, scope: this.scope() });
  }

  private updateConnection(): void {
    // Refused kinds wait for their namespaces; a refused namespace is settled (shown, not retried).
    if (this.clusterDenied.size && !this.namespaces) return;
    if (!this.watched.every((w) => w.healthy || w.denied)) return;
    this.setConnection({ status: 'connected' });
    if (!this.version) void this.fetchVersion();
  }

  private async fetchVersion(): Promise<void> {
    try {
      const v = await this.o.kubeConfig.makeApiClient(k8s.VersionApi).getCode();
      this.version = `Kubernetes ${v.gitVersion}`;
      if (!this.disposed) this.updateConnection();
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

  /** Re-applies the filter (settings changed) without re-listing; a namespace-scoped watch follows the namespace setting. */
  refilter(): void {
    for (const key of this.deployments.keys()) this.syncDeployment(key);
    for (const key of this.pods.keys()) this.syncPod(key);
    if (this.clusterDenied.size) void this.narrow();
  }

  /** Restarts every stopped or refused informer now (e.g. "Refresh"), without waiting for its back-off. */
  retryNow(): void {
    for (const w of this.watched) {
      if (w.healthy) continue;
      clearTimeout(w.timer);
      void this.run(w);
    }
    if (this.clusterDenied.size) void this.narrow();
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
