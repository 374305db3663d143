// The few fields of Kubernetes objects this extension reads, as plain shapes.
// Objects from a list (client-node deserializes times into Date) and from a
// watch (times stay strings) both fit, so times are `string | Date`.

export type KTime = string | Date | undefined | null;

export interface KMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  creationTimestamp?: KTime;
  deletionTimestamp?: KTime;
  ownerReferences?: { kind?: string; name?: string }[] | null;
  resourceVersion?: string;
}

export interface KContainerState {
  running?: { startedAt?: KTime } | null;
  waiting?: { reason?: string; message?: string } | null;
  terminated?: { reason?: string; exitCode?: number; signal?: number; message?: string; startedAt?: KTime; finishedAt?: KTime } | null;
}

export interface KContainerStatus {
  name: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  started?: boolean;
  state?: KContainerState | null;
  lastState?: KContainerState | null;
}

export interface KContainerSpec {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number }[] | null;
  env?: { name: string; value?: string }[] | null;
}

export interface KPod {
  metadata?: KMeta;
  spec?: { containers?: KContainerSpec[]; initContainers?: KContainerSpec[] | null; nodeName?: string } | null;
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    podIP?: string;
    startTime?: KTime;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[] | null;
    containerStatuses?: KContainerStatus[] | null;
    initContainerStatuses?: KContainerStatus[] | null;
  } | null;
}

export interface KDeployment {
  metadata?: KMeta;
  spec?: { replicas?: number; template?: { metadata?: KMeta; spec?: KPod['spec'] } } | null;
  status?: { replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number; unavailableReplicas?: number } | null;
}

export interface KEvent {
  metadata?: KMeta;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: KTime;
  lastTimestamp?: KTime;
  eventTime?: KTime;
  source?: { component?: string };
}

/** An RFC3339 string for a list (Date) or watch (string) time. */
export function iso(t: KTime): string | undefined {
  if (!t) return undefined;
  if (t instanceof Date) return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
  return t;
}
