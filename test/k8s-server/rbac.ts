// The authorizer: system:masters first (kube-apiserver's privileged-group
// authorizer, which needs no binding), then RBAC over the stored Roles,
// ClusterRoles and their bindings, walked in rbac's order (ClusterRoleBindings,
// then the RoleBindings of the request's namespace). It also lists a user's
// rules in a namespace, which is what SelfSubjectRulesReview answers.
import { aggregateMessage, describeSubject, mastersGroup, ruleAllows, subjectIndex, type PolicyRule, type RequestAttributes, type UserInfo } from './authz';
import type { BindingObject, RoleObject } from './rbacObjects';
import type { Store } from './store';

/** An authorizer's answer: `reason` says which binding allowed, or why RBAC could not tell (a missing role). */
export interface Decision { allowed: boolean; reason: string }

/** A user's rules in one namespace; `errors` are the bindings whose role could not be read. */
export interface UserRules { rules: PolicyRule[]; errors: string[] }

/** Called per rule (with where it came from) or per unreadable role; returns false to stop. */
type Visitor = (source: string | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean;

/** RBAC over a store. */
export class Rbac {
  constructor(private readonly store: Store) {}

  /** Decides one request of `user`. */
  authorize(user: UserInfo, attrs: RequestAttributes): Decision {
    // The privileged-group authorizer allows with no reason, before RBAC is asked.
    if (user.groups.includes(mastersGroup)) return { allowed: true, reason: '' };
    const errors: string[] = [];
    let allowedBy: string | undefined;
    this.visit(user, attrs.namespace ?? '', (source, rule, error) => {
      if (rule && ruleAllows(attrs, rule)) {
        allowedBy = source;
        return false;
      }
      if (error) errors.push(error);
      return true;
    });
    if (allowedBy) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregateMessage(errors)}` : '' };
  }

  /** Every rule that applies to `user` in `namespace` (cluster-wide ones first). */
  rulesFor(user: UserInfo, namespace: string): UserRules {
    const out: UserRules = { rules: [], errors: [] };
    this.visit(user, namespace, (_source, rule, error) => {
      if (rule) out.rules.push(rule);
      if (error) out.errors.push(error);
      return true;
    });
    return out;
  }

  private visit(user: UserInfo, namespace: string, visitor: Visitor): void {
    for (const b of this.store.list('clusterrolebindings') as BindingObject[]) {
      const i = subjectIndex(user, b.subjects, '');
      if (i < 0) continue;
      const role = this.roleOf(b.roleRef, '');
      if (typeof role === 'string') {
        if (!visitor(undefined, undefined, role)) return;
        continue;
      }
      const source = `ClusterRoleBinding ${JSON.stringify(b.metadata.name)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(b.subjects![i], '')}`;
      for (const rule of role) if (!visitor(source, rule, undefined)) return;
    }
    if (!namespace) return;
    for (const b of this.store.list('rolebindings', namespace) as BindingObject[]) {
      const i = subjectIndex(user, b.subjects, namespace);
      if (i < 0) continue;
      const role = this.roleOf(b.roleRef, namespace);
      if (typeof role === 'string') {
        if (!visitor(undefined, undefined, role)) return;
        continue;
      }
      const source = `RoleBinding ${JSON.stringify(`${b.metadata.name}/${namespace}`)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(b.subjects![i], namespace)}`;
      for (const rule of role) if (!visitor(source, rule, undefined)) return;
    }
  }

  /** The rules a roleRef points at, or the error text the lister would give. */
  private roleOf(ref: BindingObject['roleRef'], namespace: string): PolicyRule[] | string {
    if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole') return `unsupported role reference kind: ${JSON.stringify(ref.kind)}`;
    const role = ref.kind === 'Role' ? this.store.get('roles', namespace, ref.name) : this.store.get('clusterroles', undefined, ref.name);
    if (!role) return `${ref.kind.toLowerCase()}.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found`;
    return (role as RoleObject).rules ?? [];
  }
}
