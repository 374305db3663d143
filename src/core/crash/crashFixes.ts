// The values the crash quick fixes write: more memory after an OOM kill, a
// longer scoring timeout after a 504, a request that fits the largest node.
// Pure arithmetic; the glue turns each into a text edit.
import type { Finding } from './finding';
import type { DeploymentSetting } from './configLocations';
import { largestFit } from './resourceFit';

/** deploymentconfig.json's defaults (Azure ML docs: 0.5 GB, 60 000 ms). */
export const DEFAULT_MEMORY_GB = 0.5;
export const DEFAULT_SCORING_TIMEOUT_MS = 60000;

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value.trim()) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** memoryInGB after an OOM kill: double the current value (default 0.5), at least 1, to 0.1 GB. */
export function raisedMemoryGb(current: unknown): number {
  const now = numberOf(current) ?? DEFAULT_MEMORY_GB;
  return Math.max(1, Math.ceil(now * 2 * 10 - 1e-9) / 10);
}

/** scoringTimeoutMs after a 504: double the timeout that expired (default one minute). */
export function raisedTimeoutMs(current: unknown, expiredMs?: number): number {
  const now = Math.max(numberOf(current) ?? 0, expiredMs ?? 0) || DEFAULT_SCORING_TIMEOUT_MS;
  return Math.ceil((now * 2) / 1000) * 1000;
}

/** Azure's ceiling on request_settings.request_timeout_ms. */
export const MAX_REQUEST_TIMEOUT_MS = 180_000;
/** request_timeout_ms when deployment.yml leaves it out. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

/**
 * request_timeout_ms after a 408: double the limit that expired, to whole
 * seconds, at most Azure's 180000; undefined when it is there already (only
 * a faster run() helps then).
 */
export function raisedRequestTimeoutMs(current: unknown, expiredMs?: number): number | undefined {
  const now = Math.max(numberOf(current) ?? 0, expiredMs ?? 0) || DEFAULT_REQUEST_TIMEOUT_MS;
  if (now >= MAX_REQUEST_TIMEOUT_MS) return undefined;
  return Math.min(MAX_REQUEST_TIMEOUT_MS, Math.ceil((now * 2) / 1000) * 1000);
}

/**
 * The request an insufficient-resources finding should be lowered to: what the
 * largest node can give. `nodes` holds each node's allocatable quantities;
 * `undefined` when the finding names no resource a setting requests, or no node
 * is known. A value that is not below `current` is no fix and gives `undefined`.
 */
export function loweredRequest(finding: Pick<Finding, 'data'>, nodes: Record<string, string | undefined>[], current?: unknown): { setting: DeploymentSetting; value: number } | undefined {
  const resource = finding.data?.resource;
  if (!resource || !nodes.length) return undefined;
  const fit = largestFit(resource, nodes);
  if (!fit) return undefined;
  const now = numberOf(current);
  if (now !== undefined && fit.value >= now) return undefined;
  return fit;
}
