// The attach configurations to write or offer, built from the settings: our
// `azureml` type always, the Python debugger's `debugpy` type when that
// extension is installed (or when asked for by name).
import { azuremlAttachConfiguration, debugpyAttachConfiguration, type AttachConfiguration } from '../../core/edits/attachConfig';
import type { Settings } from '../../platform/settings';

/** The kinds of attach configuration the extension writes. */
export type AttachKind = 'azureml' | 'debugpy';

/** The configuration of `kind`, attaching to 127.0.0.1 on the configured port; `localRoot` defaults to `${workspaceFolder}`. */
export function attachConfiguration(kind: AttachKind, settings: Settings, localRoot?: string): AttachConfiguration {
  const target = { host: '127.0.0.1', port: settings.debugPort, ...(localRoot ? { localRoot } : {}) };
  return kind === 'azureml' ? azuremlAttachConfiguration(target) : debugpyAttachConfiguration(target);
}
