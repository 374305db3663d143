// Loads dist/kubernetes.js (@kubernetes/client-node) on first use: when a
// cluster node is first expanded or a Kubernetes command runs.
import type * as KubernetesBundle from './client/index';
import { loadBundle } from '../platform/lazyBundle';

/** The Kubernetes bundle; `bundleDir` is the folder holding dist/ bundles. */
export function loadKubernetes(bundleDir: string): typeof KubernetesBundle {
  return loadBundle<typeof KubernetesBundle>(bundleDir, 'kubernetes');
}
