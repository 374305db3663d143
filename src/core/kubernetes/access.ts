// What a user may not see on a cluster, and where to look instead. Many AKS
// users hold rights in one namespace only: a cluster-wide list of pods is
// then answered 403, and the watch must fall back to the namespaces the user
// can reach. Pure: the API server's refusal is read from its own words, the
// namespaces to try come from the kubeconfig, the settings and (when the
// user may list them) the cluster.
import { l10n } from '../l10n';
import type { ConnectionScope } from '../model/serviceRecord';
import { namespaceGlob } from './records';

/** One refusal, as the API server states it in a 403 Status message. */
export interface Denial {
  user?: string;
  verb: string;
  resource: string;
  group: string;
  /** Undefined: at the cluster scope. */
  namespace?: string;
}

/**
 * Reads kube-apiserver's Forbidden message, e.g. `pods is forbidden: User
 * "alice" cannot list resource "pods" in API group "" at the cluster scope`
 * (or `in the namespace "team-a"`). Undefined when it is not one.
 */
export function parseDenial(message: string): Denial | undefined {
  const m = /is forbidden: User "([^"]*)" cannot (\w+) resource "([^"]+)" in API group "([^"]*)" (?:at the cluster scope|in the namespace "([^"]*)")/.exec(message.slice(0, 2000));
  if (!m) return undefined;
  return { user: m[1], verb: m[2], resource: m[3], group: m[4], namespace: m[5] };
}

/** The refusal in a sentence for the tree. */
export function denialText(d: Denial): string {
  // The verb and resource are the API's own words (list, pods), kept as the server wrote them.
  if (d.namespace === undefined) {
    return d.user
      ? l10n.t('User "{0}" may not {1} {2} at the cluster scope', d.user, d.verb, d.resource)
      : l10n.t('This user may not {0} {1} at the cluster scope', d.verb, d.resource);
  }
  return d.user
    ? l10n.t('User "{0}" may not {1} {2} in namespace "{3}"', d.user, d.verb, d.resource, d.namespace)
    : l10n.t('This user may not {0} {1} in namespace "{2}"', d.verb, d.resource, d.namespace);
}

/** A namespace watched on its own, and why. */
export type WatchedNamespace = ConnectionScope['namespaces'][number];

/**
 * The namespaces to watch one by one, in order, without repeats: the
 * context's own, the exact names in the namespace setting, then the listed
 * namespaces (when the user may list them) that a setting's glob matches.
 * A glob alone names nothing without a list to match it against.
 */
export function namespacesToWatch(input: { contextNamespace?: string; settings: readonly string[]; listed?: readonly string[] }): WatchedNamespace[] {
  const out: WatchedNamespace[] = [];
  const seen = new Set<string>();
  const add = (name: string, source: WatchedNamespace['source']) => {
    if (!name || seen.has(name) || !validNamespace(name)) return;
    seen.add(name);
    out.push({ name, source });
  };
  if (input.contextNamespace) add(input.contextNamespace, 'context');
  for (const s of input.settings) if (!s.includes('*')) add(s, 'setting');
  for (const n of input.listed ?? []) if (input.settings.some((s) => s.includes('*') && namespaceGlob(s, n))) add(n, 'listed');
  return out;
}

/** A DNS-1123 label, what a namespace name must be (so it is safe in a URL path). */
function validNamespace(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}
