// The engine address from this machine: the environment, the home folder's
// docker config and contexts, the sockets that exist (core/docker/dockerEndpoint
// decides), turned into dockerode's options. No vscode: the integration tier
// drives it as the extension does.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { resolveDockerEndpoint } from '../core/docker/dockerEndpoint';
import type { DockerAddress } from '../core/docker/dockerHost';

/**
 * The engine as the docker CLI would find it (setting, DOCKER_HOST, the
 * current context, a rootless socket, the default), its origin named in the
 * tree's label; an ssh:// engine uses the ssh agent.
 */
export function engineAddress(setting: string | undefined, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): DockerAddress {
  const e = resolveDockerEndpoint({
    setting,
    env,
    home,
    platform: process.platform,
    read: (p) => {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (p) => fs.existsSync(p),
  });
  const { origin, ...address } = e;
  return {
    ...address,
    ...(address.protocol === 'ssh' && env.SSH_AUTH_SOCK ? { sshOptions: { agent: env.SSH_AUTH_SOCK } } : {}),
    label: origin === 'default' ? address.label : `${address.label} (${origin})`,
  } as DockerAddress;
}
