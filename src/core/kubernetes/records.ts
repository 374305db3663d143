// Turns pods and deployments into service records (pure): which of them are
// Azure ML services (labels and namespaces from the settings), which
// service a pod belongs to, its status in kubectl's words and its events.
import type { ServiceRecord, ServiceState } from '../model/serviceRecord';
import type { KubeDeploymentDetails, KubeEventInfo, KubePodDetails } from '../model/kubeDetails';
import { iso, type KDeployment, type KEvent, type KMeta, type KPod } from './objects';
import { podSummary } from './podStatus';
import { maskEnvRecord } from '../model/secrets';

/** Which objects are listed (settings azuremlDebug.kubernetes.*). */
export interface KubeFilter {
  /** `key=value` or `key` (present) or `prefix/*` (any label under that prefix). */
  labels: string[];
  /** Namespace globs (`azureml-*`). */
  namespaces: string[];
  showAll: boolean;
}

/** Azure ML's own markers: v1 web services and v2 online deployments (see the facts notes). */
export const DEFAULT_FILTER: KubeFilter = {
  labels: ['isazuremlapp=true', 'azuremlappname', 'ml.azure.com/*'],
  namespaces: ['azureml-*'],
  showAll: false,
};

/**
 * `*` matches any run of characters. Matched by hand, each piece between the
 * stars placed at its first fit: the regular expression this was built into
 * backtracked through every split of the value (a setting of `a*a*a*a*a*a*a*a*b`
 * took 23 s on one 63-character namespace, issue 17).
 */
