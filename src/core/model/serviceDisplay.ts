// How a connection or a service reads in the tree: description, tooltip
// lines, icon and contextValue, computed from records alone (pure, so the
// wording is unit-tested and the tree does no work of its own).
import type { ConnectionScope, ConnectionState, ServiceRecord } from './serviceRecord';
import { APP_ROOT } from './appRoot';
import { maskSecretsInText } from './secrets';

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
      return r.exitCode !== undefined ? `exited (${r.exitCode})` : 'exited';
    case 'oomkilled':
      return 'OOM killed';
    case 'crashloop':
      return 'CrashLoopBackOff';
    default:
      return r.state;
  }
}

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
  if (r.state === 'running' && r.startedAt) parts.push(`up ${shortDuration(now - Date.parse(r.startedAt))}`);
  if (r.restartCount > 0) parts.push(`${r.restartCount} restart${r.restartCount === 1 ? '' : 's'}`);
  if (r.scoringPort) parts.push(`:${r.scoringPort.hostPort}`);
  if (r.debugPort) parts.push(`debug :${r.debugPort.hostPort}`);
  let [icon, color] = ICONS[r.state];
  if (r.state === 'exited' && r.exitCode !== undefined && r.exitCode !== 0) [icon, color] = ['error', 'testing.iconFailed'];
  const tooltip = [
    `**${r.name}** — ${stateWords(r)}`,
    `Image: \`${r.image}\``,
    `Id: \`${r.id.slice(0, 12)}\``,
  ];
  if (r.startedAt) tooltip.push(`Started: ${r.startedAt}`);
  if (r.finishedAt && r.state !== 'running') tooltip.push(`Finished: ${r.finishedAt}`);
  if (r.restartCount) tooltip.push(`Restarts: ${r.restartCount}`);
  for (const p of r.ports) tooltip.push(`Port: ${p.hostIp}:${p.hostPort} → ${p.containerPort}`);
  if (r.appSource) tooltip.push(`App folder: \`${r.appSource}\` → ${r.appRoot ?? APP_ROOT}`);
  tooltip.push(`Listed because: ${{ azureml: 'it follows the Azure ML inference contract', ours: 'this extension started it', pinned: 'you pinned it', all: '"show all containers" is on' }[r.reason]}`);
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

const SOURCE_WORDS: Record<ConnectionScope['namespaces'][number]['source'], string> = {
  context: "the context's namespace",
  setting: 'named in azuremlDebug.kubernetes.namespaces',
  listed: 'matches azuremlDebug.kubernetes.namespaces',
};

/** What a namespace-scoped connection shows (short, for the description; a message for the tree) and why (tooltip lines). */
export function scopeDisplay(scope: ConnectionScope): { short: string; message: string; lines: string[] } {
  const names = scope.namespaces.map((n) => n.name);
  const short = !names.length ? 'no namespace to watch' : names.length === 1 ? `namespace ${names[0]} only` : `${names.length} namespaces only`;
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const message = names.length ? `Cluster-wide watch refused: showing ${shown}` : 'Cluster-wide watch refused, and no namespace is known to watch';
  const lines = [
    ...scope.denied.map((d) => `Refused: ${d}.`),
    names.length
      ? `Watching instead: ${scope.namespaces.map((n) => `${n.name} (${SOURCE_WORDS[n.source]})`).join(', ')}.`
      : 'No namespace is known to watch instead: set the context\'s namespace (`kubectl config set-context --current --namespace NAME`) or name it in the setting azuremlDebug.kubernetes.namespaces.',
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
        description: [c.version ?? 'connected', scope?.short].filter(Boolean).join(' · '),
        tooltip: [`**${c.label}**`, c.version ?? '', ...(scope?.lines ?? [])],
        icon: c.kind === 'docker' ? 'vm-running' : 'cloud',
        contextValue: `connection.${c.kind}.connected${c.scope ? '.scoped' : ''}`,
      };
    }
    case 'unreachable':
      return {
        label: title,
        description: `unreachable: ${c.reason ?? 'unknown reason'}`,
        tooltip: [`**${c.label}** cannot be reached`, c.reason ?? '', c.advice ?? '', 'It reconnects by itself as soon as it answers again.'],
        icon: 'debug-disconnect',
        color: 'testing.iconFailed',
        contextValue: `connection.${c.kind}.unreachable`,
      };
    case 'idle':
      return { label: title, description: 'expand to connect', tooltip: [`**${c.label}**`, c.reason ?? ''], icon: 'cloud', contextValue: `connection.${c.kind}.idle` };
    default:
      return { label: title, description: `${c.status}…`, tooltip: [`**${c.label}**`, `${c.status}…`], icon: 'sync~spin', contextValue: `connection.${c.kind}.${c.status}` };
  }
}
