// Loads dist/docker.js (dockerode and our Docker client) on first use, so the
// cost is paid when a Docker node is first shown, never at activation.
import type * as DockerBundle from './client/index';
import { loadBundle } from '../platform/lazyBundle';

/** The Docker bundle; `bundleDir` is the folder holding dist/ bundles. */
export function loadDocker(bundleDir: string): typeof DockerBundle {
  return loadBundle<typeof DockerBundle>(bundleDir, 'docker');
}
