// How a connection or a service reads in the tree: description, tooltip
// lines, icon and contextValue, computed from records alone (pure, so the
// wording is unit-tested and the tree does no work of its own).
import type { ConnectionScope, ConnectionState, ServiceRecord } from './serviceRecord';
import { APP_ROOT } from './appRoot';
import { maskSecretsInText } from './secrets';
import { l10n } from '../l10n';

export interface Display {
  label: string;
  description: string;
  tooltip: string[];
  /** Codicon id, e.g. "pass-filled". */
  icon: string;
  /** Theme colour id for the icon, when it carries a meaning. */
  color?: string;
  /** Dotted state for menus, e.g. "service.docker.running". */
  contextValue: string;
}

/**
 * The display as the tree shows it: its words with any secret masked. The
 * words quote the runtime (a pod event's message, a container's termination
 * message, why a connection failed), which may hold one; every tree item goes
 * through here, whatever built its display.
 */
export function maskedDisplay(d: Display): Display {
  return { ...d, label: maskSecretsInText(d.label), description: maskSecretsInText(d.description), tooltip: d.tooltip.map(maskSecretsInText) };
}

/** "3m", "2h 5m", "4d 1h" for a duration in ms. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

function stateWords(r: ServiceRecord): string {
  switch (r.state) {
    case 'exited':
      return r.exitCode !== undefined ? l10n.t('exited ({0})', r.exitCode) : l10n.t('exited');
    case 'oomkilled':
      return l10n.t('OOM killed');
    case 'crashloop':
      return 'CrashLoopBackOff';
    default:
      return STATE_WORDS[r.state]?.() ?? r.state;
  }
}

/** Docker's state words, in the user's language (a function each: words are looked up when shown). */
const STATE_WORDS: Partial<Record<ServiceRecord['state'], () => string>> = {
  running: () => l10n.t('running'),
  created: () => l10n.t('created'),
  restarting: () => l10n.t('restarting'),
  paused: () => l10n.t('paused'),
  dead: () => l10n.t('dead'),
  removing: () => l10n.t('removing'),
  pending: () => l10n.t('pending'),
};

const ICONS: Record<ServiceRecord['state'], [string, string | undefined]> = {
  running: ['pass-filled', 'testing.iconPassed'],
  created: ['circle-large-outline', undefined],
  restarting: ['sync~spin', 'charts.yellow'],
  paused: ['debug-pause', 'charts.yellow'],
  exited: ['circle-slash', undefined],
  oomkilled: ['error', 'testing.iconFailed'],
  dead: ['error', 'testing.iconFailed'],
  removing: ['trash', undefined],
  pending: ['watch', 'charts.yellow'],
  crashloop: ['error', 'testing.iconFailed'],
};

/** The crash cause the tree shows on a service node (see problemStore.ts). */
export interface DisplayProblem {
  code: string;
  summary: string;
}

/** A display with a known problem: error icon, the cause first in the description and tooltip. */
export function withProblem(d: Display, problem: DisplayProblem | undefined): Display {
  if (!problem) return d;
  return {
    ...d,
    description: d.description ? `${problem.summary} · ${d.description}` : problem.summary,
    tooltip: [d.tooltip[0], `$(error) ${problem.summary} (\`${problem.code}\`)`, ...d.tooltip.slice(1)],
    icon: 'error',
    color: 'problemsErrorIcon.foreground',
    contextValue: `${d.contextValue}.problem`,
  };
}

/** Tree text for one service at time `now` (ms), with its crash cause when one is known. */
export function serviceDisplay(r: ServiceRecord, now: number, problem?: DisplayProblem): Display {
  const parts = [stateWords(r)];
  if (r.state === 'running' && r.startedAt) parts.push(l10n.t('up {0}', shortDuration(now - Date.parse(r.startedAt))));
  if (r.restartCount > 0) parts.push(restartWords(r.restartCount));
  if (r.scoringPort) parts.push(`:${r.scoringPort.hostPort}`);
  if (r.debugPort) parts.push(l10n.t('debug :{0}', r.debugPort.hostPort));
  let [icon, color] = ICONS[r.state];
  if (r.state === 'exited' && r.exitCode !== undefined && r.exitCode !== 0) [icon, color] = ['error', 'testing.iconFailed'];
  const tooltip = [
    `**${r.name}** — ${stateWords(r)}`,
    l10n.t('Image: {0}', `\`${r.image}\``),
    l10n.t('Id: {0}', `\`${r.id.slice(0, 12)}\``),
  ];
  if (r.startedAt) tooltip.push(l10n.t('Started: {0}', r.startedAt));
  if (r.finishedAt && r.state !== 'running') tooltip.push(l10n.t('Finished: {0}', r.finishedAt));
  if (r.restartCount) tooltip.push(l10n.t('Restarts: {0}', r.restartCount));
  for (const p of r.ports) tooltip.push(l10n.t('Port: {0}', `${p.hostIp}:${p.hostPort} → ${p.containerPort}`));
  if (r.appSource) tooltip.push(l10n.t('App folder: {0}', `\`${r.appSource}\` → ${r.appRoot ?? APP_ROOT}`));
  tooltip.push(LISTED_BECAUSE[r.reason]());
  const state = r.state === 'exited' && r.exitCode !== undefined && r.exitCode !== 0 ? 'failed' : r.state;
  // `local`: deployed by "Deploy Locally", so Reload, Update and Delete apply (menus match on it).
  const local = r.labels['com.azureml-debug.owner'] === 'deploy' && !!r.labels['com.azureml-debug.service'];
  if (local) parts.push(`v${r.labels['com.azureml-debug.version'] ?? '1'}`);
  const flags = [r.scoringPort ? 'scoring' : '', r.reason === 'pinned' ? 'pinned' : '', local ? 'local' : ''].filter(Boolean);
  return withProblem({
    label: r.name,
    description: parts.join(' · '),
    tooltip,
    icon,
    color,
    contextValue: [`service.${r.kind}.${state}`, ...flags].join('.'),
  }, problem);
}

