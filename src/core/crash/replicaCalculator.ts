// The seeds' answer to HTTP 503 bursts: enough minimum replicas that the
// expected load fits below the autoscaler's target utilisation.
//   concurrentRequests = targetRps * reqTime / targetUtilization
//   replicas = ceil(concurrentRequests / maxReqPerContainer)
import { l10n } from '../l10n';

/** What the user knows about the load; see {@link minReplicasFor}. */
/** The calculator's questions, answered (by the user, or given by a test). */
export interface ReplicaAnswers {
  targetRps: number;
  requestSeconds: number;
  targetUtilization?: number;
}

export interface ReplicaInputs {
  /** Requests per second the service must absorb. */
  targetRps: number;
  /** Seconds one request takes to score. */
  requestSeconds: number;
  /**
   * Autoscaler target utilisation: a fraction (0.7, as in the seeds' code) or
   * a percentage (70, as in deploymentconfig.json and autoscale_target_utilization).
   * Values above 1 are read as percentages.
   */
  targetUtilization: number;
  /** maxConcurrentRequestsPerContainer (replica_max_concurrent_requests); default 1. */
  maxConcurrentPerContainer?: number;
}

/** The computed figures, or why the inputs cannot be used. */
export type ReplicaResult =
  | { ok: true; minReplicas: number; concurrentRequests: number; utilizationPercent: number }
  | { ok: false; error: string };

/** The configuration change a 503 quick fix writes. */
export interface ReplicaPlan {
  minReplicas: number;
  /** Percent, as deploymentconfig.json stores it. */
  targetUtilization: number;
  /** Raised to minReplicas when the current maximum is lower (the autoscaler needs max >= min). */
  maxReplicas?: number;
}

/** Utilisation as a percentage in (0, 100], or `undefined` when out of range. */
export function utilizationPercent(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const percent = value > 1 ? value : value * 100;
  return percent <= 100 ? percent : undefined;
}

/** The seeds' formula. Rounds away floating-point noise before the ceiling (7 rps x 1 s / 0.7 is 10, not 11). */
export function minReplicasFor(inputs: ReplicaInputs): ReplicaResult {
  const { targetRps, requestSeconds } = inputs;
  const perContainer = inputs.maxConcurrentPerContainer ?? 1;
  if (!Number.isFinite(targetRps) || targetRps <= 0) return { ok: false, error: l10n.t('target requests per second must be a positive number') };
  if (!Number.isFinite(requestSeconds) || requestSeconds <= 0) return { ok: false, error: l10n.t('request time must be a positive number of seconds') };
  if (!Number.isInteger(perContainer) || perContainer < 1) return { ok: false, error: l10n.t('max concurrent requests per container must be a whole number of at least 1') };
  const percent = utilizationPercent(inputs.targetUtilization);
  if (percent === undefined) return { ok: false, error: l10n.t('target utilization must be in (0, 1] as a fraction or (1, 100] as a percentage') };
  const concurrentRequests = (targetRps * requestSeconds * 100) / percent;
  const replicas = Math.ceil(Number((concurrentRequests / perContainer).toFixed(9)));
  return { ok: true, minReplicas: Math.max(1, replicas), concurrentRequests, utilizationPercent: percent };
}

/** The values to write for a computed result, given the current autoScaler.maxReplicas (default 10). */
export function replicaPlan(result: { minReplicas: number; utilizationPercent: number }, currentMaxReplicas = 10): ReplicaPlan {
  const plan: ReplicaPlan = { minReplicas: result.minReplicas, targetUtilization: Math.round(result.utilizationPercent) };
  if (currentMaxReplicas < result.minReplicas) plan.maxReplicas = result.minReplicas;
  return plan;
}
