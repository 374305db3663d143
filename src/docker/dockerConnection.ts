// The Docker side's per-connection bag: one EngineWatcher for the engine the
// settings name. It is created on first use (dockerode loads then, not at
// activation) and thrown away whole when docker.host or the filters change.
import * as vscode from 'vscode';
import type Dockerode from 'dockerode';
import { engineAddress } from './engineAddress';
import type { ServiceModel } from '../core/model/serviceModel';
import type { Settings } from '../platform/settings';
import { loadDocker } from './lazy';
import type { EngineWatcher } from './client/engineWatcher';
import type { ServiceRecord } from '../core/model/serviceRecord';
import { localEndpointOf } from '../core/model/cliLabels';
import { frontDoorRulesOf } from '../core/deploy/frontDoor';
import { FrontDoor } from '../platform/frontDoor';

export const DOCKER_CONNECTION_ID = 'docker';

/** Owns the connection to the one Docker engine the user reaches. */
export class DockerConnection implements vscode.Disposable {
  private watcher?: EngineWatcher;
  private readonly disposables: vscode.Disposable[] = [];
  // One front door per v2 container and scoring port, kept while the container is listed.
  private readonly doors = new Map<string, Promise<FrontDoor>>();

  constructor(
    private readonly model: ServiceModel,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
    private readonly bundleDir: string,
  ) {
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!this.watcher) return;
      if (e.affectsConfiguration('azuremlDebug.docker.host')) this.reconnect();
      else if (e.affectsConfiguration('azuremlDebug.docker')) void this.watcher.refresh();
    }, this, this.disposables);
  }

  /** Starts watching the engine if not yet started; cheap when already running. */
  ensureStarted(): void {
    if (this.watcher) return;
    let address;
    try {
      address = engineAddress(this.settings.dockerHost);
    } catch (err) {
      this.model.setConnection({ id: DOCKER_CONNECTION_ID, kind: 'docker', label: this.settings.dockerHost || process.env.DOCKER_HOST || '', status: 'unreachable', reason: (err as Error).message });
      return;
    }
    const { EngineWatcher } = this.bundle();
    this.watcher = new EngineWatcher({
      connectionId: DOCKER_CONNECTION_ID,
      address,
      model: this.model,
      pinned: () => new Set(this.settings.pinnedContainers),
      showAll: () => this.settings.showAllContainers,
      log: (m) => this.log.info(m),
    });
    this.watcher.start();
  }

  /** The Docker bundle (dist/docker.js), loaded on first use. */
  bundle(): ReturnType<typeof loadDocker> {
    return loadDocker(this.bundleDir);
  }

  /** The engine's client, starting the connection if needed. */
  client(): Dockerode | undefined {
    this.ensureStarted();
    return this.watcher?.docker;
  }

  /** Every container of the engine, listed or not (for "Pin Container"); undefined when the engine is unreachable. */
  async allContainers(): Promise<{ id: string; name: string; image: string; state: string }[] | undefined> {
    const docker = this.client();
    if (!docker) return undefined;
    return (await docker.listContainers({ all: true })).map((c) => ({ id: c.Id, name: c.Names[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12), image: c.Image, state: c.State }));
  }

  /** A container's name as the engine knows it (a pinned entry may name it or give its id). */
  async containerName(id: string): Promise<string | undefined> {
    const docker = this.client();
    return docker ? (await docker.getContainer(id).inspect()).Name.replace(/^\//, '') : undefined;
  }

  /**
   * The front door of a v2 deployment's container (one the Azure ML CLI's
   * labels name), started on first use; undefined for other containers, one
   * without a scoring port, or when deploy.behaveLikeAzure is off.
   */
  async frontDoor(record: ServiceRecord): Promise<FrontDoor | undefined> {
    const port = record.scoringPort?.hostPort;
    if (!port || !localEndpointOf(record.labels) || !this.settings.deployBehaveLikeAzure) return undefined;
    for (const [key, door] of this.doors) {
      if (!this.model.get(DOCKER_CONNECTION_ID, key.split('|')[0])) {
        this.doors.delete(key);
        void door.then((d) => d.close(), () => undefined);
      }
    }
    const key = `${record.id}|${port}`;
    let door = this.doors.get(key);
    if (!door) {
      door = FrontDoor.start({ host: record.scoringPort?.hostIp && record.scoringPort.hostIp !== '0.0.0.0' ? record.scoringPort.hostIp : '127.0.0.1', port }, frontDoorRulesOf(record.labels));
      this.doors.set(key, door);
      door.catch(() => this.doors.delete(key));
    }
    return door;
  }

  /** Re-lists the containers (e.g. after pinning one). */
  async refresh(): Promise<void> {
    this.ensureStarted();
    await this.watcher?.refresh();
  }

  private reconnect(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.model.removeConnection(DOCKER_CONNECTION_ID);
    this.ensureStarted();
  }

  dispose(): void {
    for (const door of this.doors.values()) void door.then((d) => d.close(), () => undefined);
    this.doors.clear();
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