/** "3 restarts", "1 restart". */
export function restartWords(count: number): string {
  return count === 1 ? l10n.t('{0} restart', count) : l10n.t('{0} restarts', count);
}

const LISTED_BECAUSE: Record<ServiceRecord['reason'], () => string> = {
  azureml: () => l10n.t('Listed because: it follows the Azure ML inference contract'),
  ours: () => l10n.t('Listed because: this extension started it'),
  pinned: () => l10n.t('Listed because: you pinned it'),
  all: () => l10n.t('Listed because: "show all containers" is on'),
};

const SOURCE_WORDS: Record<ConnectionScope['namespaces'][number]['source'], () => string> = {
  context: () => l10n.t("the context's namespace"),
  setting: () => l10n.t('named in azuremlDebug.kubernetes.namespaces'),
  listed: () => l10n.t('matches azuremlDebug.kubernetes.namespaces'),
};

/** What a namespace-scoped connection shows (short, for the description; a message for the tree) and why (tooltip lines). */
export function scopeDisplay(scope: ConnectionScope): { short: string; message: string; lines: string[] } {
  const names = scope.namespaces.map((n) => n.name);
  const short = !names.length ? l10n.t('no namespace to watch') : names.length === 1 ? l10n.t('namespace {0} only', names[0]) : l10n.t('{0} namespaces only', names.length);
  const shown = names.length > 3 ? l10n.t('{0} and {1} more', names.slice(0, 3).join(', '), names.length - 3) : names.join(', ');
  const message = names.length ? l10n.t('Cluster-wide watch refused: showing {0}', shown) : l10n.t('Cluster-wide watch refused, and no namespace is known to watch');
  const lines = [
    ...scope.denied.map((d) => l10n.t('Refused: {0}.', d)),
    names.length
      ? l10n.t('Watching instead: {0}.', scope.namespaces.map((n) => `${n.name} (${SOURCE_WORDS[n.source]()})`).join(', '))
      : l10n.t('No namespace is known to watch instead: set the context\'s namespace (`kubectl config set-context --current --namespace NAME`) or name it in the setting azuremlDebug.kubernetes.namespaces.'),
  ];
  return { short, message, lines };
}

/** Tree text for one engine or cluster connection. */
export function connectionDisplay(c: ConnectionState): Display {
  const title = c.kind === 'docker' ? 'Docker' : c.label;
  switch (c.status) {
    case 'connected': {
      const scope = c.scope ? scopeDisplay(c.scope) : undefined;
      return {
        label: title,
        description: [c.version ?? l10n.t('connected'), scope?.short].filter(Boolean).join(' · '),
        tooltip: [`**${c.label}**`, c.version ?? '', ...(scope?.lines ?? [])],
        icon: c.kind === 'docker' ? 'vm-running' : 'cloud',
        contextValue: `connection.${c.kind}.connected${c.scope ? '.scoped' : ''}`,
      };
    }
    case 'unreachable':
      return {
        label: title,
        description: l10n.t('unreachable: {0}', c.reason ?? l10n.t('unknown reason')),
        tooltip: [l10n.t('{0} cannot be reached', `**${c.label}**`), c.reason ?? '', c.advice ?? '', l10n.t('It reconnects by itself as soon as it answers again.')],
        icon: 'debug-disconnect',
        color: 'testing.iconFailed',
        contextValue: `connection.${c.kind}.unreachable`,
      };
    case 'idle':
      return { label: title, description: l10n.t('expand to connect'), tooltip: [`**${c.label}**`, c.reason ?? ''], icon: 'cloud', contextValue: `connection.${c.kind}.idle` };
    default:
      return { label: title, description: `${statusWord(c.status)}…`, tooltip: [`**${c.label}**`, `${statusWord(c.status)}…`], icon: 'sync~spin', contextValue: `connection.${c.kind}.${c.status}` };
  }
}

/** A connection's passing state ("connecting", "reconnecting"), in the user's language. */
function statusWord(status: ConnectionState['status']): string {
  return status === 'connecting' ? l10n.t('connecting') : status === 'reconnecting' ? l10n.t('reconnecting') : status;
}
