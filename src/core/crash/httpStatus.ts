// Reads the answer to a test request: 408 (past a v2 deployment's
// request_timeout_ms), 502 (run() crashed behind azureml-fe), 503 (a burst
// beyond what the replicas can take, or no replica ready at all: azureml-fe's
// body tells them apart, and says so alone), 504 (the scoring timeout, one
// minute by default), and the server's own 500 bodies.

/** What a status and body say, in finding terms. */
export type HttpVerdict =
  | { kind: 'overloaded'; evidence?: string }
  | { kind: 'not-ready'; evidence: string }
  | { kind: 'timeout'; timeoutMs?: number; evidence: string }
  | { kind: 'run-crashed'; evidence: string }
  | { kind: 'request-timeout'; timeoutMs?: number; evidence: string };

const scoringTimeout = /Scoring timeout after (\d+(?:\.\d+)?) ?ms|within the allocated time: (\d+(?:\.\d+)?) ?ms/;
const runError = /An unexpected error occurred in scoring script/;
// The local front door's 408 (core/deploy/frontDoor), which names the limit it applied.
const requestTimedOut = /Request timed out after (\d+) ms/;
// azureml-fe's answer to a burst beyond what the replicas take (it comes with a 503).
const overloadedAnswer = /Too many requests for service \S+ \(overloaded\)/;

// azureml-fe's answer when no replica of the service is ready (still starting, crashing, never
// scheduled): a 503 like a burst, but more replicas or a lower target would not help.
import { l10n } from '../l10n';
const notReadyAnswer = /No ready replicas for service [\w.-]*[\w-]\.?/;

/** azureml-fe's "Too many requests for service <name> (overloaded)", wherever a text quotes it. */
export function overloadedBody(text: string): string | undefined {
  return overloadedAnswer.exec(text)?.[0];
}

/** azureml-fe's "No ready replicas for service <name>.", wherever a text quotes it. */
export function notReadyBody(text: string): string | undefined {
  return notReadyAnswer.exec(text)?.[0];
}

/** The verdict for a status and body; `undefined` when they say nothing about a cause. */
export function httpVerdict(status: number | undefined, body: string | undefined): HttpVerdict | undefined {
  const text = body ?? '';
  const t = scoringTimeout.exec(text);
  if (t) return { kind: 'timeout', timeoutMs: Number(t[1] ?? t[2]), evidence: t[0] };
  const overloaded = overloadedBody(text);
  if (overloaded) return { kind: 'overloaded', evidence: overloaded };
  if (status === 408) {
    const r = requestTimedOut.exec(text);
    return { kind: 'request-timeout', evidence: r?.[0] ?? 'HTTP 408', ...(r ? { timeoutMs: Number(r[1]) } : {}) };
  }
  const notReady = notReadyBody(text);
  if (notReady) return { kind: 'not-ready', evidence: notReady };
  if (status === 504) return { kind: 'timeout', evidence: 'HTTP 504' };
  if (status === 503) return { kind: 'overloaded' };
  if (status === 502) return { kind: 'run-crashed', evidence: 'HTTP 502' };
  if (status === 500 && runError.test(text)) return { kind: 'run-crashed', evidence: l10n.t('HTTP 500: scoring script error') };
  return undefined;
}
