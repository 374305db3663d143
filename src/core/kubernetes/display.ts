// How the cluster's nodes read in the tree: an Azure ML service (deployment),
// a pod (status in kubectl's words, restarts, age), a container (state,
// reason, last termination) and an event. Pure, so the wording is tested.
import { restartWords, shortDuration, type Display } from '../model/serviceDisplay';
import type { KubeContainerInfo, KubeEventInfo, KubePodDetails } from '../model/kubeDetails';
import type { KubeApp } from './tree';
import type { ServiceRecord } from '../model/serviceRecord';
import { l10n } from '../l10n';

const BAD = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'OOMKilled', 'Error', 'Failed', 'CreateContainerConfigError', 'InvalidImageName', 'RunContainerError', 'Unknown']);
const WAITING = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating']);

function statusIcon(status: string): [string, string | undefined] {
  if (status === 'Running') return ['pass-filled', 'testing.iconPassed'];
  if (status === 'Completed' || status === 'Succeeded') return ['circle-slash', undefined];
  if (BAD.has(status) || status.startsWith('Init:Error') || status.startsWith('Init:Crash')) return ['error', 'testing.iconFailed'];
  if (WAITING.has(status) || status.startsWith('Init:')) return ['watch', 'charts.yellow'];
  return ['question', 'charts.yellow'];
}

const APP_LISTED_BECAUSE: Record<'v1' | 'v2' | 'namespace', () => string> = {
  v1: () => l10n.t('Listed because: it carries the Azure ML v1 labels'),
  v2: () => l10n.t('Listed because: it carries the Azure ML v2 (ml.azure.com) labels'),
  namespace: () => l10n.t('Listed because: its namespace is an Azure ML one'),
};

/** An Azure ML service under a cluster. */
export function appDisplay(a: KubeApp): Display {
  const d = a.deployment?.kubernetes;
  const bad = a.pods.filter((p) => BAD.has(p.kubernetes.status)).length;
  const parts = [d ? l10n.t('{0} ready', `${d.readyReplicas}/${d.replicas}`) : l10n.t('{0} running', `${a.pods.filter((p) => p.kubernetes.status === 'Running').length}/${a.pods.length}`), a.namespace];
  if (bad) parts.push(l10n.t('{0} failing', bad));
  const tooltip = [l10n.t('{0} in namespace {1}', `**${a.name}**`, `\`${a.namespace}\``)];
  if (d) tooltip.push(l10n.t('Replicas: {0} desired, {1} updated, {2} ready, {3} available', d.replicas, d.updatedReplicas, d.readyReplicas, d.availableReplicas));
  if (d?.azureml) tooltip.push(APP_LISTED_BECAUSE[d.azureml]());
  else if (d) tooltip.push(l10n.t('Listed because: "show all deployments" is on'));
  const icon: [string, string | undefined] = bad ? ['error', 'testing.iconFailed'] : d && d.readyReplicas < d.replicas ? ['watch', 'charts.yellow'] : ['server-process', undefined];
  const online = onlineEndpointOf(a);
  if (online) tooltip.push(l10n.t('Azure ML online endpoint {0}, deployment {1}', `\`${online.endpoint}\``, `\`${online.deployment}\``));
  return { label: online ? `${online.endpoint} / ${online.deployment}` : a.name, description: parts.join(' · '), tooltip, icon: icon[0], color: icon[1], contextValue: `kubernetes.app${d ? '.deployment' : ''}` };
}

/**
 * The endpoint and deployment of a Kubernetes online deployment (the Azure ML
 * extension labels its pods ml.azure.com/endpoint-name and
 * ml.azure.com/deployment-name), read as the view names a local v2 one.
 */
export function onlineEndpointOf(a: KubeApp): { endpoint: string; deployment: string } | undefined {
  for (const p of a.pods) {
    const endpoint = p.labels['ml.azure.com/endpoint-name'];
    const deployment = p.labels['ml.azure.com/deployment-name'];
    if (endpoint && deployment) return { endpoint, deployment };
  }
  return undefined;
}

