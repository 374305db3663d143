// Says why a pull failed, from the engine's words: the registry could not be
// reached (no network, a wrong host, nothing listening), it refused us (401 /
// 403: log in, as the seeds say), or the name or tag does not exist. The
// glue words it (Strings); `pullFailureText` is the plain-English fallback
// for places without the localized strings (the debug adapter).
import { acrName, DOCKER_HUB, parseImageReference } from './imageReference';
import { l10n } from '../../l10n';

export type PullFailureKind = 'unreachable' | 'auth' | 'notFound' | 'engine' | 'other';

/** Why the registry could not be reached. */
export type UnreachableReason = 'dns' | 'refused' | 'timeout' | 'other';

export interface PullFailure {
  kind: PullFailureKind;
  image: string;
  registry: string;
  reason?: UnreachableReason;
  /** Commands that log in to the registry (`az acr login --name x`, `docker login host`), for `auth`. */
  loginCommands: string[];
  /** The engine's own words, for the record. */
  detail: string;
}

/** What a failed pull call gave us: the engine's message, and the socket error code when it never answered. */
export interface PullErrorInput {
  message: string;
  code?: string;
  statusCode?: number;
}

const AUTH = /no basic auth credentials|unauthori[sz]ed|authentication required|access denied|denied:|forbidden|\b40[13]\b/i;
const NOT_FOUND = /manifest unknown|name unknown|not found|does not exist|invalid reference format|\b404\b/i;
const DNS = /no such host|server misbehaving|Temporary failure in name resolution|EAI_AGAIN|ENOTFOUND/i;
const REFUSED = /connection refused|ECONNREFUSED|no route to host|network is unreachable|connection reset/i;
const TIMEOUT = /i\/o timeout|TLS handshake timeout|Client\.Timeout|deadline exceeded|ETIMEDOUT/i;
const NETWORK = /dial tcp|net\/http|EOF$|proxyconnect|x509|certificate/i;

/** Classifies a failed pull of `image`. */
export function classifyPullFailure(image: string, err: PullErrorInput): PullFailure {
  const { registry } = parseImageReference(image);
  const detail = err.message.replace(/^\(HTTP code \d+\) [a-z ]+ - /i, '').trim();
  const base = { image, registry, detail, loginCommands: [] as string[] };
  if (err.statusCode === undefined && /^(ECONNREFUSED|ENOENT|EACCES)$/.test(err.code ?? '')) return { ...base, kind: 'engine' };
  // "pull access denied ..., repository does not exist or may require 'docker login'": Docker Hub's way of
  // saying either; the login hint comes first, the message also says the name may be wrong.
  if (AUTH.test(detail) || err.statusCode === 401 || err.statusCode === 403) return { ...base, kind: 'auth', loginCommands: loginCommands(registry) };
  if (DNS.test(detail)) return { ...base, kind: 'unreachable', reason: 'dns' };
  if (REFUSED.test(detail)) return { ...base, kind: 'unreachable', reason: 'refused' };
  if (TIMEOUT.test(detail)) return { ...base, kind: 'unreachable', reason: 'timeout' };
  if (NOT_FOUND.test(detail) || err.statusCode === 404) return { ...base, kind: 'notFound' };
  if (NETWORK.test(detail)) return { ...base, kind: 'unreachable', reason: 'other' };
  return { ...base, kind: 'other' };
}

/** The login commands for `registry`: `az acr login` for an Azure Container Registry, `docker login` always. */
export function loginCommands(registry: string): string[] {
  const acr = acrName(registry);
  return [...(acr ? [`az acr login --name ${acr}`] : []), registry === DOCKER_HUB ? 'docker login' : `docker login ${registry}`];
}

/** The text of a failure, one whole sentence per case (the glue may word it with its Strings instead). */
export function pullFailureText(f: PullFailure): string {
  switch (f.kind) {
    case 'unreachable':
      switch (f.reason) {
        case 'dns':
          return l10n.t('Could not pull "{0}": the name {1} could not be resolved: this machine may have no network, or the registry name is wrong. Check the network (and proxy), or pull the image by hand and try again. ({2})', f.image, f.registry, f.detail);
        case 'refused':
          return l10n.t('Could not pull "{0}": nothing answered at {1}. Check the network (and proxy), or pull the image by hand and try again. ({2})', f.image, f.registry, f.detail);
        case 'timeout':
          return l10n.t('Could not pull "{0}": {1} did not answer in time. Check the network (and proxy), or pull the image by hand and try again. ({2})', f.image, f.registry, f.detail);
        default:
          return l10n.t('Could not pull "{0}": the connection to {1} failed. Check the network (and proxy), or pull the image by hand and try again. ({2})', f.image, f.registry, f.detail);
      }
    case 'auth':
      return f.loginCommands.length > 1
        ? l10n.t('Could not pull "{0}": {1} refused access. Log in, then try again: {2}, or {3}. If you are logged in, check the image name. ({4})', f.image, f.registry, f.loginCommands[0], f.loginCommands[1], f.detail)
        : l10n.t('Could not pull "{0}": {1} refused access. Log in, then try again: {2}. If you are logged in, check the image name. ({3})', f.image, f.registry, f.loginCommands[0] ?? 'docker login', f.detail);
    case 'notFound':
      return l10n.t('Could not pull "{0}": {1} has no such image or tag. Check the name and tag in the settings or the launch configuration. ({2})', f.image, f.registry, f.detail);
    case 'engine':
      // Nothing was pulled or even looked up: the engine itself is down (the same words as every Docker command's).
      return l10n.t('Docker is not reachable ({0}): start the Docker engine, or check that this user may use its socket.', f.detail);
    default:
      return l10n.t('Could not pull "{0}": {1}', f.image, f.detail);
  }
}
