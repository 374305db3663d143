// The service model's records: what the tree, the log panel and the crash
// analysis know of a deployment, whether it came from Docker, a cluster or Azure.
import type { KubeDetails } from './kubeDetails';
import type { AzureDetails, AzureListing } from './azureDetails';

/** Lifecycle state of one service (a container, or a pod's main container). */
export type ServiceState =
  | 'created'
  | 'running'
  | 'restarting'
  | 'paused'
  | 'exited'
  | 'oomkilled'
  | 'dead'
  | 'removing'
  | 'pending'
  | 'crashloop';

/** A published port: container port -> host address. */
export interface PublishedPort {
  containerPort: number;
  hostIp: string;
  hostPort: number;
}

/** One deployed service as the model holds it. */
export interface ServiceRecord {
  /** Unique within its connection (container id, namespace/pod, or for Azure the ARM resource id exactly as ARM returns it). */
  id: string;
  name: string;
  connectionId: string;
  kind: 'docker' | 'kubernetes' | 'azure';
  state: ServiceState;
  /** Exit code of the last run, when it exited. */
  exitCode?: number;
  restartCount: number;
  /** ISO time the current run started, for uptime. */
  startedAt?: string;
  finishedAt?: string;
  image: string;
  ports: PublishedPort[];
  scoringPort?: PublishedPort;
  debugPort?: PublishedPort;
  labels: Record<string, string>;
  /** Folder mounted at /var/azureml-app, when it is a host folder. */
  appSource?: string;
  /** Where appSource is mounted in the container when not /var/azureml-app (an Azure ML v2 deployment's code folder, /var/azureml-app/<code>). */
  appRoot?: string;
  /** The image's HEALTHCHECK verdict (Docker), when it has one: events say when it changes. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  /** Why we list it: matched the Azure ML contract, pinned, or "show all". */
  reason: 'azureml' | 'ours' | 'pinned' | 'all';
  /** Cluster side only: the deployment or pod (with containers and events) this record is. */
  kubernetes?: KubeDetails;
  /** Azure side only: where the deployment or web service lives and what Azure says of it. */
  azure?: AzureDetails;
}

/** State of the connection to one engine or cluster. */
export interface ConnectionState {
  id: string;
  kind: 'docker' | 'kubernetes' | 'azure';
  label: string;
  /** 'idle': known (a kubeconfig context) but not connected until first expanded. */
  status: 'idle' | 'connecting' | 'connected' | 'unreachable' | 'reconnecting';
  /** Engine or server version when connected. */
  version?: string;
  /** Why it is unreachable, in words for the user (never a secret). */
  reason?: string;
  /** What the user can do about `reason` (never a secret). */
  advice?: string;
  /** Set when the cluster refused to be watched as a whole and namespaces are watched one by one instead. */
  scope?: ConnectionScope;
  /** Azure only: the subscriptions and workspaces listed (each with its own error), and when. */
  azure?: AzureListing;
}

/** What a namespace-scoped user was refused, and what is shown instead. */
export interface ConnectionScope {
  /** Each refusal in a sentence ("User "alice" may not list pods at the cluster scope"). */
  denied: string[];
  /** The namespaces watched instead, and why each. */
  namespaces: { name: string; source: 'context' | 'setting' | 'listed' }[];
}
