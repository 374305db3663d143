// Typed access to the extension's settings (azuremlDebug.*). The settings
// reader is injected so core code and tests never need the vscode API.
import { DEFAULT_INFERENCE_IMAGE } from '../core/docker/defaultImage';

export interface SettingsReader {
  get<T>(key: string, fallback: T): T;
}

export class Settings {
  constructor(private readonly read: SettingsReader) {}

  /** Folder of the sample deployment; empty means the one bundled with the extension. */
  get sampleFolder(): string {
    return this.read.get<string>('sample.folder', '');
  }

  /** Docker engine to reach (unix:// or tcp://); empty: DOCKER_HOST, else the default socket. */
  get dockerHost(): string {
    return this.read.get<string>('docker.host', '');
  }

  /** List every container, not only Azure ML deployments. */
  get showAllContainers(): boolean {
    return this.read.get<boolean>('docker.showAllContainers', false);
  }

  /** Containers (names or ids) the user pinned into the tree. */
  get pinnedContainers(): string[] {
    return this.read.get<string[]>('docker.pinnedContainers', []);
  }

  /** Port debugpy listens on: attach configurations and the score.py hook use it. */
  get debugPort(): number {
    const n = this.read.get<number>('debug.port', 5678);
    return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : 5678;
  }

  /** Seconds the score.py hook waits for a debugger before scoring goes on; 0 waits forever. */
  get debugTimeoutSeconds(): number {
    const n = this.read.get<number>('debug.timeout', 30);
    return Number.isFinite(n) && n >= 0 ? n : 30;
  }

  /** Address the score.py hook listens on: 127.0.0.1, or 0.0.0.0 inside a container. */
  get debugListenHost(): string {
    return this.read.get<string>('debug.listenHost', '127.0.0.1');
  }

  /** Lines each log panel tab keeps (a ring; older lines are dropped). */
  get logsMaxLines(): number {
    const n = this.read.get<number>('logs.maxLines', 50_000);
    return Number.isFinite(n) ? Math.min(1_000_000, Math.max(1_000, Math.floor(n))) : 50_000;
  }

  /** Image a debug launch starts when launch.json names none. */
  get debugImage(): string {
    return this.read.get<string>('debug.image', DEFAULT_INFERENCE_IMAGE) || DEFAULT_INFERENCE_IMAGE;
  }

  /** Keep the debug container after the session ends (for inspection). */
  get debugKeepContainer(): boolean {
    return this.read.get<boolean>('debug.keepContainer', false);
  }

  /** Seconds the `azureml` session keeps retrying debugpy's port before giving up. */
  get debugReadyTimeoutSeconds(): number {
    const n = this.read.get<number>('debug.readyTimeout', 30);
    return Number.isFinite(n) && n > 0 ? n : 30;
  }

  /** Kubeconfig file(s) to read clusters from (path-list separated); empty: KUBECONFIG, else ~/.kube/config. */
  get kubeconfig(): string {
    return this.read.get<string>('kubernetes.kubeconfig', '');
  }

  /** Labels that mark an Azure ML service on a cluster (`key=value`, `key`, or `prefix/*`). */
  get kubernetesLabels(): string[] {
    return this.read.get<string[]>('kubernetes.labels', ['isazuremlapp=true', 'azuremlappname', 'ml.azure.com/*']);
  }

  /** Namespace globs whose deployments are Azure ML services. */
  get kubernetesNamespaces(): string[] {
    return this.read.get<string[]>('kubernetes.namespaces', ['azureml-*']);
  }

  /** List every deployment of a cluster, not only Azure ML ones. */
  get kubernetesShowAll(): boolean {
    return this.read.get<boolean>('kubernetes.showAllDeployments', false);
  }

  /** Base image of "Deploy Locally" (Azure ML's minimal inference image by default; pulled when missing). */
  get deployBaseImage(): string {
    return this.read.get<string>('deploy.baseImage', DEFAULT_INFERENCE_IMAGE) || DEFAULT_INFERENCE_IMAGE;
  }

  /** Host port (127.0.0.1) a local deployment is published on; the next free one when taken. */
  get deployPort(): number {
    const n = this.read.get<number>('deploy.port', 8890);
    return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : 8890;
  }

  /** Seconds a deployment may take to answer its health route. */
  get deployHealthTimeoutSeconds(): number {
    const n = this.read.get<number>('deploy.healthTimeout', 60);
    return Number.isFinite(n) && n > 0 ? n : 60;
  }

  /** Packages the base image's server stands in for, never installed. */
  get deployProvidedPackages(): string[] {
    return this.read.get<string[]>('deploy.providedPackages', ['azureml-defaults', 'azureml-inference-server-http']);
  }

  /** How Reload picks up score.py: SIGHUP to the server ('signal') or a container restart. */
  get deployReloadMode(): 'signal' | 'restart' {
    return this.read.get<string>('deploy.reloadMode', 'signal') === 'restart' ? 'restart' : 'signal';
  }

  /** Reload a local deployment when its entry script (or a .py file of its source folder) is saved. */
  get deployReloadOnSave(): boolean {
    return this.read.get<boolean>('deploy.reloadOnSave', false);
  }

  /**
   * Requests to a v2 deployment go through a local front door that applies
   * its request_settings as Azure does (408, 429, 424), and its model is
   * mounted as Azure lays it out (model.path under its own name, nothing beside it).
   */
  get deployBehaveLikeAzure(): boolean {
    return this.read.get<boolean>('deploy.behaveLikeAzure', true);
  }

  /** Seconds "Send Test Request" waits for an answer (0: no limit). */
  get deployRequestTimeoutSeconds(): number {
    const n = this.read.get<number>('deploy.requestTimeout', 90);
    return Number.isFinite(n) && n >= 0 ? n : 90;
  }
}
