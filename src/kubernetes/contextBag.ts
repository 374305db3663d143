// One cluster context's connection, thrown away whole: the client
// configuration, the watcher feeding the model, and every port-forward and
// log stream opened through it. Disposing the bag ends them all.
import type * as k8s from '@kubernetes/client-node';
import type { KubeContextInfo } from '../core/kubernetes/kubeconfig';
import type { KubeFilter } from '../core/kubernetes/records';
import type { LogSource, PathMapping } from '../core/logs/logSource';
import type { ServiceModel } from '../core/model/serviceModel';
import type { ClusterWatcher, ExecResult, PortForwardHandle } from './client/index';
import { loadKubernetes } from './lazy';

interface BagDeps {
  model: ServiceModel;
  filter: () => KubeFilter;
  log: (message: string) => void;
  bundleDir: string;
}

/** The per-context bag. */
export class ContextBag {
  readonly kubeConfig: k8s.KubeConfig;
  private readonly watcher: ClusterWatcher;
  private readonly owned = new Set<{ dispose(): void }>();
  private disposed = false;

  constructor(
    readonly connectionId: string,
    readonly context: KubeContextInfo,
    document: Record<string, unknown>,
    private readonly deps: BagDeps,
  ) {
    const bundle = loadKubernetes(deps.bundleDir);
    this.kubeConfig = bundle.kubeConfigFor(document, context.name);
    this.watcher = new bundle.ClusterWatcher({
      connectionId,
      label: context.name,
      kubeConfig: this.kubeConfig,
      model: deps.model,
      filter: deps.filter,
      log: deps.log,
      server: context.server,
      execCommand: context.execCommand,
      execInstallHint: context.execInstallHint,
      secrets: context.secrets,
    });
  }

  start(): void {
    this.watcher.start();
  }

  refilter(): void {
    this.watcher.refilter();
  }

  retryNow(): void {
    this.watcher.retryNow();
  }

  private own<T extends { dispose(): void }>(d: T): T {
    if (this.disposed) {
      d.dispose();
      return d;
    }
    this.owned.add(d);
    const dispose = d.dispose.bind(d);
    d.dispose = () => {
      this.owned.delete(d);
      dispose();
    };
    return d;
  }

  /** Forwards a pod port to a free 127.0.0.1 port; closed with the bag at the latest. `onLost` hears of a broken stream. */
  async forward(namespace: string, pod: string, port: number, onLost?: (reason: string) => void): Promise<PortForwardHandle> {
    const handle = await loadKubernetes(this.deps.bundleDir).forwardPort(this.kubeConfig, namespace, pod, port, { secrets: this.context.secrets, log: this.deps.log, onLost });
    return this.own(handle);
  }

  /** Runs a command (argument array) in a container. */
  exec(namespace: string, pod: string, container: string, command: readonly string[]): Promise<ExecResult> {
    return loadKubernetes(this.deps.bundleDir).execInPod(this.kubeConfig, { namespace, pod, container }, command, { secrets: this.context.secrets });
  }

  /** The log source of a pod's container; its streams close with the bag. */
  logSource(namespace: string, pod: string, container: string, pathMappings: () => readonly PathMapping[]): LogSource {
    return loadKubernetes(this.deps.bundleDir).podLogSource({
      kubeConfig: this.kubeConfig,
      model: this.deps.model,
      connectionId: this.connectionId,
      namespace,
      pod,
      container,
      title: `${pod}/${container}`,
      description: `${this.context.name} · ${namespace}`,
      secrets: this.context.secrets,
      pathMappings,
      track: (h) => this.own(h),
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const d of [...this.owned]) d.dispose();
    this.watcher.dispose();
  }
}
