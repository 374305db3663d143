// The runtime verbs of the Docker engine: a service is a container.
import type Dockerode from 'dockerode';
import type { ServiceModel } from '../core/model/serviceModel';
import type { ServiceRecord } from '../core/model/serviceRecord';
import type { RuntimeVerbs, ServiceControl } from '../platform/runtimeVerbs';
import { execInContainer } from './containerExec';
import { serviceLogSource } from './dockerLogSource';
import { throwawayCopy } from './throwawayCopy';
import { maskSecretsInValue, redact } from '../core/model/secrets';
import type * as DockerBundle from './client/index';
import { l10n } from '../core/l10n';

/** What the verbs need of the Docker connection (src/docker/dockerConnection.ts). */
export interface DockerSide {
  client(): Dockerode | undefined;
  /** The local front door of a v2 deployment's container, when it has one. */
  frontDoor?(record: ServiceRecord): Promise<{ url: string; port: number } | undefined>;
  /** The Docker bundle (dist/docker.js), loaded on first use: what needs more than dockerode (tar-fs) is there. */
  bundle(): typeof DockerBundle;
}

export function dockerVerbs(side: DockerSide, model: ServiceModel): RuntimeVerbs {
  const client = () => side.client();
  const engine = (): Dockerode => {
    const docker = client();
    if (!docker) throw new Error(l10n.t('Docker is not reachable.'));
    return docker;
  };
  const control: Record<ServiceControl, (c: Dockerode.Container) => Promise<unknown>> = {
    start: (c) => c.start(),
    stop: (c) => c.stop(),
    restart: (c) => c.restart(),
    remove: (c) => c.remove({ force: true }),
  };
  return {
    logSource: (record) => serviceLogSource(client, model, record),
    exec: async (record, command) => execInContainer(engine(), record.id, command),
    // A v2 deployment is reached through its front door (Azure's request rules); the door outlives the request.
    scoringEndpoint: async (record) => {
      const port = record.scoringPort?.hostPort;
      if (!port) return undefined;
      const door = await side.frontDoor?.(record);
      if (door) return { url: door.url, where: `:${door.port} (front door) -> :${port}`, dispose: () => undefined };
      return { url: `http://127.0.0.1:${port}/score`, where: `:${port}`, dispose: () => undefined };
    },
    // The engine holds no credential of ours, but its containers do (AML_APP_INSIGHTS_KEY, a client secret).
    redact: (text) => redact(text),
    control: async (record, verb) => {
      await control[verb](engine().getContainer(record.id));
    },
    // Masked as a value, not as text, so the document stays JSON whatever a secret holds.
    inspect: async (record) => JSON.stringify(maskSecretsInValue(await engine().getContainer(record.id).inspect()), null, 2),
    saveAsImage: (record, repo, tag, comment) => side.bundle().saveWithMounts(engine(), record.id, repo, tag, comment),
    throwawayCopy: (record) => throwawayCopy(engine(), record.id),
  };
}
