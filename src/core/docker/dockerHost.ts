// One Docker host string understood (unix://, a socket path, npipe://,
// tcp:// / http(s)://, ssh://): the grammar of DOCKER_HOST, of our setting
// and of a context's endpoint. Which of them applies is dockerEndpoint's.
// Pure: strings in, an address out.
import type { SshLogin } from './sshLogin';
import { l10n } from '../l10n';

/** How to reach one Docker engine (dockerode's connection options). */
export interface DockerAddress {
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https' | 'ssh';
  /** ssh:// only: the user named in the URL. */
  username?: string;
  /** ssh:// only: how to log in and check the host (dockerEndpoint fills it). */
  ssh?: SshLogin;
  /** Human-readable form for the tree ("unix:///var/run/docker.sock"). */
  label: string;
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/**
 * Resolves the engine address. `setting` wins over `envDockerHost`; an empty
 * or missing value falls through. Throws with a message fit for the user when
 * the value cannot be understood.
 */
export function resolveDockerAddress(setting: string | undefined, envDockerHost: string | undefined): DockerAddress {
  const raw = (setting?.trim() || envDockerHost?.trim() || '').trim();
  if (!raw) return { socketPath: DEFAULT_DOCKER_SOCKET, label: `unix://${DEFAULT_DOCKER_SOCKET}` };
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (!socketPath) throw new Error(l10n.t('"{0}" names no socket path.', raw));
    return { socketPath, label: raw };
  }
  if (raw.startsWith('/')) return { socketPath: raw, label: `unix://${raw}` };
  if (raw.startsWith('npipe://')) return { socketPath: raw.slice('npipe://'.length).replace(/\//g, '\\'), label: raw };
  const m = /^(tcp|http|https):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(raw);
  if (m) {
    const protocol = m[1] === 'https' ? 'https' : 'http';
    const port = m[3] ? Number(m[3]) : protocol === 'https' ? 2376 : 2375;
    return { host: m[2].replace(/^\[|\]$/g, ''), port, protocol, label: raw };
  }
  // ssh://[user@]host[:port], as the docker CLI takes it: src/docker/client/sshEngineAgent runs `docker system dial-stdio` there.
  const ssh = /^ssh:\/\/(?:([^@/:]+)@)?([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(raw);
  if (ssh) return { protocol: 'ssh', host: ssh[2].replace(/^\[|\]$/g, ''), port: ssh[3] ? Number(ssh[3]) : 22, ...(ssh[1] ? { username: ssh[1] } : {}), label: raw };
  throw new Error(l10n.t('Docker host "{0}" is not understood: use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host.', raw));
}
