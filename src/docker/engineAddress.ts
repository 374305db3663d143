// The engine address from this machine: the environment, the home folder's
// docker config and contexts, the sockets that exist (core/docker/dockerEndpoint
// decides), turned into dockerode's options. No vscode: the integration tier
// drives it as the extension does.
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { resolveDockerEndpoint } from '../core/docker/dockerEndpoint';
import type { DockerAddress } from '../core/docker/dockerHost';

/** The logged-in user's name (an ssh:// engine without a user logs in as this one, as ssh does). */
function currentUser(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.USERNAME; // No passwd entry for our uid (some containers).
  }
}

/**
 * The engine as the docker CLI would find it (setting, DOCKER_HOST, the
 * current context, a rootless socket, the default), its origin named in the
 * tree's label; an ssh:// engine carries its login plan (ssh-agent from
 * `env`, keys and known_hosts under `home`).
 */
export function engineAddress(setting: string | undefined, env: NodeJS.ProcessEnv = process.env, home = homedir()): DockerAddress {
  const e = resolveDockerEndpoint({
    setting,
    env,
    home,
    platform: process.platform,
    user: currentUser(env),
    read: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (p) => existsSync(p),
  });
  const { origin, ...address } = e;
  return {
    ...address,
    label: origin === 'default' ? address.label : `${address.label} (${origin})`,
  };
}