/** A pod: status, ready, restarts, age. */
export function podDisplay(r: ServiceRecord & { kubernetes: KubePodDetails }, now: number): Display {
  const p = r.kubernetes;
  const parts = [p.status, `${p.ready}/${p.total}`];
  if (r.restartCount) parts.push(restartWords(r.restartCount));
  if (p.createdAt) parts.push(shortDuration(now - Date.parse(p.createdAt)));
  const [icon, color] = statusIcon(p.status);
  const tooltip = [`**${p.name}** — ${p.status}`, l10n.t('Namespace: {0}', `\`${p.namespace}\``), l10n.t('Phase: {0}', p.phase)];
  if (p.node) tooltip.push(l10n.t('Node: {0}', p.node));
  if (p.podIp) tooltip.push(l10n.t('IP: {0}', p.podIp));
  for (const c of p.containers) {
    if (c.lastTermination) tooltip.push(l10n.t('Last termination of {0}: {1} (exit code {2})', c.name, c.lastTermination.reason ?? '', c.lastTermination.exitCode ?? '?'));
  }
  const last = p.events.at(-1);
  if (last && last.type === 'Warning') tooltip.push(`${last.reason}: ${last.message}`);
  const flags = [p.status === 'Running' ? 'running' : 'notRunning', p.containers.some((c) => c.lastTermination || c.restartCount > 0) ? 'previous' : ''].filter(Boolean);
  return { label: p.name, description: parts.join(' · '), tooltip, icon, color, contextValue: ['service.kubernetes.pod', ...flags].join('.') };
}

/** A container of a pod. */
export function containerDisplay(c: KubeContainerInfo): Display {
  const word = c.state === 'running' ? (c.ready ? 'Running' : l10n.t('Running, not ready')) : c.reason ?? c.state;
  const parts = c.init ? ['init', word] : [word];
  if (c.restartCount) parts.push(restartWords(c.restartCount));
  if (c.lastTermination) parts.push(l10n.t('last: {0} ({1})', c.lastTermination.reason ?? 'terminated', c.lastTermination.exitCode ?? '?'));
  const [icon, color] = c.state === 'running' ? (c.ready ? ['pass', 'testing.iconPassed'] : ['watch', 'charts.yellow']) : statusIcon(c.reason ?? 'Unknown');
  const tooltip = [`**${c.name}** — ${word}`, l10n.t('Image: {0}', `\`${c.image}\``)];
  if (c.message) tooltip.push(c.message);
  if (c.exitCode !== undefined) tooltip.push(l10n.t('Exit code: {0}', c.exitCode));
  for (const p of c.ports) tooltip.push(l10n.t('Port: {0}', `${p.containerPort}${p.name ? ` (${p.name})` : ''}`));
  return { label: c.name, description: parts.join(' · '), tooltip, icon, color, contextValue: `kubernetes.container.${c.state}${c.lastTermination || c.restartCount ? '.previous' : ''}` };
}

/** One event of a pod. */
export function eventDisplay(e: KubeEventInfo, now: number): Display {
  const parts = [e.message];
  if (e.count > 1) parts.push(`×${e.count}`);
  if (e.lastSeen) parts.push(l10n.t('{0} ago', shortDuration(now - Date.parse(e.lastSeen))));
  return {
    label: e.reason,
    description: parts.join(' · '),
    tooltip: [`**${e.reason}** (${e.type}${e.source ? `, ${e.source}` : ''})`, e.message, e.lastSeen ? l10n.t('Last seen: {0}', e.lastSeen) : ''],
    icon: e.type === 'Warning' ? 'warning' : 'info',
    color: e.type === 'Warning' ? 'charts.yellow' : undefined,
    contextValue: `kubernetes.event.${e.type}`,
  };
}
