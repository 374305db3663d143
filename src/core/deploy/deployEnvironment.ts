// The environment layer of a local deployment: which packages of the conda
// file the base image already has (not installed again), which the server
// stands in for, and the install script for the rest, run as Azure ML does:
// pip (or conda) of the image's own Python env ($AZUREML_CONDA_ENVIRONMENT_PATH
// when set), as root only when the image's user cannot write that env, and
// made to fail fast with the package names when no index answers.
import { isYamlProblem, packageName, readConda } from '../edits/condaPackages';
import { l10n } from '../l10n';

/** What a base image holds, as probed by running it once as its own user. */
export interface BaseFacts {
  /** `3.11.2` */
  python?: string;
  /** Installed distributions: PEP 503 name -> version. */
  packages: Record<string, string>;
  pip: boolean;
  conda: boolean;
  /** The interpreter of the image's env (`$AZUREML_CONDA_ENVIRONMENT_PATH/bin/python`, else `python3` on PATH). */
  executable?: string;
  /** `$AZUREML_CONDA_ENVIRONMENT_PATH` (or the interpreter's prefix). */
  envPath?: string;
  /** Whether the image's user can write the env's site-packages (false: install as root, as a real build switches USER). */
  envWritable?: boolean;
  /** The image's `Config.User` as written ('' is root). */
  user?: string;
  /** The ids that user runs with. */
  uid?: number;
  gid?: number;
  groups?: number[];
}

/** One package the conda file asks for. */
export interface Requirement {
  name: string;
  /** As written, e.g. `numpy>=1.20` or `python=3.11`. */
  spec: string;
  source: 'conda' | 'pip';
}

/** What the environment layer does. */
export interface EnvironmentPlan {
  /** Packages to install, with the installer chosen. */
  install: Requirement[];
  installer?: 'pip' | 'conda';
  /** Set when the install must run as root (the image's user cannot write its env): the user to switch back to after it. */
  restoreUser?: string;
  /** Packages the base already has, with its version. */
  present: { req: Requirement; version: string }[];
  /** Packages the base image's server stands in for (azureml-defaults). */
  provided: Requirement[];
  /** Things to tell the user that do not stop the build (a Python version mismatch). */
  warnings: string[];
  /** Set when nothing can install the missing packages: the build must not start. */
  error?: string;
  /** Shell script of the layer; undefined when nothing is to be installed. */
  script?: string;
}

/** The marker the script prints before failing, so the glue can tell an install failure from other build errors. */
export const ENV_FAILED_MARKER = 'AZUREML_DEBUG_ENV_FAILED:';

/** Parses a conda file into requirements; a YAML error comes back with its line and column. */
export function readRequirements(text: string): { requirements: Requirement[] } | { error: string; line: number; column: number } {
  const layout = readConda(text, l10n.t('The environment file'));
  if (isYamlProblem(layout)) {
    const error = layout.refused ? layout.error : l10n.t('The environment file is not valid YAML: {0}', layout.error);
    return { error, line: layout.line, column: layout.column };
  }
  return {
    requirements: layout.packages
      .filter((p) => p.name !== '')
      .map((p) => ({ name: p.name, spec: p.spec.trim(), source: p.pip ? ('pip' as const) : ('conda' as const) })),
  };
}

/**
 * Decides the environment layer: skips what the base has (version checked),
 * what the server stands in for (`provided`, e.g. azureml-defaults), the
 * conda `pip` and `python` entries (a Python mismatch is a warning), and
 * installs the rest into the image's env with its pip, else its conda.
 */
export function planEnvironment(requirements: Requirement[], base: BaseFacts, provided: readonly string[]): EnvironmentPlan {
  const plan: EnvironmentPlan = { install: [], present: [], provided: [], warnings: [] };
  const providedSet = new Set(provided.map((p) => packageName(p, false)));
  for (const req of requirements) {
    if (req.source === 'conda' && (req.name === 'pip' || req.name === 'setuptools' || req.name === 'wheel')) continue;
    if (req.source === 'conda' && req.name === 'python') {
      const want = constraintOf(req.spec, req.name);
      if (base.python && want && !satisfies(base.python, want)) {
        plan.warnings.push(l10n.t('The environment asks for {0}; the base image has Python {1}.', req.spec, base.python));
      }
      continue;
    }
    if (providedSet.has(req.name)) {
      plan.provided.push(req);
      continue;
    }
    const have = base.packages[req.name];
    const want = constraintOf(req.spec, req.name);
    if (have !== undefined && (!want || satisfies(have, want))) plan.present.push({ req, version: have });
    else plan.install.push(req);
  }
  if (plan.install.length === 0) return plan;
  const names = plan.install.map((r) => r.spec).join(', ');
  if (base.pip) plan.installer = 'pip';
  else if (base.conda) plan.installer = 'conda';
  else {
    plan.error = base.envPath
      ? l10n.t('The base image lacks {0} and its Python env ({1}) has no pip or conda to install them with. Use a base image that has them (setting azuremlDebug.deploy.baseImage).', names, base.envPath)
      : l10n.t('The base image lacks {0} and its Python env has no pip or conda to install them with. Use a base image that has them (setting azuremlDebug.deploy.baseImage).', names);
    return plan;
  }
  // A non-root image whose env belongs to root: the install step runs as root, then the image's user is restored.
  if (base.envWritable === false && base.uid !== 0 && base.user) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/.test(base.user)) {
      plan.error = l10n.t('The base image runs as "{0}", which cannot be restored after installing {1}.', base.user, names);
      return plan;
    }
    plan.restoreUser = base.user;
  }
  plan.script = installScript(plan.installer, plan.install, base);
  return plan;
}

