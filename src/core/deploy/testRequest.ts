// A test request to a scoring URI: the body from a request file, and what the
// answer means. 502, 503 and 504 are explained as the troubleshooting page
// does (run() crashed, a burst beyond the replicas, the one-minute timeout),
// a 503 whose body says no replica is ready apart from a burst; 408, 429 and
// 424 as a v2 endpoint's front end gives them.
// Pure: the glue sends the request and words the verdict.
import { httpVerdict } from '../crash/httpStatus';
import { parseJsonValue } from '../edits/jsonText';
import { lineColumnAt } from '../edits/textFormat';

/** A request ready to send. */
export interface PreparedRequest {
  body: string;
  contentType: string;
  /** Set when the file is not JSON: it is still sent, as text, and the user is told. */
  notJson?: { line: number; column: number };
}

/** The body of a request file: JSON is sent as written (the server reads the raw body). */
export function prepareTestRequest(text: string): PreparedRequest {
  const body = text.replace(/^\uFEFF/, '');
  const { errors } = parseJsonValue(body, { disallowComments: true, allowTrailingComma: false });
  // Too large to check, or nested too deep to check without overflowing the parser: sent as JSON, as written, for the server to judge.
  if (errors && errors.length > 0) return { body, contentType: 'text/plain; charset=utf-8', notJson: lineColumnAt(body, errors[0].offset) };
  return { body, contentType: 'application/json' };
}

/** What an answer says. */
export type ResponseKind =
  | 'ok'
  | 'run-crashed'
  | 'overloaded'
  | 'not-ready' // 503 whose body says no replica is ready (starting or crashing), not a burst
  | 'timeout'
  // Azure's front end (a v2 deployment's, or the local front door standing in for it):
  | 'request-timeout' // 408: past request_settings.request_timeout_ms
  | 'throttled' // 429: more requests than run and wait at once
  | 'model-error' // 424: run() answered other than 200 (modelStatus)
  | 'client-error'
  | 'server-error'
  | 'no-answer';

/** An answer (or its absence) and its meaning. */
export interface TestResponse {
  status?: number;
  ms: number;
  body: string;
  kind: ResponseKind;
  /** 408 while debugging: where run() stood in the debug session (`score.py:31`). */
  runAt?: string;
  /** The scoring timeout stated by the server, when it said one. */
  timeoutMs?: number;
  /** model-error: the container's own status (`ms-azureml-model-error-statuscode`). */
  modelStatus?: number;
}

/** Classifies a status and body (`status` undefined: no answer, e.g. the connection closed). */
export function describeResponse(status: number | undefined, body: string, ms: number, headers: Record<string, string> = {}): TestResponse {
  const base = { status, body, ms };
  if (status === undefined) return { ...base, kind: 'no-answer' };
  if (status === 408) return { ...base, kind: 'request-timeout' };
  if (status === 429) return { ...base, kind: 'throttled' };
  const modelStatus = Number(headers['ms-azureml-model-error-statuscode']);
  if (status === 424 && Number.isInteger(modelStatus)) return { ...base, kind: 'model-error', modelStatus };
  const verdict = httpVerdict(status, body);
  if (verdict?.kind === 'timeout') return { ...base, kind: 'timeout', timeoutMs: verdict.timeoutMs };
  if (verdict?.kind === 'overloaded') return { ...base, kind: 'overloaded' };
  if (verdict?.kind === 'not-ready') return { ...base, kind: 'not-ready' };
  if (verdict?.kind === 'run-crashed') return { ...base, kind: 'run-crashed' };
  if (status >= 200 && status < 300) return { ...base, kind: 'ok' };
  if (status >= 400 && status < 500) return { ...base, kind: 'client-error' };
  return { ...base, kind: 'server-error' };
}
