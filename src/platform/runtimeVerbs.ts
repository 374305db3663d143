// The verbs every runtime offers for one of its services, so that a command
// or crash analysis is written once and not once per runtime (as
// vscode-containers' clients and rust-analyzer's per-connection state are):
// its log source, exec in its container, its scoring endpoint, redaction of
// the connection's secrets, and, where the runtime has them, start/stop/
// restart/remove, inspect and save-as-image. Docker implements them in src/docker, a
// cluster context in src/kubernetes, a deployment in Azure in src/azure;
// src/connections.ts finds the verbs of a record.
import type { LogSource } from '../core/logs/logSource';
import type { ServiceRecord } from '../core/model/serviceRecord';

/** Where a service answers /score; `dispose` closes what reaching it opened (a port-forward). */
export interface ScoringEndpoint {
  url: string;
  /** For messages and the log: `:8000`, `pod:5001`. */
  where: string;
  /** Headers a request must carry (Azure: the endpoint's key or token, the deployment to target). Secret: never shown or logged. */
  headers?: Record<string, string>;
  dispose(): void;
}

/** What a command run in a container printed. */
export interface ExecOutput {
  stdout: string;
  stderr?: string;
}

/** A running copy of a stopped service: run commands in it, then remove it. */
export interface ServiceCopy {
  exec(command: readonly string[]): Promise<ExecOutput>;
  remove(): Promise<void>;
}

/** What a user can do to a service's life. */
export type ServiceControl = 'start' | 'stop' | 'restart' | 'remove';

export interface RuntimeVerbs {
  /** The log source of the service (of one of a pod's containers). */
  logSource(record: ServiceRecord, container?: string): LogSource;
  /** Runs a command (an argument array, never a shell line) in the service's container. Absent in Azure. */
  exec?(record: ServiceRecord, command: readonly string[], container?: string): Promise<ExecOutput>;
  /** Where the service answers /score, or undefined when it publishes no scoring port. */
  scoringEndpoint(record: ServiceRecord, container?: string): Promise<ScoringEndpoint | undefined>;
  /** The text with the connection's known secrets (tokens, keys) and anything shaped like a secret masked (core/model/secrets). */
  redact(text: string): string;
  /**
   * Starts, stops, restarts or removes the service. Absent where the runtime
   * offers none yet: a pod belongs to its controller, which the tree does
   * not manage (Kubernetes Tools does).
   */
  control?(record: ServiceRecord, verb: ServiceControl): Promise<void>;
  /** The runtime's own description of the service, as JSON text (`docker inspect`). */
  inspect?(record: ServiceRecord): Promise<string>;
  /** Keeps the service's container as an image `repo:tag`, its bind-mounted files included; says what it left out. */
  saveAsImage?(record: ServiceRecord, repo: string, tag: string, comment: string): Promise<{ included: string[]; leftOut: { type: string; destination: string }[] }>;
  /**
   * Starts a copy of a stopped service (same image, environment and mounts,
   * idle instead of serving) to run commands in; the caller removes it.
   */
  throwawayCopy?(record: ServiceRecord): Promise<ServiceCopy>;
}
