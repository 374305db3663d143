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
}
