// The lazily loaded Kubernetes bundle (dist/kubernetes.js): everything that
// needs @kubernetes/client-node. Only src/kubernetes/lazy.ts requires it.
import * as k8s from '@kubernetes/client-node';

/** Loads a kubeconfig from text, as client-node understands it. */
export function loadKubeConfig(text: string): k8s.KubeConfig {
  const config = new k8s.KubeConfig();
  config.loadFromString(text);
  return config;
}
