// Typed access to the extension's settings (azuremlDebug.*). The settings
// reader is injected so core code and tests never need the vscode API.
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

  /** Lines each log panel tab keeps (a ring; older lines are dropped). */
  get logsMaxLines(): number {
    const n = this.read.get<number>('logs.maxLines', 50_000);
    return Number.isFinite(n) ? Math.min(1_000_000, Math.max(1_000, Math.floor(n))) : 50_000;
  }
}
