// The files around an Azure ML v2 deployment.yml, read from disk the one way
// both Deploy Locally (src/docker/client) and the editor's problems
// (src/diagnostics) read them: what is at a path, and the endpoint.yml
// beside the deployment.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readOnlineEndpoint, type OnlineEndpointResult } from '../core/deploy/onlineDeployment';
import type { PathKind } from '../core/deploy/onlinePaths';

/** What is at an absolute path: a file, a folder, or nothing. */
export function pathKind(abs: string): PathKind | undefined {
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  return st?.isDirectory() ? 'folder' : st?.isFile() ? 'file' : undefined;
}

/** The endpoint.yml (or .yaml) in `folder`, read, with its path; undefined when there is none. */
export function endpointBeside(folder: string): (OnlineEndpointResult & { file: string }) | undefined {
  for (const name of ['endpoint.yml', 'endpoint.yaml']) {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) return { ...readOnlineEndpoint(fs.readFileSync(file, 'utf8')), file };
  }
  return undefined;
}
