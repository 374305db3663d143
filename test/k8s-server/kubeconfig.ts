// The kubeconfig a test or a user points kubectl and the extension at: the
// cluster's HTTPS URL with its CA inline, a bearer-token user, and a context
// whose namespace is the Azure ML one.
import { stringify } from 'yaml';

/** What goes into the kubeconfig. */
export interface KubeconfigInput { url: string; caPem: string; token: string; contextName: string; namespace?: string }

/** Renders the kubeconfig YAML. */
export function renderKubeconfig(k: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: k.contextName, cluster: { server: k.url, 'certificate-authority-data': Buffer.from(k.caPem).toString('base64') } }],
    users: [{ name: `${k.contextName}-user`, user: { token: k.token } }],
    contexts: [{ name: k.contextName, context: { cluster: k.contextName, user: `${k.contextName}-user`, ...(k.namespace ? { namespace: k.namespace } : {}) } }],
    'current-context': k.contextName,
  });
}
