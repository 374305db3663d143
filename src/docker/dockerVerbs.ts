// The runtime verbs of the Docker engine: a service is a container.
import type Dockerode from 'dockerode';
import type { ServiceModel } from '../core/model/serviceModel';
import type { RuntimeVerbs } from '../platform/runtimeVerbs';
import { execInContainer } from './containerExec';
import { serviceLogSource } from './dockerLogSource';

export function dockerVerbs(client: () => Dockerode | undefined, model: ServiceModel): RuntimeVerbs {
  return {
    logSource: (record) => serviceLogSource(client, model, record),
    exec: (record, command) => {
      const docker = client();
      if (!docker) return Promise.reject(new Error('Docker is not reachable.'));
      return execInContainer(docker, record.id, command);
    },
    scoringEndpoint: (record) => {
      const port = record.scoringPort?.hostPort;
      return Promise.resolve(port ? { url: `http://127.0.0.1:${port}/score`, where: `:${port}`, dispose: () => undefined } : undefined);
    },
    // Docker's own connection carries no secret of ours to redact.
    redact: (text) => text,
  };
}
