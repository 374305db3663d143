// Why an Azure call failed, in words for the user, with what to do: the ARM
// error body (common-types ErrorResponse) read, a 403's missing action and a
// built-in role that grants it named, 401 after a fresh sign-in, throttling,
// an unreachable endpoint, a long-running operation that failed. Pure; every
// message goes through redact() with the caller's secrets (tokens, keys).
import { l10n } from '../l10n';
import { redact } from '../model/secrets';
import type { ArmErrorDetail } from './armTypes';

/** What kind of failure, for the caller to decide (sign in again, show a role, retry later). */
export type AzureFailureKind =
  | 'unauthorized' | 'forbidden' | 'notFound' | 'throttled' | 'unavailable' | 'badRequest' | 'conflict'
  | 'server' | 'network' | 'cancelled' | 'operationFailed' | 'timeout';

/** The classified failure of one call. */
export interface AzureFailure {
  kind: AzureFailureKind;
  status?: number;
  /** ARM's error code (AuthorizationFailed, ResourceNotFound...). */
  code?: string;
  /** One sentence saying what failed (redacted). */
  message: string;
  /** What the user can do (redacted). */
  advice: string;
  /** For a 403: the action the caller lacks (Microsoft.MachineLearningServices/.../read). */
  action?: string;
  /** For a 403: a built-in role that grants `action`. */
  role?: string;
  /** x-ms-request-id / x-ms-correlation-request-id, for a support request. */
  requestId?: string;
}

/** An Azure call that failed; `failure` says why. Its message never holds a token or key. */
export class AzureRequestError extends Error {
  constructor(readonly failure: AzureFailure) {
    super(`${failure.message} ${failure.advice}`.trim());
    this.name = 'AzureRequestError';
  }
}

/** The `error` of an ARM error body, when the text is one (also a bare ErrorDetail, as some RPs answer). */
export function parseArmError(text: string): ArmErrorDetail | undefined {
  try {
    const body = JSON.parse(text) as { error?: ArmErrorDetail; code?: unknown; message?: unknown };
    if (body && typeof body.error === 'object' && body.error) return body.error;
    if (body && typeof body.code === 'string') return body as ArmErrorDetail;
  } catch {
    // not JSON: a gateway's HTML page, an empty body
  }
  return undefined;
}

/**
 * The action and scope of an AuthorizationFailed message: ARM words it
 * "does not have authorization to perform action '<action>' over scope '<scope>'".
 */
export function deniedAction(message: string): { action: string; scope?: string } | undefined {
  const m = /perform action '([^']+)'(?: over scope '([^']+)')?/i.exec(message);
  return m ? { action: m[1], scope: m[2] } : undefined;
}

/**
 * A built-in role that grants `action`: reads are in Reader; the Azure ML
 * actions the extension calls (getLogs, listKeys, token) are in AzureML Data
 * Scientist (its Microsoft.MachineLearningServices/workspaces/ actions), as are
 * deployment writes; anything else in Contributor.
 */
export function roleFor(action: string): string {
  const a = action.toLowerCase();
  if (a.endsWith('/read')) return 'Reader';
  if (a.startsWith('microsoft.machinelearningservices/workspaces/')) return 'AzureML Data Scientist';
  return 'Contributor';
}

/** The request id headers ARM answers with. */
export function requestIdOf(headers: { get(name: string): string | null }): string | undefined {
  return headers.get('x-ms-request-id') ?? headers.get('x-ms-correlation-request-id') ?? undefined;
}

/** What a call was, for messages: "list online deployments" and where. */
export interface CallDescription {
  /** The route's name or the verb said plainly. */
  what: string;
  /** The host it went to (no path, no query: those may hold names the user wants, never secrets, but keep it short). */
  host: string;
}

/**
 * The failure of an answered call: status, ARM error body, headers. 401 is
 * the answer after one fresh token was tried, so it says to sign in again.
 */
