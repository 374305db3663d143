// The lazily loaded Kubernetes bundle (dist/kubernetes.js): everything that
// needs @kubernetes/client-node. Only src/kubernetes/lazy.ts requires it.
import * as k8s from '@kubernetes/client-node';

export { ClusterWatcher, type ClusterWatcherOptions } from './clusterWatcher';
export { podLogSource, type PodLogOptions } from './podLogs';
export { forwardPort, type PortForwardHandle } from './portForward';
export { execInPod, type ExecResult } from './podExec';
export { listNodeAllocatable } from './nodeResources';

/** A kubeconfig (the merged document) set to one context. */
export function kubeConfigFor(document: Record<string, unknown>, context: string): k8s.KubeConfig {
  const config = new k8s.KubeConfig();
  config.loadFromString(JSON.stringify(document));
  config.setCurrentContext(context);
  return config;
}
