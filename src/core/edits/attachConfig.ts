// The attach configurations the extension writes into launch.json and offers
// through its configuration provider: our own `azureml` type (works without
// the Python extension) and the Python debugger's `debugpy` type of the seeds.
import { APP_ROOT } from '../model/appRoot';

/** Debug type contributed by this extension. */
export const AZUREML_DEBUG_TYPE = 'azureml';
/** Debug type of the Python Debugger extension (ms-python.debugpy). */
export const DEBUGPY_DEBUG_TYPE = 'debugpy';
/** Name the seeds give the attach configuration; kept so their instructions still match. */
export const DEBUGPY_CONFIG_NAME = 'Azure Machine Learning: Docker Debug';
/** Name of the configuration of our own `azureml` type. */
export const AZUREML_CONFIG_NAME = 'Azure Machine Learning: Attach to Deployment';

/** Where the debugger listens and how local files map to the container's. */
export interface AttachTarget {
  host: string;
  port: number;
  /** Local folder of score.py; a VS Code variable is fine. */
  localRoot?: string;
  remoteRoot?: string;
}

/** One launch.json entry. Plain data, so it can be written as JSON. */
export interface AttachConfiguration {
  name: string;
  type: string;
  request: 'attach';
  host: string;
  port: number;
  pathMappings: { localRoot: string; remoteRoot: string }[];
  [key: string]: unknown;
}

const defaults = { host: '127.0.0.1', port: 5678 };

/** A workspace folder, and whether the entry script sits at its root. */
export interface FolderFacts {
  name: string;
  hasEntryScript: boolean;
}

/**
 * The local root for a configuration kept in a .code-workspace file, where a
 * bare `${workspaceFolder}` names no folder (VS Code refuses it in a
 * multi-root workspace): `${workspaceFolder:name}` of the first folder with
 * the entry script, else of the first folder. Undefined when no folder's
 * name can stand in a variable (VS Code's variables end at the first "}").
 */
export function scopedLocalRoot(folders: readonly FolderFacts[]): string | undefined {
  const usable = folders.filter((f) => f.name && !f.name.includes('}'));
  const pick = usable.find((f) => f.hasEntryScript) ?? usable[0];
  return pick ? `\${workspaceFolder:${pick.name}}` : undefined;
}

function mappings(target: Partial<AttachTarget>): AttachConfiguration['pathMappings'] {
  return [{ localRoot: target.localRoot ?? '${workspaceFolder}', remoteRoot: target.remoteRoot ?? APP_ROOT }];
}

/** One attach entry to `target` (127.0.0.1:5678 and `${workspaceFolder}` where it says nothing). */
function attachEntry(name: string, type: string, target: Partial<AttachTarget>): AttachConfiguration {
  return { name, type, request: 'attach', host: target.host ?? defaults.host, port: target.port ?? defaults.port, pathMappings: mappings(target) };
}

/** The `azureml` attach configuration (our own debug type). */
export function azuremlAttachConfiguration(target: Partial<AttachTarget> = {}): AttachConfiguration {
  return attachEntry(AZUREML_CONFIG_NAME, AZUREML_DEBUG_TYPE, target);
}

/**
 * The Python debugger's attach configuration, named as in the seeds. `host`
 * and `port` stay top-level as there, which the debugpy extension accepts,
 * so a configuration pasted from the seeds is updated in place, not doubled.
 */
export function debugpyAttachConfiguration(target: Partial<AttachTarget> = {}): AttachConfiguration {
  return { ...attachEntry(DEBUGPY_CONFIG_NAME, DEBUGPY_DEBUG_TYPE, target), justMyCode: true };
}

/** The kinds of attach configuration the extension writes. */
export type AttachKind = 'azureml' | 'debugpy';

/** The configuration of `kind` attaching to 127.0.0.1:`port`; `localRoot` defaults to `${workspaceFolder}`. */
export function attachConfigurationOf(kind: AttachKind, port: number, localRoot?: string): AttachConfiguration {
  const target = { host: '127.0.0.1', port, ...(localRoot ? { localRoot } : {}) };
  return kind === 'azureml' ? azuremlAttachConfiguration(target) : debugpyAttachConfiguration(target);
}

/**
 * A `debugpy` attach configuration (the seeds' "Docker Debug") as an
 * `azureml` attach to the same address, for when no extension provides the
 * `debugpy` type: our adapter speaks to debugpy itself. Its address is
 * top-level (the seeds) or under `connect` (the Python Debugger's current
 * form); the path mappings and justMyCode carry over. Undefined for what is
 * not an attach to an address (a debugpy `launch` of a file is not ours).
 */
export function azuremlFromDebugpy(config: Record<string, unknown>): AttachConfiguration | undefined {
  if (config.type !== DEBUGPY_DEBUG_TYPE || config.request !== 'attach') return undefined;
  const connect = (typeof config.connect === 'object' && config.connect ? config.connect : {}) as Record<string, unknown>;
  const host = connect.host ?? config.host ?? defaults.host;
  const port = Number(connect.port ?? config.port);
  if (typeof host !== 'string' || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  const out = attachEntry(typeof config.name === 'string' ? config.name : AZUREML_CONFIG_NAME, AZUREML_DEBUG_TYPE, { host, port });
  if (Array.isArray(config.pathMappings)) out.pathMappings = config.pathMappings as AttachConfiguration['pathMappings'];
  if (typeof config.justMyCode === 'boolean') out.justMyCode = config.justMyCode;
  return out;
}
