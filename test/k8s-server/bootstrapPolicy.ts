// The ClusterRoles and ClusterRoleBindings kube-apiserver reconciles on start
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy), as far as this server
// needs them: cluster-admin for system:masters, and what every authenticated
// user may do (discovery, /version and the health paths, self reviews). The
// aggregated admin/edit/view roles are not here: no controller aggregates them.
import type { PolicyRule, Subject } from './authz';
import type { NewObject } from './types';

const group = 'rbac.authorization.k8s.io';
const bootstrapMeta = (name: string) => ({
  name,
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
});

const clusterRole = (name: string, rules: PolicyRule[]): NewObject => ({ apiVersion: `${group}/v1`, kind: 'ClusterRole', metadata: bootstrapMeta(name), rules });

const binding = (name: string, ...groups: string[]): NewObject => ({
  apiVersion: `${group}/v1`, kind: 'ClusterRoleBinding', metadata: bootstrapMeta(name),
  roleRef: { apiGroup: group, kind: 'ClusterRole', name },
  subjects: groups.map((g): Subject => ({ apiGroup: group, kind: 'Group', name: g })),
});

/** The bootstrap ClusterRoles, then their bindings. */
export function bootstrapPolicy(): NewObject[] {
  const health = ['/livez', '/readyz', '/healthz', '/version', '/version/'];
  return [
    clusterRole('cluster-admin', [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]),
    clusterRole('system:discovery', [{ verbs: ['get'], nonResourceURLs: [...health, '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'] }]),
    clusterRole('system:basic-user', [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ]),
    clusterRole('system:public-info-viewer', [{ verbs: ['get'], nonResourceURLs: health }]),
    binding('cluster-admin', 'system:masters'),
    binding('system:discovery', 'system:authenticated'),
    binding('system:basic-user', 'system:authenticated'),
    binding('system:public-info-viewer', 'system:authenticated', 'system:unauthenticated'),
  ];
}
