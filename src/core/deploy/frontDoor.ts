// What Azure's front end does to requests on their way to a managed online
// deployment, as rules a local proxy can apply (src/platform/frontDoor):
// - request_settings.request_timeout_ms: a request still running after it is
//   answered 408 (the container is not told; its run() goes on);
// - max_concurrent_requests_per_instance x instance_count requests run at
//   once; as many again wait their turn; beyond that the answer is 429;
// - an answer of the container's other than 200 reaches the client as 424,
//   with the container's status in `ms-azureml-model-error-statuscode`.
// Pure: the deployment's settings in, decisions out.
import { CliLabels } from '../model/cliLabels';

/** The front end's rules for one deployment. */
export interface FrontDoorRules {
  requestTimeoutMs: number;
  /** Requests that run at once (concurrency per instance x instances). */
  concurrency: number;
  /** Requests that may wait for a free slot; beyond running + waiting: 429. */
  queue: number;
}

/** The request_settings defaults of a managed online deployment (and their documented cap). */
export const requestDefaults = { requestTimeoutMs: 5000, maxRequestTimeoutMs: 180_000, concurrencyPerInstance: 1 } as const;

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The rules of a deployment from its entity as the CLI keeps it (the
 * `deployment-data` label: deployment.yml as data). Missing or broken
 * settings take Azure's defaults.
 */
export function frontDoorRules(deployment: unknown): FrontDoorRules {
  const d = (deployment && typeof deployment === 'object' ? deployment : {}) as Record<string, unknown>;
  const request = (d.request_settings && typeof d.request_settings === 'object' ? d.request_settings : {}) as Record<string, unknown>;
  const timeout = Math.min(positive(request.request_timeout_ms) ?? requestDefaults.requestTimeoutMs, requestDefaults.maxRequestTimeoutMs);
  const perInstance = Math.floor(positive(request.max_concurrent_requests_per_instance) ?? requestDefaults.concurrencyPerInstance);
  const instances = Math.floor(positive(d.instance_count) ?? 1);
  const concurrency = Math.max(1, perInstance * instances);
  return { requestTimeoutMs: timeout, concurrency, queue: concurrency };
}

/**
 * The rules of a container's deployment, from the CLI's `deployment-data`
 * label (JSON); a label missing or written badly gives Azure's defaults.
 */
export function frontDoorRulesOf(labels: Readonly<Record<string, string>>): FrontDoorRules {
  try {
    return frontDoorRules(JSON.parse(labels[CliLabels.deploymentData] ?? '{}'));
  } catch {
    return frontDoorRules({});
  }
}

/** The answer the front end gives a request it turns away or cuts short. */
export interface FrontDoorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// The answers below are Azure's wire answers, mimicked: azureml-fe sends
// English plain text whatever the client's language, and scripts and tests
// written against Azure read these bodies. They stay English, not through l10n.

/** 429: more requests than run and wait at once. */
export function tooManyRequests(rules: FrontDoorRules): FrontDoorAnswer {
  return {
    status: 429,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: `Too many requests: ${rules.concurrency} run at once and ${rules.queue} may wait (max_concurrent_requests_per_instance x instance_count).`,
  };
}

/** 408: the request ran past request_timeout_ms. */
export function requestTimedOut(rules: FrontDoorRules): FrontDoorAnswer {
  return {
    status: 408,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: `Request timed out after ${rules.requestTimeoutMs} ms (request_settings.request_timeout_ms).`,
  };
}

/**
 * The status and extra headers the client sees for the container's answer:
 * 200 passes; anything else becomes 424 naming the container's status.
 */
export function passedOn(status: number): { status: number; headers: Record<string, string> } {
  if (status === 200) return { status, headers: {} };
  return { status: 424, headers: { 'ms-azureml-model-error-statuscode': String(status), 'ms-azureml-model-error-reason': 'model_error' } };
}
