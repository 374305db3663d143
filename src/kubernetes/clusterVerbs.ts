// The runtime verbs of a cluster context: a service is a pod, and a verb
// acts on one of its containers (the first when none is named).
import type { ServiceRecord } from '../core/model/serviceRecord';
import type { RuntimeVerbs } from '../platform/runtimeVerbs';
import type { ClusterConnections } from './clusterConnections';
import { l10n } from '../core/l10n';

function podOf(record: ServiceRecord, container?: string): { namespace: string; pod: string; container: string; ports: { name?: string; containerPort: number }[] } {
  const k = record.kubernetes;
  if (k?.object !== 'pod') throw new Error(l10n.t('{0} is not a pod.', record.name));
  // An init container is named only when asked for (its log); the main container is the default.
  const c = [...k.containers, ...(k.initContainers ?? [])].find((x) => x.name === container) ?? k.containers[0];
  if (!c) throw new Error(l10n.t('{0} has no container.', record.name));
  return { namespace: k.namespace, pod: record.name, container: c.name, ports: c.ports };
}

export function clusterVerbs(clusters: ClusterConnections, connectionId: string): RuntimeVerbs {
  const bag = () => {
    const b = clusters.ensureStarted(connectionId);
    if (!b) throw new Error(l10n.t('The cluster is not connected.'));
    return b;
  };
  return {
    logSource: (record, container) => {
      const p = podOf(record, container);
      return bag().logSource(p.namespace, p.pod, p.container, () => []);
    },
    exec: async (record, command, container) => {
      const p = podOf(record, container);
      return bag().exec(p.namespace, p.pod, p.container, command);
    },
    // The scoring port (named "scoring"/"http", else the first, else 5001) through a port-forward.
    scoringEndpoint: async (record, container) => {
      const p = podOf(record, container);
      const port = p.ports.find((x) => /scor|http/i.test(x.name ?? ''))?.containerPort ?? p.ports[0]?.containerPort ?? 5001;
      const forward = await bag().forward(p.namespace, p.pod, port);
      return { url: `http://127.0.0.1:${forward.localPort}/score`, where: `${p.pod}:${port}`, dispose: () => forward.dispose() };
    },
    redact: (text) => clusters.redact(text),
  };
}
