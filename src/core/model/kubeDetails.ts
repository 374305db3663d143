// The Kubernetes part of a service record: what the tree shows under a
// cluster (Azure ML services = deployments, their pods, containers, events).
// Shapes only, importing nothing, so the service record can hold them
// without depending on the code that reads pods (podStatus, records).
/** One event about a pod (`kubectl get events`), newest last. */
export interface KubeEventInfo {
  type: string;
  reason: string;
  message: string;
  count: number;
  /** RFC3339 time it was last seen. */
  lastSeen?: string;
  source?: string;
}

/** One container of a pod, as the tree shows it. */
export interface KubeContainerInfo {
  name: string;
  image: string;
  ready: boolean;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** waiting/terminated reason, e.g. CrashLoopBackOff, OOMKilled, Error. */
  reason?: string;
  message?: string;
  exitCode?: number;
  restartCount: number;
  startedAt?: string;
  /** How the previous run ended (the crash that the "previous" log shows). */
  lastTermination?: { reason?: string; exitCode?: number; finishedAt?: string };
  ports: { name?: string; containerPort: number }[];
  /** An init container: runs to completion before the containers start (Azure ML's storage-initializer downloads the model). */
  init?: boolean;
}

/** A pod. */
export interface KubePodDetails {
  object: 'pod';
  namespace: string;
  name: string;
  uid?: string;
  /** Key of the Azure ML service it belongs to: `namespace/deployment` (or its app label). */
  app: string;
  phase: string;
  /** kubectl's STATUS column. */
  status: string;
  ready: number;
  total: number;
  node?: string;
  podIp?: string;
  createdAt?: string;
  containers: KubeContainerInfo[];
  /** Init containers, in the order they run; absent when the pod has none. */
  initContainers?: KubeContainerInfo[];
  events: KubeEventInfo[];
  /** The pod's environment from its spec (AZUREML_MODEL_DIR and the like), main container; secrets' values masked (model/secrets). */
  env: Record<string, string>;
  /** The main container's port named `debug` or `debugpy` in its spec, where debugpy listens. */
  debugPort?: number;
}

/** A Deployment (an Azure ML web service or, with "show all", any). */
export interface KubeDeploymentDetails {
  object: 'deployment';
  namespace: string;
  name: string;
  app: string;
  replicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  createdAt?: string;
  /** 'v1' (isazuremlapp / azuremlappname), 'v2' (ml.azure.com/*), or undefined when listed by "show all". */
  azureml?: 'v1' | 'v2' | 'namespace';
}

export type KubeDetails = KubePodDetails | KubeDeploymentDetails;
