// The vocabulary of crash causes: what analyze() returns and what each
// parser beside it produces. Codes are stable: they become Diagnostic.code
// and key the quick fixes, so never rename one.

/** Stable codes of the failure modes the seeds teach a user to recognise. */
export const FindingCodes = [
  'init-failed',
  'run-failed',
  'model-not-found',
  'missing-module',
  'oom-killed',
  'insufficient-resources',
  'schedule-timeout',
  'image-pull',
  'keyvault-access',
  'overloaded-503',
  'timeout-504',
  'crash-loop',
] as const;

/** One of {@link FindingCodes}. */
export type FindingCode = (typeof FindingCodes)[number];

/** Which user function a failure came from. */
export type Phase = 'init' | 'run';

/** Machine-readable particulars a quick fix needs; every field optional. */
export interface FindingData {
  /** `init` or `run`: where the failure happened. */
  phase?: Phase;
  /** The exception's type as printed, e.g. `ValueError`, `json.decoder.JSONDecodeError`. */
  exceptionType?: string;
  /** missing-module: the import that failed (`sklearn`, `azureml.core`). */
  module?: string;
  /** missing-module: the pip package to add (`scikit-learn`). */
  package?: string;
  /** insufficient-resources: the resource as the scheduler names it (`cpu`, `memory`, `nvidia.com/gpu`). */
  resource?: string;
  /** insufficient-resources: how many nodes lack the resource. */
  nodesLacking?: number;
  /** insufficient-resources: how many nodes the cluster has. */
  nodesTotal?: number;
  /** image-pull: the image reference that could not be pulled. */
  image?: string;
  /** timeout-504: the timeout that expired, when a message states it. */
  timeoutMs?: number;
  /** schedule-timeout: how long scheduling was tried, as printed (`00:05:00`). */
  waited?: string;
}

/** A place in a file as the container or cluster names it; `line` is 1-based. */
export interface FindingLocation {
  path: string;
  line: number;
}

/** One recognised cause of a failing deployment. */
export interface Finding {
  code: FindingCode;
  /** One line for a person: what failed and, where known, what to change. */
  message: string;
  /** Where the user fixes it, when the evidence points into their code. */
  location?: FindingLocation;
  /** The evidence: traceback excerpt, event text, the chained exceptions. */
  detail?: string;
  data?: FindingData;
}