export function classifyResponse(
  call: CallDescription, status: number, bodyText: string, headers: { get(name: string): string | null }, secrets: Iterable<string> = [],
): AzureFailure {
  const known = [...secrets];
  const r = (s: string) => redact(s, known);
  const detail = parseArmError(bodyText);
  const code = detail?.code;
  const said = r(detail?.message ?? (bodyText.trim().slice(0, 300) || `HTTP ${status}`));
  const requestId = requestIdOf(headers);
  const base = { status, code, requestId };
  if (status === 401) {
    return {
      ...base, kind: 'unauthorized',
      message: l10n.t('Azure refused the sign-in to {0} ({1}): {2}', call.what, code ?? 'HTTP 401', said),
      advice: l10n.t('Sign in to Azure again (Accounts menu), with an account of the tenant that holds the subscription.'),
    };
  }
  if (status === 403) {
    const denied = deniedAction(detail?.message ?? '');
    if (denied) {
      const role = roleFor(denied.action);
      return {
        ...base, kind: 'forbidden', action: denied.action, role,
        message: l10n.t('You are not allowed to {0}: the action {1} is not granted to you on {2}.', call.what, denied.action, r(denied.scope ?? call.host)),
        advice: l10n.t('Ask an owner of the workspace for a role that grants {0}, such as "{1}", then refresh.', denied.action, role),
      };
    }
    return {
      ...base, kind: 'forbidden',
      message: l10n.t('You are not allowed to {0} ({1}): {2}', call.what, code ?? 'HTTP 403', said),
      advice: l10n.t('Ask an owner of the workspace for access, then refresh.'),
    };
  }
  if (status === 404) {
    return {
      ...base, kind: 'notFound',
      message: l10n.t('Not found while trying to {0} ({1}): {2}', call.what, code ?? 'HTTP 404', said),
      advice: l10n.t('It may have been deleted or renamed: refresh the list.'),
    };
  }
  if (status === 429) {
    return {
      ...base, kind: 'throttled',
      message: l10n.t('Azure is throttling requests to {0} ({1}).', call.what, code ?? 'HTTP 429'),
      advice: l10n.t('Wait a minute, then refresh.'),
    };
  }
  if (status === 409) {
    return { ...base, kind: 'conflict', message: l10n.t('Azure could not {0} now ({1}): {2}', call.what, code ?? 'HTTP 409', said), advice: l10n.t('Another operation is running on it: wait for it to finish, then try again.') };
  }
  if (status >= 400 && status < 500) {
    return { ...base, kind: 'badRequest', message: l10n.t('Azure rejected the request to {0} ({1}): {2}', call.what, code ?? `HTTP ${status}`, said), advice: requestId ? l10n.t('If it persists, report it with the request id {0}.', requestId) : '' };
  }
  if (status === 502 || status === 503 || status === 504) {
    return { ...base, kind: 'unavailable', message: l10n.t('{0} is unavailable right now (HTTP {1}) while trying to {2}.', call.host, status, call.what), advice: l10n.t('Wait a minute, then refresh.') };
  }
  return {
    ...base, kind: 'server',
    message: l10n.t('Azure failed to {0} ({1}): {2}', call.what, code ?? `HTTP ${status}`, said),
    advice: requestId ? l10n.t('If it persists, report it with the request id {0}.', requestId) : l10n.t('Wait a minute, then refresh.'),
  };
}

/** The failure of a call that got no answer (DNS, refused, reset, TLS), its cause's code kept. */
export function classifyNetworkError(call: CallDescription, err: unknown, secrets: Iterable<string> = []): AzureFailure {
  let code: string | undefined;
  for (let x: unknown = err, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    const c = (x as { code?: unknown }).code;
    if (typeof c === 'string') code = c;
  }
  const what = code ?? (err instanceof Error ? err.message : String(err));
  return {
    kind: 'network', code,
    message: l10n.t('Could not reach {0} to {1}: {2}', call.host, call.what, redact(what, secrets)),
    advice: l10n.t('Check the network, the proxy (setting `http.proxy`) and, for a sovereign cloud, the setting `microsoft-sovereign-cloud.environment`.'),
  };
}

/** A long-running operation that ended Failed or Canceled, with its error. */
export function operationFailure(call: CallDescription, status: string, error: ArmErrorDetail | undefined, secrets: Iterable<string> = []): AzureFailure {
  const said = redact(error?.message ?? status, secrets);
  return {
    kind: 'operationFailed', code: error?.code,
    message: l10n.t('The operation to {0} ended {1} ({2}): {3}', call.what, status, error?.code ?? status, said),
    advice: l10n.t('Read the deployment\'s logs for the cause, fix it, then try again.'),
  };
}

/** The caller cancelled (a view closed, a refresh replaced this one). */
export function cancelledFailure(call: CallDescription): AzureFailure {
  return { kind: 'cancelled', message: l10n.t('Cancelled: {0}.', call.what), advice: '' };
}

/** Gave up waiting (throttled past the bound, an operation past its timeout). */
export function timeoutFailure(call: CallDescription, seconds: number): AzureFailure {
  return { kind: 'timeout', message: l10n.t('Gave up waiting to {0} after {1} s.', call.what, seconds), advice: l10n.t('Wait a minute, then refresh.') };
}
