// The lazily loaded Kubernetes bundle (dist/kubernetes.js): everything that
// needs @kubernetes/client-node. Only src/kubernetes/lazy.ts requires it.
import * as k8s from '@kubernetes/client-node';
import { attachExecAuth, withExecProvider } from './execAuth';

export { ClusterWatcher, type ClusterWatcherOptions } from './clusterWatcher';
export { podLogSource, type PodLogOptions } from './podLogs';
export { forwardPort, type PortForwardHandle } from './portForward';
export { execInPod, type ExecResult } from './podExec';
export { listNodeAllocatable } from './nodeResources';

/** A kubeconfig (the merged document) set to one context; exec plugins run through our ExecCredentialAuth. */
export function kubeConfigFor(document: Record<string, unknown>, context: string, execTimeoutMs?: number): k8s.KubeConfig {
  const config = new k8s.KubeConfig();
  attachExecAuth(config, execTimeoutMs);
  config.loadFromString(JSON.stringify(withExecProvider(document)));
  config.setCurrentContext(context);
  return config;
}
