// A dockerode client for one engine address: a socket, tcp/TLS, or ssh://
// through our SshEngineAgent (docker-modem's own ssh transport opens a new
// SSH connection per request, never checks the host key, and throws from a
// callback when the exec fails, which would take the extension host down).
import type * as http from 'node:http';
import Dockerode from 'dockerode';
import type { DockerAddress } from '../../core/docker/dockerHost';
import { SshEngineAgent } from './sshEngineAgent';

/** The client for `address` (its label and login plan are ours, not dockerode's). */
export function createDockerClient(address: DockerAddress): Dockerode {
  const { label: _label, ssh, username: _username, ...options } = address;
  if (address.protocol === 'ssh' && ssh) {
    // Plain HTTP over the agent's sockets; host and port only fill the Host header.
    // docker-modem takes `agent` although dockerode's types do not list it.
    const viaSsh: Dockerode.DockerOptions & { agent: http.Agent } = { host: ssh.host, port: ssh.port, protocol: 'http', agent: new SshEngineAgent(ssh) };
    return new Dockerode(viaSsh);
  }
  return new Dockerode(options);
}

/** Ends what the client holds open beyond its requests (an ssh:// engine's SSH connections). */
export function closeDockerClient(docker: Dockerode): void {
  const agent = (docker.modem as { agent?: http.Agent }).agent;
  if (agent instanceof SshEngineAgent) agent.destroy();
}
