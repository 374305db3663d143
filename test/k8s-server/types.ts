// Shapes of the Kubernetes objects the test cluster stores and serves. Only
// the fields the server reads or writes are typed; everything else a client
// sends is kept as it came, as the real API server keeps unknown fields.

import type { Probe } from './probe';

/** ObjectMeta, as far as the test cluster uses it. */
export interface Meta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generateName?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
}

/** A reference from a dependent to its controller (pod -> replicaset -> deployment). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any stored object. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  [field: string]: unknown;
}

/** A new object as a client or a controller hands it in (server fields optional). */
export interface NewObject { apiVersion: string; kind: string; metadata: Partial<Meta>; [field: string]: unknown }

export interface EnvVar { name: string; value?: string }
export interface ContainerPort { containerPort: number; name?: string; protocol?: string }
export interface VolumeMount { name: string; mountPath: string; readOnly?: boolean }
export interface ResourceRequirements { requests?: Record<string, string>; limits?: Record<string, string> }

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  workingDir?: string;
  imagePullPolicy?: string;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}

export interface Volume { name: string; hostPath?: { path: string; type?: string }; emptyDir?: Record<string, unknown> }

export interface PodSpec {
  containers: Container[];
  /** Run one after another, each to a successful exit, before the containers start. */
  initContainers?: Container[];
  volumes?: Volume[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  terminationGracePeriodSeconds?: number;
  schedulerName?: string;
  [field: string]: unknown;
}

export interface ContainerStateTerminated {
  exitCode: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
  signal?: number;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt: string };
  terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime: string | null;
  lastTransitionTime: string;
}

export interface PodStatus {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  reason?: string;
  message?: string;
  conditions?: PodCondition[];
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  qosClass?: string;
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

export interface Pod extends KObject { spec: PodSpec; status: PodStatus }

export interface PodTemplate { metadata?: Partial<Meta>; spec: PodSpec }

export interface Deployment extends KObject {
  spec: { replicas?: number; selector: { matchLabels?: Record<string, string> }; template: PodTemplate; [f: string]: unknown };
  status?: Record<string, unknown>;
}

export interface ReplicaSet extends KObject {
  spec: { replicas: number; selector: { matchLabels?: Record<string, string> }; template: PodTemplate };
  status?: Record<string, unknown>;
}

export interface NodeObject extends KObject {
  status: {
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    [f: string]: unknown;
  };
}

export interface EventObject extends KObject {
  involvedObject: { kind: string; namespace?: string; name: string; uid: string; apiVersion: string; fieldPath?: string; resourceVersion?: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  reportingComponent?: string;
  reportingInstance?: string;
}

/** A Kubernetes Status, the body of every error answer. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: Record<string, unknown>;
  code?: number;
}

/** An error that the REST layer answers as a Status with this HTTP code. */
export class ApiError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }

  /** The Status body of this error. */
  toStatus(): Status {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, details: this.details, code: this.code };
  }
}
