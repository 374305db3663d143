// The runtime verbs of any service: Docker's for a container, its cluster
// context's for a pod, Azure's for a deployment or web service in Azure. Commands and crash analysis go through these, never
// through a raw client, so each exists once for every runtime.
import type { ServiceRecord } from './core/model/serviceRecord';
import type { RuntimeVerbs } from './platform/runtimeVerbs';
import type { Services } from './services';
import { dockerVerbs } from './docker/dockerVerbs';
import { clusterVerbs } from './kubernetes/clusterVerbs';
import { azureVerbs } from './azure/azureVerbs';

/** The verbs of the runtime `record` lives in. */
export function verbsOf(services: Services, record: ServiceRecord): RuntimeVerbs {
  if (record.kind === 'azure') return azureVerbs(services.azure);
  return record.kind === 'docker' ? dockerVerbs(services.docker, services.model) : clusterVerbs(services.clusters, record.connectionId);
}
