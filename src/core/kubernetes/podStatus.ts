// A pod's status in kubectl's words (the STATUS column): Running, Pending,
// ContainerCreating, CrashLoopBackOff, ImagePullBackOff, OOMKilled, Error,
// Completed, Init:..., Terminating; and its containers' states. Follows
// kubectl's printPod ordering so the tree says what `kubectl get pods` says.
import type { KubeContainerInfo } from '../model/kubeDetails';
import { iso, type KContainerStatus, type KPod } from './objects';

/** The pod's summary. */
export interface PodSummary {
  phase: string;
  /** kubectl's STATUS. */
  reason: string;
  ready: number;
  total: number;
  restarts: number;
  containers: KubeContainerInfo[];
  /** Init containers, in the order they run (each marked `init`). */
  initContainers: KubeContainerInfo[];
}

function container(s: KContainerStatus | undefined, spec: { name: string; image?: string; ports?: { name?: string; containerPort: number }[] | null }): KubeContainerInfo {
  const st = s?.state ?? {};
  const last = s?.lastState?.terminated;
  const base = {
    name: spec.name,
    image: s?.image ?? spec.image ?? '',
    ready: s?.ready ?? false,
    restartCount: s?.restartCount ?? 0,
    ports: (spec.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort })),
    lastTermination: last ? { reason: last.reason, exitCode: last.exitCode, finishedAt: iso(last.finishedAt) } : undefined,
  };
  if (st.running) return { ...base, state: 'running', startedAt: iso(st.running.startedAt) };
  if (st.waiting) return { ...base, state: 'waiting', reason: st.waiting.reason ?? 'Waiting', message: st.waiting.message };
  if (st.terminated) {
    const t = st.terminated;
    const reason = t.reason ?? (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? '?'}`);
    return { ...base, state: 'terminated', reason, message: t.message, exitCode: t.exitCode, startedAt: iso(t.startedAt) };
  }
  return { ...base, state: 'unknown' };
}

/** kubectl's status of a pod, and its containers. */
export function podSummary(pod: KPod): PodSummary {
  const phase = pod.status?.phase ?? 'Unknown';
  const specs = pod.spec?.containers ?? [];
  const statuses = pod.status?.containerStatuses ?? [];
  const containers = specs.map((spec) => container(statuses.find((s) => s.name === spec.name), spec));
  // Statuses of containers missing from the spec (should not happen) still count.
  for (const s of statuses) if (!specs.some((c) => c.name === s.name)) containers.push(container(s, { name: s.name, image: s.image }));
  let reason = pod.status?.reason || phase;
  let initializing = false;
  const inits = pod.status?.initContainerStatuses ?? [];
  const initContainers = (pod.spec?.initContainers ?? []).map((spec) => ({ ...container(inits.find((s) => s.name === spec.name), spec), init: true }));
  inits.forEach((s, i) => {
    if (initializing) return;
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) return;
    initializing = true;
    if (t) reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    else if (s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') reason = `Init:${s.state.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
  });
  if (!initializing) {
    let hasRunning = false;
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i];
      if (c.state === 'waiting' && c.reason) reason = c.reason;
      else if (c.state === 'terminated' && c.reason) reason = c.reason;
      else if (c.state === 'running' && c.ready) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }
  if (pod.metadata?.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return {
    phase,
    reason,
    ready: containers.filter((c) => c.ready).length,
    total: containers.length,
    // kubectl counts an init container's restarts too.
    restarts: [...initContainers, ...containers].reduce((n, c) => n + c.restartCount, 0),
    containers,
    initContainers,
  };
}

/** True when the cause of the trouble is in the terminated run's output (offer "previous" logs first). */
export function previousLogFirst(c: KubeContainerInfo, podReason: string): boolean {
  return podReason === 'CrashLoopBackOff' || c.reason === 'CrashLoopBackOff' || c.reason === 'OOMKilled' || c.lastTermination?.reason === 'OOMKilled';
}
