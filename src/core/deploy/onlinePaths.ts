// Checks that the files an online deployment names are there and of the
// right kind, each problem placed on the node that names the path. Paths
// resolve as the CLI resolves them: from the yml's own folder, the scoring
// script from the code folder, a Dockerfile from its build context. The file
// system is reached only through the probe handed in, so this stays pure.
import * as path from 'node:path';
import { type OnlineDeploymentResult } from './onlineDeployment';
import { l10n } from '../l10n';
import { type OnlineProblem, type Span } from './onlineProblems';

/** The paths a deployment names; each problem is a whole sentence per path, for translators. */
type Named = 'model' | 'code' | 'scoringScript' | 'condaFile' | 'buildContext' | 'dockerfile';

const notThere: Record<Named, (written: string, absolute: string) => string> = {
  model: (w, a) => l10n.t('The model path "{0}" is not there (looked for {1}).', w, a),
  code: (w, a) => l10n.t('The code folder "{0}" is not there (looked for {1}).', w, a),
  scoringScript: (w, a) => l10n.t('The scoring script "{0}" is not there (looked for {1}).', w, a),
  condaFile: (w, a) => l10n.t('The conda file "{0}" is not there (looked for {1}).', w, a),
  buildContext: (w, a) => l10n.t('The build context "{0}" is not there (looked for {1}).', w, a),
  dockerfile: (w, a) => l10n.t('The Dockerfile "{0}" is not there (looked for {1}).', w, a),
};

/** A file where a folder belongs (the code folder, the build context). */
function notAFolder(what: Named, written: string): string {
  return what === 'buildContext' ? l10n.t('The build context "{0}" is a file, not a folder.', written) : l10n.t('The code folder "{0}" is a file, not a folder.', written);
}

/** A folder where a file belongs (the scoring script, the conda file, the Dockerfile). */
function notAFile(what: Named, written: string): string {
  if (what === 'condaFile') return l10n.t('The conda file "{0}" is a folder, not a file.', written);
  if (what === 'dockerfile') return l10n.t('The Dockerfile "{0}" is a folder, not a file.', written);
  return l10n.t('The scoring script "{0}" is a folder, not a file.', written);
}

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
  const check = (what: Named, written: string, from: string, want: PathKind | 'any', at: Span | undefined): PathKind | undefined => {
    if (!at) return undefined;
    const absolute = path.resolve(from, written);
    const found = probe(absolute);
    const place = { line: at.line, column: at.column, offset: at.offset, end: at.end, path: at.path };
    if (!found) {
      problems.push({ ...place, code: 'path-not-found', severity: 'error', message: notThere[what](written, absolute) });
    } else if (want !== 'any' && found !== want) {
      problems.push({ ...place, code: want === 'folder' ? 'not-a-folder' : 'not-a-file', severity: 'error', message: want === 'folder' ? notAFolder(what, written) : notAFile(what, written) });
    }
    return found;
  };
  if (d.model?.kind === 'path') check('model', d.model.path, ymlFolder, 'any', read.places.model);
  if (d.code && check('code', d.code, ymlFolder, 'folder', read.places.code) === 'folder' && d.scoringScript) {
    check('scoringScript', d.scoringScript, path.resolve(ymlFolder, d.code), 'file', read.places.scoringScript);
  }
  const env = d.environment;
  if (env?.kind === 'image' && env.condaFile) check('condaFile', env.condaFile, ymlFolder, 'file', read.places.condaFile);
  // A build context may be a URL (the SDK accepts http ones): only local ones are looked at.
  if (env?.kind === 'build' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(env.path)) {
    if (check('buildContext', env.path, ymlFolder, 'folder', read.places.buildPath) === 'folder') {
      // The environment schema's default: a file named Dockerfile at the context's root.
      check('dockerfile', env.dockerfile ?? 'Dockerfile', path.resolve(ymlFolder, env.path), 'file', read.places.dockerfile);
    }
  }
  return problems;
}
