// The kubeconfig a test or a user points kubectl and the extension at: the
// cluster's HTTPS URL with its CA inline, a user (bearer token, client
// certificate, an exec credential plugin, or an exec stanza as another tool
// writes it, e.g. kubelogin's), and a context whose namespace is the Azure ML one.
import { stringify } from 'yaml';

/** How the kubeconfig's user authenticates. */
export type KubeconfigAuth =
  | { kind: 'token'; token: string }
  | { kind: 'clientCert'; certPem: string; keyPem: string }
  | { kind: 'exec'; command: string; args: string[] }
  | { kind: 'execStanza'; exec: Record<string, unknown> };

/** What goes into the kubeconfig. */
export interface KubeconfigInput {
  url: string;
  caPem: string;
  auth: KubeconfigAuth;
  contextName: string;
  namespace?: string;
  /** The users entry's name (default `<contextName>-user`). */
  userName?: string;
}

function userOf(a: KubeconfigAuth): Record<string, unknown> {
  if (a.kind === 'token') return { token: a.token };
  if (a.kind === 'clientCert') {
    return { 'client-certificate-data': Buffer.from(a.certPem).toString('base64'), 'client-key-data': Buffer.from(a.keyPem).toString('base64') };
  }
  if (a.kind === 'execStanza') return { exec: a.exec };
  return { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: a.command, args: a.args, interactiveMode: 'Never', provideClusterInfo: false } };
}

/** Renders the kubeconfig YAML. */
export function renderKubeconfig(k: KubeconfigInput): string {
  const user = k.userName ?? `${k.contextName}-user`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: k.contextName, cluster: { server: k.url, 'certificate-authority-data': Buffer.from(k.caPem).toString('base64') } }],
    users: [{ name: user, user: userOf(k.auth) }],
    contexts: [{ name: k.contextName, context: { cluster: k.contextName, user, ...(k.namespace ? { namespace: k.namespace } : {}) } }],
    'current-context': k.contextName,
    // Multi-line strings (kubelogin's installHint) as `|` blocks, the way kubectl and az write them.
  }, { blockQuote: 'literal' });
}
