// Roles, ClusterRoles and their bindings: their shapes, and on create and
// update rbac/v1's defaults (the rbac apiGroup of roleRef and of User/Group
// subjects), then validation worded as pkg/apis/rbac/validation and
// apierrors.NewInvalid word it (a 422 `RoleBinding.rbac.authorization.k8s.io
// "x" is invalid: roleRef: ... cannot change roleRef`), so a client sees the
// errors a real server gives.
import type { PolicyRule, Subject } from './authz';
import { ApiError, type KObject, type NewObject } from './types';

/** A stored Role or ClusterRole. */
export interface RoleObject extends KObject { rules?: PolicyRule[] }

/** A stored RoleBinding or ClusterRoleBinding. */
export interface BindingObject extends KObject { roleRef: { apiGroup: string; kind: string; name: string }; subjects?: Subject[] }

const group = 'rbac.authorization.k8s.io';

interface FieldError { field: string; type: 'Required value' | 'Unsupported value' | 'Invalid value'; message: string }

const q = (s: string) => JSON.stringify(s);
const goStrings = (xs: string[]) => `[]string{${xs.map(q).join(', ')}}`;
const unsupported = (field: string, value: string, allowed: string[]): FieldError =>
  ({ field, type: 'Unsupported value', message: `${q(value)}: supported values: ${allowed.map(q).join(', ')}` });

/**
 * Defaults an RBAC object in place, then throws the 422 a real server gives
 * when it is invalid; other kinds pass untouched. `old` is the stored object on update.
 */
export function admitRbac(plural: string, obj: NewObject, old?: NewObject): void {
  if (plural === 'rolebindings' || plural === 'clusterrolebindings') defaultBinding(obj as unknown as BindingObject);
  const errors: FieldError[] = [];
  if (plural === 'roles' || plural === 'clusterroles') {
    ((obj.rules ?? []) as PolicyRule[]).forEach((r, i) => errors.push(...ruleErrors(r, plural === 'roles', `rules[${i}]`)));
  } else if (plural === 'rolebindings' || plural === 'clusterrolebindings') {
    const b = obj as unknown as BindingObject;
    const ref = b.roleRef ?? { apiGroup: '', kind: '', name: '' };
    if (ref.apiGroup !== group) errors.push(unsupported('roleRef.apiGroup', ref.apiGroup ?? '', [group]));
    const kinds = plural === 'rolebindings' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    if (!kinds.includes(ref.kind)) errors.push(unsupported('roleRef.kind', ref.kind ?? '', kinds));
    if (!ref.name) errors.push({ field: 'roleRef.name', type: 'Required value', message: '' });
    (b.subjects ?? []).forEach((s, i) => errors.push(...subjectErrors(s, `subjects[${i}]`)));
    const was = (old as unknown as BindingObject | undefined)?.roleRef;
    if (was && (was.apiGroup !== ref.apiGroup || was.kind !== ref.kind || was.name !== ref.name)) {
      const value = `rbac.RoleRef{APIGroup:${q(ref.apiGroup ?? '')}, Kind:${q(ref.kind ?? '')}, Name:${q(ref.name ?? '')}}`;
      errors.push({ field: 'roleRef', type: 'Invalid value', message: `${value}: cannot change roleRef` });
    }
  } else return;
  if (!errors.length) return;
  const texts = errors.map((e) => `${e.field}: ${e.type}${e.message ? `: ${e.message}` : ''}`);
  const name = obj.metadata.name ?? '';
  const causes = errors.map((e, i) => ({ reason: reasonOf(e.type), message: texts[i].slice(e.field.length + 2), field: e.field }));
  throw new ApiError(422, 'Invalid', `${obj.kind}.${group} ${q(name)} is invalid: ${texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`}`,
    { name, group, kind: obj.kind, causes });
}

/** rbac/v1 SetDefaults_RoleBinding and SetDefaults_Subject. */
function defaultBinding(b: BindingObject): void {
  if (b.roleRef && typeof b.roleRef === 'object' && !b.roleRef.apiGroup) b.roleRef.apiGroup = group;
  for (const s of Array.isArray(b.subjects) ? b.subjects : []) {
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = group;
  }
}

function ruleErrors(r: PolicyRule, namespaced: boolean, at: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!r.verbs?.length) errors.push({ field: `${at}.verbs`, type: 'Required value', message: 'verbs must contain at least one value' });
  if (r.nonResourceURLs?.length) {
    const value = goStrings(r.nonResourceURLs);
    if (namespaced) errors.push({ field: `${at}.nonResourceURLs`, type: 'Invalid value', message: `${value}: namespaced rules cannot apply to non-resource URLs` });
    if (r.apiGroups?.length || r.resources?.length || r.resourceNames?.length) {
      errors.push({ field: `${at}.nonResourceURLs`, type: 'Invalid value', message: `${value}: rules cannot apply to both regular resources and non-resource URLs` });
    }
    return errors;
  }
  if (!r.apiGroups?.length) errors.push({ field: `${at}.apiGroups`, type: 'Required value', message: 'resource rules must supply at least one api group' });
  if (!r.resources?.length) errors.push({ field: `${at}.resources`, type: 'Required value', message: 'resource rules must supply at least one resource' });
  return errors;
}

function subjectErrors(s: Subject, at: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!s.name) errors.push({ field: `${at}.name`, type: 'Required value', message: '' });
  if (s.kind === 'ServiceAccount') {
    if (s.apiGroup) errors.push(unsupported(`${at}.apiGroup`, s.apiGroup, ['']));
  } else if (s.kind === 'User' || s.kind === 'Group') {
    if (s.apiGroup !== group) errors.push(unsupported(`${at}.apiGroup`, s.apiGroup ?? '', [group]));
  } else errors.push(unsupported(`${at}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  return errors;
}

function reasonOf(type: FieldError['type']): string {
  return type === 'Required value' ? 'FieldValueRequired' : type === 'Unsupported value' ? 'FieldValueNotSupported' : 'FieldValueInvalid';
}
