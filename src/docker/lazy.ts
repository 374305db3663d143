// Loads dist/docker.js (dockerode and our Docker client) on first use, so the
// cost is paid when a Docker node is first shown, never at activation.
import * as path from 'node:path';
import type * as DockerBundle from './client/index';

let loaded: typeof DockerBundle | undefined;

/** The Docker bundle; `bundleDir` is the folder holding dist/ bundles. */
export function loadDocker(bundleDir: string): typeof DockerBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(bundleDir, 'docker.js')) as typeof DockerBundle;
  return loaded;
}
