// The log source of a deployment in Azure, for the log panel: a v2 online
// deployment's container (InferenceServer or StorageInitializer) read through
// getLogs, followed by polling (Azure streams nothing), each snapshot's new
// lines passed on, a container restart marked, the interval backing off while
// nothing changes. Transient failures (throttling, the service unavailable,
// the network) are retried; a refusal or a deployment gone ends the tab.
import type { DeploymentContainerType } from '../core/azure/armTypes';
import { AzureRequestError } from '../core/azure/armErrors';
import { snapshotDelta, snapshotLines } from '../core/azure/logSnapshots';
import type { LogSource, PathMapping } from '../core/logs/logSource';
import type { AzureMlApi, WorkspaceRef } from './azureMlApi';

/** What a deployment log source reads and how often. */
export interface DeploymentLogSourceOptions {
  api: AzureMlApi;
  workspace: WorkspaceRef;
  endpointName: string;
  deploymentName: string;
  container: DeploymentContainerType;
  /** Lines asked for on open when the panel gives no tail (default 1000). */
  tail?: number;
  /** First poll interval while following, and its cap while nothing changes (default 5 s, 60 s). */
  pollMs?: number;
  maxPollMs?: number;
  /** Local folders the container's paths map to (the deployment's code folder in the workspace). */
  pathMappings?: () => readonly PathMapping[];
}

const TRANSIENT = new Set(['throttled', 'unavailable', 'network', 'timeout', 'server']);
/** Lines kept to find the overlap with the next snapshot. */
const KEEP = 5000;

/** The tab of a deployment's container log: its id, title and description. */
export function deploymentLogTab(o: Pick<DeploymentLogSourceOptions, 'workspace' | 'endpointName' | 'deploymentName' | 'container'>): { id: string; title: string; description: string } {
  return {
    id: `azure:${o.workspace.subscriptionId}/${o.workspace.resourceGroupName}/${o.workspace.workspaceName}/${o.endpointName}/${o.deploymentName}/${o.container}`,
    title: `${o.endpointName} / ${o.deploymentName}${o.container === 'StorageInitializer' ? ' (storage-initializer)' : ''}`,
    description: `${o.workspace.workspaceName} · ${o.container}`,
  };
}

/** A LogSource over getLogs. */
export function deploymentLogSource(o: DeploymentLogSourceOptions): LogSource {
  return snapshotLogSource({
    ...o,
    ...deploymentLogTab(o),
    read: (tail, signal) => o.api.getDeploymentLogs(o.workspace, o.endpointName, o.deploymentName, o.container, tail, signal),
  });
}

/** A v1 web service's log (ACI, AKS), read from the workspace region's data plane. */
export function webServiceLogSource(o: Omit<DeploymentLogSourceOptions, 'endpointName' | 'deploymentName' | 'container'> & { serviceName: string; dataPlane: string; init?: boolean }): LogSource {
  return snapshotLogSource({
    ...o,
    id: `azure:${o.workspace.subscriptionId}/${o.workspace.resourceGroupName}/${o.workspace.workspaceName}/services/${o.serviceName}${o.init ? '/init' : ''}`,
    title: `${o.serviceName}${o.init ? ' (init)' : ''}`,
    description: `${o.workspace.workspaceName} · web service`,
    read: (tail, signal) => o.api.getServiceLogs(o.workspace, o.serviceName, o.dataPlane, tail, o.init ?? false, signal),
  });
}

/** What a snapshot-polled source is: its tab, and how to read the last `tail` lines. */
export interface SnapshotSourceOptions extends Pick<DeploymentLogSourceOptions, 'tail' | 'pollMs' | 'maxPollMs' | 'pathMappings'> {
  id: string;
  title: string;
  description: string;
  read(tail: number, signal: AbortSignal): Promise<string>;
}

/** A LogSource that follows a log Azure gives only as snapshots of its last lines. */
export function snapshotLogSource(o: SnapshotSourceOptions): LogSource {
  return {
    id: o.id,
    title: o.title,
    description: o.description,
    pathMappings: o.pathMappings,
    open(options, sink) {
      const ctl = new AbortController();
      let seen: string[] = [];
      let timer: NodeJS.Timeout | undefined;
      const base = o.pollMs ?? 5000;
      let delay = base;
      const tail = options.tail ?? o.tail ?? 1000;
      const poll = async (): Promise<void> => {
        try {
          const content = await o.read(tail, ctl.signal);
          const delta = snapshotDelta(seen, snapshotLines(content));
          if (delta.restarted) sink.restart({});
          if (delta.lines.length) sink.data({ text: `${delta.lines.join('\n')}\n`, stream: 'stdout' });
          seen = (delta.restarted ? delta.lines : [...seen, ...delta.lines]).slice(-KEEP);
          delay = delta.lines.length ? base : Math.min(o.maxPollMs ?? 60000, delay * 2);
          sink.state?.('live');
        } catch (err) {
          if (ctl.signal.aborted) return;
          const kind = err instanceof AzureRequestError ? err.failure.kind : 'network';
          const retrying = options.follow && TRANSIENT.has(kind);
          sink.error(err instanceof Error ? err : new Error(String(err)), retrying);
          if (!retrying) {
            sink.end();
            return;
          }
          sink.state?.('reconnecting');
          delay = Math.min(o.maxPollMs ?? 60000, delay * 2);
        }
        if (!options.follow) {
          sink.end();
          return;
        }
        if (!ctl.signal.aborted) timer = setTimeout(() => void poll(), delay);
      };
      sink.state?.('connecting');
      void poll();
      return {
        dispose: () => {
          ctl.abort();
          clearTimeout(timer);
        },
      };
    },
  };
}
