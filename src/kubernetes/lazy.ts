// Loads dist/kubernetes.js (@kubernetes/client-node) on first use: when a
// cluster node is first expanded or a Kubernetes command runs.
import * as path from 'node:path';
import type * as KubernetesBundle from './client/index';

let loaded: typeof KubernetesBundle | undefined;

/** The Kubernetes bundle; `bundleDir` is the folder holding dist/ bundles. */
export function loadKubernetes(bundleDir: string): typeof KubernetesBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(bundleDir, 'kubernetes.js')) as typeof KubernetesBundle;
  return loaded;
}