export function namespaceGlob(pattern: string, value: string): boolean {
  const pieces = pattern.split('*');
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (pieces.length === 1) return pattern === value;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let at = first.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = value.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/** Why an object with these labels in this namespace is an Azure ML service, or undefined. */
export function azuremlMatch(meta: KMeta | undefined, filter: KubeFilter): KubeDeploymentDetails['azureml'] {
  const labels = meta?.labels ?? {};
  for (const rule of filter.labels) {
    const eq = rule.indexOf('=');
    let hit: boolean;
    if (eq > 0) hit = labels[rule.slice(0, eq)] === rule.slice(eq + 1);
    else if (rule.endsWith('/*')) hit = Object.keys(labels).some((k) => k.startsWith(rule.slice(0, -1)));
    else hit = rule in labels;
    if (hit) return rule.startsWith('ml.azure.com/') ? 'v2' : 'v1';
  }
  if (meta?.namespace && filter.namespaces.some((p) => namespaceGlob(p, meta.namespace!))) return 'namespace';
  return undefined;
}

/** The `namespace/service` a pod belongs to: its Deployment (through the ReplicaSet), else its app labels. */
export function podApp(pod: KPod): string {
  const meta = pod.metadata ?? {};
  const ns = meta.namespace ?? 'default';
  const labels = meta.labels ?? {};
  const rs = meta.ownerReferences?.find((o) => o.kind === 'ReplicaSet')?.name;
  const hash = labels['pod-template-hash'];
  if (rs && hash && rs.endsWith(`-${hash}`)) return `${ns}/${rs.slice(0, -hash.length - 1)}`;
  if (rs) return `${ns}/${rs.replace(/-[a-z0-9]{5,10}$/, '')}`;
  const name = labels['azuremlappname'] ?? labels['ml.azure.com/deployment-name'] ?? labels['app'] ?? meta.name ?? '';
  return `${ns}/${name}`;
}

function stateOf(status: string, exitCode: number | undefined): ServiceState {
  switch (status) {
    case 'Running':
      return 'running';
    case 'CrashLoopBackOff':
    // An init container that keeps failing (the model download): the pod never starts.
    case 'Init:CrashLoopBackOff':
      return 'crashloop';
    case 'OOMKilled':
      return 'oomkilled';
    case 'Terminating':
      return 'removing';
    case 'Completed':
    case 'Succeeded':
    case 'Error':
    case 'Failed':
      return 'exited';
    case 'Unknown':
      return 'dead';
    default:
      return exitCode !== undefined ? 'exited' : 'pending';
  }
}

/** Events kept per pod (newest). */
export const EVENTS_PER_POD = 20;

/** A pod's events in the order they last happened, the newest `EVENTS_PER_POD`. */
export function eventInfos(events: Iterable<KEvent>): KubeEventInfo[] {
  const out = [...events].map((e) => ({
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.count ?? 1,
    lastSeen: iso(e.lastTimestamp) ?? iso(e.eventTime) ?? iso(e.firstTimestamp) ?? iso(e.metadata?.creationTimestamp),
    source: e.source?.component,
  }));
  out.sort((a, b) => (a.lastSeen ?? '').localeCompare(b.lastSeen ?? ''));
  return out.slice(-EVENTS_PER_POD);
}

/** The service record of a pod. */
export function podRecord(connectionId: string, pod: KPod, events: KubeEventInfo[], listed: ServiceRecord['reason']): ServiceRecord {
  const meta = pod.metadata ?? {};
  const s = podSummary(pod);
  const main = s.containers[0];
  const env: Record<string, string> = {};
  for (const e of pod.spec?.containers?.[0]?.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  const debugPort = pod.spec?.containers?.[0]?.ports?.find((p) => /^debug(py)?$/i.test(p.name ?? ''))?.containerPort;
  const details: KubePodDetails = {
    object: 'pod',
    namespace: meta.namespace ?? 'default',
    name: meta.name ?? '',
    uid: meta.uid,
    app: podApp(pod),
    phase: s.phase,
    status: s.reason,
    ready: s.ready,
    total: s.total,
    node: pod.spec?.nodeName,
    podIp: pod.status?.podIP,
    createdAt: iso(meta.creationTimestamp),
    containers: s.containers,
    ...(s.initContainers.length ? { initContainers: s.initContainers } : {}),
    events,
    // Held masked: nothing reads a secret's value (AZUREML_* are what is read), and a record is shown.
    env: maskEnvRecord(env),
    ...(debugPort ? { debugPort } : {}),
  };
  const exitCode = main?.exitCode ?? main?.lastTermination?.exitCode;
  return {
    id: podRecordId(details.namespace, details.name),
    name: details.name,
    connectionId,
    kind: 'kubernetes',
    state: stateOf(s.reason, main?.state === 'terminated' ? main.exitCode : undefined),
    exitCode,
    restartCount: s.restarts,
    startedAt: main?.startedAt,
    finishedAt: main?.lastTermination?.finishedAt,
    image: main?.image ?? '',
    ports: [],
    labels: { ...(meta.labels ?? {}) },
    reason: listed,
    kubernetes: details,
  };
}

/** The service record of a Deployment. */
export function deploymentRecord(connectionId: string, d: KDeployment, match: KubeDeploymentDetails['azureml']): ServiceRecord {
  const meta = d.metadata ?? {};
  const ns = meta.namespace ?? 'default';
  const name = meta.name ?? '';
  const st = d.status ?? {};
  const details: KubeDeploymentDetails = {
    object: 'deployment',
    namespace: ns,
    name,
    app: `${ns}/${name}`,
    replicas: d.spec?.replicas ?? st.replicas ?? 0,
    readyReplicas: st.readyReplicas ?? 0,
    updatedReplicas: st.updatedReplicas ?? 0,
    availableReplicas: st.availableReplicas ?? 0,
    createdAt: iso(meta.creationTimestamp),
    azureml: match,
  };
  return {
    id: deploymentRecordId(ns, name),
    name,
    connectionId,
    kind: 'kubernetes',
    state: details.readyReplicas >= details.replicas && details.replicas > 0 ? 'running' : 'pending',
    restartCount: 0,
    image: d.spec?.template?.spec?.containers?.[0]?.image ?? '',
    ports: [],
    labels: { ...(meta.labels ?? {}) },
    reason: match ? 'azureml' : 'all',
    kubernetes: details,
  };
}

export function podRecordId(namespace: string, name: string): string {
  return `pod/${namespace}/${name}`;
}

export function deploymentRecordId(namespace: string, name: string): string {
  return `deployment/${namespace}/${name}`;
}
