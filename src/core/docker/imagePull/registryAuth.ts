// Finds the credentials `docker login` stored for a registry in the user's
// Docker config (~/.docker/config.json `auths`), as the engine API wants them
// (X-Registry-Auth). Credential helpers (credsStore) are not run here: their
// registries pull without credentials and fail with the login hint.
import { DOCKER_HUB } from './imageReference';

/** What dockerode sends as X-Registry-Auth. Never print it. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
}

/** The keys `docker login` may have stored `registry` under. */
function keysFor(registry: string): string[] {
  if (registry === DOCKER_HUB) return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
  return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

/** The stored credentials for `registry` in the text of a Docker config file, if any. */
export function registryAuthFrom(configText: string, registry: string): RegistryAuth | undefined {
  let config: DockerConfig;
  try {
    config = JSON.parse(configText) as DockerConfig;
  } catch {
    return undefined;
  }
  const auths = config.auths ?? {};
  for (const key of keysFor(registry)) {
    const entry = auths[key];
    if (!entry) continue;
    const serveraddress = registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
    if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1), serveraddress };
    }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password, serveraddress };
  }
  return undefined;
}