/** The install script for one installer into the image's env; every failure ends with the marker line and the package names. */
export function installScript(installer: 'pip' | 'conda', install: Requirement[], base: Pick<BaseFacts, 'executable' | 'envPath'> = {}): string {
  const specs = install.map((r) => shellQuote(r.spec)).join(' ');
  const names = install.map((r) => r.spec).join(', ');
  const fail = (how: string) => `{ echo ${shellQuote(`${ENV_FAILED_MARKER} could not install ${names} with ${how}`)}; exit 1; }`;
  const lines = ['#!/bin/sh', '# Environment layer generated by Azure ML Deployment Debugger: installs only what the base image lacks.', 'set -u'];
  const where = base.envPath ? ` into ${base.envPath}` : '';
  switch (installer) {
    case 'pip': {
      const python = shellQuote(base.executable ?? 'python3');
      lines.push(`echo ${shellQuote(`Installing ${names}${where} with ${base.executable ?? 'python3'} -m pip`)}`);
      // No retries and a short timeout: with no index reachable pip fails in seconds instead of minutes.
      lines.push(`${python} -m pip install --no-cache-dir --disable-pip-version-check --no-input --retries 0 --timeout 5 ${specs} || ${fail('pip')}`);
      break;
    }
    case 'conda': {
      const prefix = base.envPath ? ` -p ${shellQuote(base.envPath)}` : '';
      lines.push(`echo ${shellQuote(`Installing ${names}${where} with conda`)}`);
      lines.push(`CONDA_REMOTE_MAX_RETRIES=0 CONDA_REMOTE_CONNECT_TIMEOUT_SECS=5 conda install -y -q${prefix} ${specs} || ${fail('conda')}`);
      break;
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The package names an install failure names, from a build log; empty when it was another failure. */
export function failedInstallIn(log: string): string | undefined {
  const i = log.lastIndexOf(ENV_FAILED_MARKER);
  if (i < 0) return undefined;
  return log.slice(i + ENV_FAILED_MARKER.length).split('\n')[0].trim();
}

/** The version constraint part of a spec (`numpy>=1.2` -> `>=1.2`, conda `python=3.11` -> `=3.11`). */
export function constraintOf(spec: string, name: string): string | undefined {
  const s = withoutExtras(spec.replace(/^[^:\s]+::/, '')).split(';')[0].trim();
  const rest = s.slice(s.toLowerCase().replace(/[_.]/g, '-').startsWith(name) ? name.length : s.search(/[<>=!~ ]/)).trim();
  return rest === '' ? undefined : rest;
}

/**
 * The spec without its first `[extras]`. By indexOf: `/\[[^\]]*\]/` looks for
 * a `]` from every `[`, quadratic in a spec of many `[` (issue 17).
 */
function withoutExtras(spec: string): string {
  const open = spec.indexOf('[');
  const close = open < 0 ? -1 : spec.indexOf(']', open);
  return close < 0 ? spec : spec.slice(0, open) + spec.slice(close + 1);
}

/** Whether `version` meets a pip (`>=1,<2`, `~=1.4`, `==1.2.*`) or conda (`=3.11`, `3.11.*`) constraint. */
export function satisfies(version: string, constraint: string): boolean {
  for (const raw of constraint.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const m = /^(===|==|>=|<=|!=|~=|>|<|=)?\s*(.+)$/.exec(part);
    if (!m) return false;
    const op = m[1] ?? '==';
    const want = m[2].trim();
    const cmp = compareLoose(version, want.replace(/\.?\*$/, ''));
    const prefix = want.endsWith('*') || op === '=';
    const ok =
      op === '>=' ? cmp >= 0
      : op === '<=' ? cmp <= 0
      : op === '>' ? cmp > 0
      : op === '<' ? cmp < 0
      : op === '!=' ? !(prefix ? startsWithVersion(version, want.replace(/\.?\*$/, '')) : cmp === 0)
      : op === '~=' ? cmp >= 0 && startsWithVersion(version, want.split('.').slice(0, -1).join('.'))
      : prefix ? startsWithVersion(version, want.replace(/\.?\*$/, ''))
      : cmp === 0;
    if (!ok) return false;
  }
  return true;
}

function numbers(v: string): number[] {
  return v.split('.').map((p) => Number.parseInt(p, 10)).map((n) => (Number.isNaN(n) ? 0 : n));
}

function compareLoose(a: string, b: string): number {
  const pa = numbers(a);
  const pb = numbers(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function startsWithVersion(version: string, prefix: string): boolean {
  if (prefix === '') return true;
  const pv = numbers(version);
  return numbers(prefix).every((n, i) => pv[i] === n);
}

/** Single-quotes a word for /bin/sh. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}
