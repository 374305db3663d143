// Checks that the files an online deployment names are there and of the
// right kind, each problem placed on the node that names the path. Paths
// resolve as the CLI resolves them: from the yml's own folder, the scoring
// script from the code folder, a Dockerfile from its build context. The file
// system is reached only through the probe handed in, so this stays pure.
import * as path from 'node:path';
import { type OnlineDeploymentResult } from './onlineDeployment';
import { type OnlineProblem, type Span } from './onlineProblems';

/** What is at a path: a file, a folder, or nothing (undefined). */
export type PathKind = 'file' | 'folder';

/** Looks at one absolute path; the glue answers from the workspace file system. */
export type PathProbe = (absolutePath: string) => PathKind | undefined;

/**
 * Problems for the model path, the code folder, the scoring script, the
 * conda file, and the build context and its Dockerfile, as `read` names
 * them. `ymlFolder` is the absolute folder of the deployment.yml.
 */
export function checkOnlinePaths(read: OnlineDeploymentResult, ymlFolder: string, probe: PathProbe): OnlineProblem[] {
  const d = read.deployment;
  if (!d) return [];
  const problems: OnlineProblem[] = [];
  const check = (what: string, written: string, from: string, want: PathKind | 'any', at: Span | undefined): PathKind | undefined => {
    if (!at) return undefined;
    const absolute = path.resolve(from, written);
    const found = probe(absolute);
    const place = { line: at.line, column: at.column, offset: at.offset, end: at.end, path: at.path };
    if (!found) {
      problems.push({ ...place, code: 'path-not-found', severity: 'error', message: `The ${what} "${written}" is not there (looked for ${absolute}).` });
    } else if (want !== 'any' && found !== want) {
      problems.push({ ...place, code: want === 'folder' ? 'not-a-folder' : 'not-a-file', severity: 'error', message: `The ${what} "${written}" is a ${found}, not a ${want}.` });
    }
    return found;
  };
  if (d.model?.kind === 'path') check('model path', d.model.path, ymlFolder, 'any', read.places.model);
  if (d.code && check('code folder', d.code, ymlFolder, 'folder', read.places.code) === 'folder' && d.scoringScript) {
    check('scoring script', d.scoringScript, path.resolve(ymlFolder, d.code), 'file', read.places.scoringScript);
  }
  const env = d.environment;
  if (env?.kind === 'image' && env.condaFile) check('conda file', env.condaFile, ymlFolder, 'file', read.places.condaFile);
  // A build context may be a URL (the SDK accepts http ones): only local ones are looked at.
  if (env?.kind === 'build' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(env.path)) {
    if (check('build context', env.path, ymlFolder, 'folder', read.places.buildPath) === 'folder') {
      // The environment schema's default: a file named Dockerfile at the context's root.
      check('Dockerfile', env.dockerfile ?? 'Dockerfile', path.resolve(ymlFolder, env.path), 'file', read.places.dockerfile);
    }
  }
  return problems;
}
