// Credentials from a kubeconfig exec plugin (client.authentication.k8s.io),
// the shape `az aks get-credentials` writes for Azure AD clusters
// (`kubelogin get-token ...`): what the plugin is told (KUBERNETES_EXEC_INFO),
// how its answer is read, and when a cached answer must be renewed. Pure; the
// process is run by src/kubernetes/client/execAuth.ts.
import { l10n } from '../l10n';

/** `users[].user.exec` of a kubeconfig. */
export interface ExecSpec {
  apiVersion?: string;
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: string;
}

/** A plugin's answer, read. */
export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Milliseconds since the epoch; undefined: valid until the server refuses it. */
  expiresAt?: number;
}

const API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

/** The apiVersion the plugin is asked for (v1beta1 when the kubeconfig names none, as kubelogin's configs did). */
export function execApiVersion(spec: ExecSpec): string {
  return spec.apiVersion && API_VERSIONS.includes(spec.apiVersion) ? spec.apiVersion : 'client.authentication.k8s.io/v1beta1';
}

/**
 * KUBERNETES_EXEC_INFO, as client-go sets it: never interactive (the
 * extension host has no terminal to answer a prompt in), and the cluster
 * only when the kubeconfig asks for it.
 */
export function execInfo(spec: ExecSpec, cluster?: { server?: string; certificateAuthorityData?: string }): string {
  const clusterInfo = spec.provideClusterInfo && cluster?.server
    ? { cluster: { server: cluster.server, ...(cluster.certificateAuthorityData ? { 'certificate-authority-data': cluster.certificateAuthorityData } : {}) } }
    : {};
  return JSON.stringify({ apiVersion: execApiVersion(spec), kind: 'ExecCredential', spec: { interactive: false, ...clusterInfo } });
}

/** The code a credential plugin's failure carries, so describeClusterError tells it in any display language. */
export const EXEC_FAILED = 'EXEC_FAILED';

/** An Error for a failed credential plugin, marked with {@link EXEC_FAILED}. */
export function pluginError(message: string): Error {
  return Object.assign(new Error(message), { code: EXEC_FAILED });
}

/** Reads the plugin's standard output; throws an Error whose message says what is wrong (never the output itself: it may hold a token). */
export function parseExecCredential(stdout: string, spec: ExecSpec): ExecCredential {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw pluginError(l10n.t('the credential plugin "{0}" did not print an ExecCredential (its output is not JSON)', spec.command));
  }
  const o = (doc && typeof doc === 'object' ? doc : {}) as { kind?: unknown; apiVersion?: unknown; status?: Record<string, unknown> };
  if (o.kind !== 'ExecCredential' || typeof o.apiVersion !== 'string' || !API_VERSIONS.includes(o.apiVersion)) {
    throw pluginError(typeof o.kind === 'string'
      ? l10n.t('the credential plugin "{0}" printed a {1} instead of an ExecCredential of client.authentication.k8s.io/v1 or v1beta1', spec.command, o.kind.slice(0, 40))
      : l10n.t('the credential plugin "{0}" printed JSON instead of an ExecCredential of client.authentication.k8s.io/v1 or v1beta1', spec.command));
  }
  const status = o.status ?? {};
  const str = (k: string) => (typeof status[k] === 'string' && status[k] ? (status[k] as string) : undefined);
  const token = str('token');
  const clientCertificateData = str('clientCertificateData');
  const clientKeyData = str('clientKeyData');
  if (!token && !(clientCertificateData && clientKeyData)) {
    throw pluginError(l10n.t('the credential plugin "{0}" printed an ExecCredential with neither a token nor a client certificate and key', spec.command));
  }
  const stamp = str('expirationTimestamp');
  let expiresAt: number | undefined;
  if (stamp) {
    expiresAt = Date.parse(stamp);
    if (Number.isNaN(expiresAt)) throw pluginError(l10n.t('the credential plugin "{0}" printed an expirationTimestamp that is not a time ({1})', spec.command, stamp.slice(0, 40)));
  }
  return { token, clientCertificateData, clientKeyData, expiresAt };
}

/**
 * Whether a credential obtained at `obtainedAt` must be renewed at `now`:
 * ahead of its expiry by a fifth of its life, at most five minutes, so a
 * request (or a watch that re-lists) never goes out with a token that dies
 * on the way. Azure AD tokens live about an hour: renewed five minutes early.
 */
export function needsRenewal(credential: ExecCredential, obtainedAt: number, now: number): boolean {
  if (credential.expiresAt === undefined) return false;
  const ahead = Math.min(5 * 60_000, Math.max(0, credential.expiresAt - obtainedAt) / 5);
  return now >= credential.expiresAt - ahead;
}
