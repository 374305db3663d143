// The resource types the test cluster serves: one table used by discovery,
// by the REST router (URL -> resource) and by the store (kind, scope).

/** One served resource (a row of the APIResourceList). */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served, e.g. `log`, `exec`. */
  subresources?: string[];
  /** Verbs when not the usual read-write set (the self reviews are create-only). */
  verbs?: string[];
}

const all = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** Every resource the server knows. */
export const resourceTypes: ResourceType[] = [
  { group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'] },
  { group: '', version: 'v1', plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
  { group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], subresources: ['status', 'log', 'exec', 'portforward'] },
  { group: '', version: 'v1', plural: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], subresources: ['status'] },
  { group: '', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'] },
  { group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'] },
  { group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', singular: 'role', kind: 'Role', namespaced: true },
  // Answered, never stored (selfReviews.ts).
  { group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'] },
  { group: 'authentication.k8s.io', version: 'v1', plural: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] },
];

/** The verbs of a resource or subresource, as discovery lists them. */
export function verbsOf(sub?: string, type?: ResourceType): string[] {
  if (!sub) return type?.verbs ?? all;
  if (sub === 'log') return ['get'];
  if (sub === 'exec' || sub === 'portforward') return ['create', 'get'];
  return ['get', 'patch', 'update'];
}

/** `v1` or `apps/v1`. */
export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Looks a resource up by group and plural name. */
export function findType(group: string, plural: string): ResourceType | undefined {
  return resourceTypes.find((t) => t.group === group && t.plural === plural);
}

/** Looks a resource up by kind (for objects handed to `apply`). */
export function typeOfKind(kind: string): ResourceType | undefined {
  return resourceTypes.find((t) => t.kind === kind);
}
