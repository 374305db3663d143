// Where a crash cause belongs in the user's files: a line of the entry script
// (container path turned into a path relative to the app folder), the
// deployment settings it is about, or the conda file for a missing package.
// Pure: the glue resolves the relative paths to workspace files.
import type { Finding, FindingCode } from './finding';
import { settingsForFinding, type DeploymentSetting } from './configLocations';
import { APP_ROOT } from '../model/appRoot';

/** Where a finding's diagnostic goes. */
export type Placement =
  /** `relPath` below the app folder (`score.py`, `lib/model.py`), `line` 1-based. */
  | { kind: 'script'; relPath: string; line: number }
  | { kind: 'settings'; settings: DeploymentSetting[] }
  | { kind: 'conda'; package: string }
  | { kind: 'none' };

/** The path of `containerPath` below `appRoot`, or `undefined` when outside it. */
export function relativeToApp(containerPath: string, appRoot = APP_ROOT): string | undefined {
  const root = appRoot.replace(/\/+$/, '');
  if (!containerPath.startsWith(`${root}/`)) return undefined;
  const rel = containerPath.slice(root.length + 1);
  return rel && !rel.split('/').includes('..') ? rel : undefined;
}

/**
 * Where `relPath` (below /var/azureml-app, as a placement names it) is in the
 * code folder mounted at `codeRoot`: the same path when the folder is the
 * whole app root, the rest below the mount for a v2 deployment's code folder
 * (`src/onlinescoring/score.py` -> `onlinescoring/score.py` for
 * /var/azureml-app/src); undefined when the path is not in that folder.
 */
export function pathInCodeFolder(relPath: string, codeRoot = APP_ROOT): string | undefined {
  return relativeToApp(`${APP_ROOT}/${relPath}`, codeRoot);
}

/** The places a finding can be shown, best first (the glue takes the first it can resolve). */
export function placementsOf(finding: Finding, appRoot = APP_ROOT): Placement[] {
  const out: Placement[] = [];
  if (finding.location) {
    const rel = relativeToApp(finding.location.path, appRoot);
    if (rel) out.push({ kind: 'script', relPath: rel, line: finding.location.line });
  }
  if (finding.code === 'missing-module' && finding.data?.package) out.push({ kind: 'conda', package: finding.data.package });
  const settings = settingsForFinding(finding);
  if (settings.length) out.push({ kind: 'settings', settings });
  if (!out.length) out.push({ kind: 'none' });
  return out;
}

// The tree names one cause: the most specific first.
const headlineOrder: FindingCode[] = [
  'server-config', 'function-not-found', 'missing-module', 'model-not-found', 'init-failed', 'run-failed', 'oom-killed', 'insufficient-resources',
  'schedule-timeout', 'image-build', 'image-pull', 'keyvault-access', 'deployment-rejected', 'probe-failed', 'timeout-504', 'request-timeout-408', 'overloaded-503', 'crash-loop',
  'azure-side',
];

/** The finding the tree shows for a service. */
export function headline(findings: Finding[]): Finding | undefined {
  return [...findings].sort((a, b) => headlineOrder.indexOf(a.code) - headlineOrder.indexOf(b.code))[0];
}
