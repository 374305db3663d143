// Which Docker engine, found the way the docker CLI finds it, so the view
// shows the engine the user's terminal talks to: our setting, else
// DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), else the context
// DOCKER_CONTEXT names or ~/.docker/config.json's currentContext (its
// meta.json endpoint and TLS files, stored under the sha256 of its name),
// else the platform's default: the Windows named pipe, or the system socket,
// or a rootless engine's $XDG_RUNTIME_DIR/docker.sock when only that exists.
// An ssh:// engine also gets its login plan (user, keys, known_hosts). Pure: the environment and a file reader in, an address (and where it came
// from, for the tree) out.
import { createHash } from 'node:crypto';
import { DEFAULT_DOCKER_SOCKET, resolveDockerAddress, type DockerAddress } from './dockerHost';
import { sshLogin } from './sshLogin';
import { l10n } from '../l10n';

/** What the resolution reads. */
export interface EndpointInputs {
  /** azuremlDebug.docker.host. */
  setting?: string;
  env: Record<string, string | undefined>;
  /** The user's home folder (~). */
  home: string;
  platform: string;
  /** The current user's name: an ssh:// engine without a user logs in as this one. */
  user?: string;
  /** A file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

/** An engine address with its TLS material (file contents, never shown) and where it came from. */
export interface DockerEndpoint extends DockerAddress {
  ca?: string;
  cert?: string;
  key?: string;
  /** `setting`, `DOCKER_HOST`, `context "<name>"`, `rootless socket`, `default`. */
  origin: string;
}

const join = (...parts: string[]) => parts.join('/').replace(/\/+/g, '/');

/** TLS files of a folder (ca.pem, cert.pem, key.pem) that can be read. */
function tlsFiles(dir: string, read: EndpointInputs['read']): Pick<DockerEndpoint, 'ca' | 'cert' | 'key'> {
  const out: Pick<DockerEndpoint, 'ca' | 'cert' | 'key'> = {};
  for (const k of ['ca', 'cert', 'key'] as const) {
    const text = read(join(dir, `${k}.pem`));
    if (text) out[k] = text;
  }
  return out;
}

/** A tcp address made https with the TLS material, when there is some. */
function withTls(address: DockerAddress, tls: Pick<DockerEndpoint, 'ca' | 'cert' | 'key'>): DockerAddress & Pick<DockerEndpoint, 'ca' | 'cert' | 'key'> {
  if (!address.host || !(tls.ca || tls.cert)) return address;
  return { ...address, protocol: 'https', port: address.port === 2375 ? 2376 : address.port, label: address.label.replace(/^(tcp|http):/, 'https:'), ...tls };
}

/** The current context's name: DOCKER_CONTEXT, else config.json's currentContext; undefined for the default one. */
function contextName(inputs: EndpointInputs): string | undefined {
  const named = inputs.env.DOCKER_CONTEXT?.trim();
  if (named) return named === 'default' ? undefined : named;
  const config = inputs.read(join(inputs.env.DOCKER_CONFIG || join(inputs.home, '.docker'), 'config.json'));
  if (!config) return undefined;
  try {
    const current = (JSON.parse(config) as { currentContext?: unknown }).currentContext;
    return typeof current === 'string' && current && current !== 'default' ? current : undefined;
  } catch {
    return undefined; // A broken config.json: the CLI would complain; the default engine is still worth trying.
  }
}

/**
 * Resolves the engine the user means. Throws, with words fit for the user,
 * for a context that does not exist or a host that cannot be understood.
 */
export function resolveDockerEndpoint(inputs: EndpointInputs): DockerEndpoint {
  const e = resolveEndpoint(inputs);
  if (e.protocol !== 'ssh' || !e.host) return e;
  const user = inputs.user || inputs.env.USER || inputs.env.USERNAME || 'root';
  return { ...e, ssh: sshLogin({ host: e.host, port: e.port, username: e.username }, { env: inputs.env, home: inputs.home, user, platform: inputs.platform }) };
}

function resolveEndpoint(inputs: EndpointInputs): DockerEndpoint {
  const { env } = inputs;
  if (inputs.setting?.trim()) return { ...resolveDockerAddress(inputs.setting, undefined), origin: 'setting' };
  if (env.DOCKER_HOST?.trim()) {
    const address = resolveDockerAddress(undefined, env.DOCKER_HOST);
    const verify = env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0';
    const tls = verify ? tlsFiles(env.DOCKER_CERT_PATH || join(inputs.home, '.docker'), inputs.read) : {};
    return { ...withTls(address, tls), origin: 'DOCKER_HOST' };
  }
  const name = contextName(inputs);
  if (name) {
    // The CLI stores a context under the sha256 of its name.
    const id = createHash('sha256').update(name).digest('hex');
    const root = join(env.DOCKER_CONFIG || join(inputs.home, '.docker'), 'contexts');
    const metaText = inputs.read(join(root, 'meta', id, 'meta.json'));
    if (!metaText) throw new Error(l10n.t('Docker context "{0}" is not found (no {1}): run "docker context ls", or "docker context use default".', name, join(root, 'meta', id, 'meta.json')));
    let host: unknown;
    try {
      host = (JSON.parse(metaText) as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints?.docker?.Host;
    } catch {
      throw new Error(l10n.t('Docker context "{0}" cannot be read: its meta.json is not valid JSON.', name));
    }
    if (typeof host !== 'string' || !host) throw new Error(l10n.t('Docker context "{0}" names no Docker endpoint.', name));
    const address = resolveDockerAddress(undefined, host);
    return { ...withTls(address, tlsFiles(join(root, 'tls', id, 'docker'), inputs.read)), origin: `context "${name}"` };
  }
  if (inputs.platform === 'win32') return { socketPath: '\\\\.\\pipe\\docker_engine', label: 'npipe:////./pipe/docker_engine', origin: 'default' };
  const rootless = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'docker.sock') : undefined;
  if (rootless && !inputs.exists(DEFAULT_DOCKER_SOCKET) && inputs.exists(rootless)) return { socketPath: rootless, label: `unix://${rootless}`, origin: 'rootless socket' };
  return { socketPath: DEFAULT_DOCKER_SOCKET, label: `unix://${DEFAULT_DOCKER_SOCKET}`, origin: 'default' };
}
