// The pure parts of authorization, as kube-apiserver has them: the request
// attributes read from a method and URL (apiserver's RequestInfoFactory), the
// RBAC rule and subject matching (rbac/v1 helpers), and the Forbidden Status
// a denial answers with (responsewriters.Forbidden). No store, no sockets.
import { ApiError } from './types';

/** An authenticated user, as the authenticator hands it on. */
export interface UserInfo {
  name: string;
  /** Includes `system:authenticated`, which the authenticator adds to everyone. */
  groups: string[];
}

/** What the authorizer decides on (authorizer.Attributes). */
export interface RequestAttributes {
  /** Resource requests: get list watch create update patch delete deletecollection; non-resource: the lower-case HTTP method. */
  verb: string;
  resourceRequest: boolean;
  /** The URL path (non-resource requests are matched on it). */
  path: string;
  apiGroup?: string;
  apiVersion?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** An rbac/v1 PolicyRule. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** An rbac/v1 Subject of a binding. */
export interface Subject { kind: string; name: string; namespace?: string; apiGroup?: string }

/** The group kube-apiserver lets do anything, before RBAC is asked. */
export const mastersGroup = 'system:masters';

/**
 * The attributes of one request, as RequestInfoFactory reads them: fewer than
 * three path parts (or four under /apis) is a non-resource request; a GET
 * without a name is list, or watch when `watch` is set to anything but
 * 0/false; a DELETE without a name is deletecollection; a list or watch with
 * `fieldSelector=metadata.name=x` names x (so resourceNames rules apply).
 */
export function requestAttributes(method: string, pathname: string, query: URLSearchParams = new URLSearchParams()): RequestAttributes {
  const path = decodePath(pathname);
  const info: RequestAttributes = { verb: method.toLowerCase(), resourceRequest: false, path };
  let parts = path.split('/').filter(Boolean);
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info;
  const prefix = parts[0];
  parts = parts.slice(1);
  let apiGroup = '';
  if (prefix === 'apis') {
    if (parts.length < 3) return info;
    apiGroup = parts[0];
    parts = parts.slice(1);
  }
  const apiVersion = parts[0];
  parts = parts.slice(1);
  let verb: string;
  if (parts[0] === 'watch' || parts[0] === 'proxy') {
    if (parts.length < 2) return info;
    verb = parts[0];
    parts = parts.slice(1);
  } else {
    verb = ({ POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method.toUpperCase()] ?? '';
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    // status and finalize are subresources of the namespace itself, not resources in it.
    if (parts.length > 2 && parts[2] !== 'status' && parts[2] !== 'finalize') parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  let name = parts[1] ?? '';
  const subresource = parts.length >= 3 && verb !== 'proxy' ? parts[2] : '';
  if (!name && verb === 'get') {
    const watch = query.get('watch');
    verb = watch !== null && watch.toLowerCase() !== 'false' && watch !== '0' ? 'watch' : 'list';
    name = nameFromFieldSelector(query.get('fieldSelector')) ?? '';
  }
  if (!name && verb === 'delete') verb = 'deletecollection';
  return {
    verb, resourceRequest: true, path, apiGroup, apiVersion, resource,
    ...(subresource ? { subresource } : {}), ...(namespace ? { namespace } : {}), ...(name ? { name } : {}),
  };
}

/** Go's URL.Path is decoded; a malformed escape is left as it came. */
function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/** The x of a `metadata.name=x` (or `==`) term, when it is a valid path segment. */
function nameFromFieldSelector(selector: string | null): string | undefined {
  for (const term of (selector ?? '').split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (m && m[1] && m[1] !== '.' && m[1] !== '..' && !/[/%]/.test(m[1])) return m[1];
  }
  return undefined;
}

/** Whether one rule grants the request (rbac's RuleAllows). */
export function ruleAllows(a: RequestAttributes, rule: PolicyRule): boolean {
  const verbOk = rule.verbs.some((v) => v === '*' || v === a.verb);
  if (!a.resourceRequest) {
    return verbOk && (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.replace(/\*+$/, ''))));
  }
  const sub = a.subresource ?? '';
  const combined = sub ? `${a.resource}/${sub}` : a.resource ?? '';
  return verbOk
    && (rule.apiGroups ?? []).some((g) => g === '*' || g === (a.apiGroup ?? ''))
    // `*/scale` grants the scale subresource of every resource.
    && (rule.resources ?? []).some((r) => r === '*' || r === combined || (sub !== '' && r === `*/${sub}`))
    && (!rule.resourceNames?.length || rule.resourceNames.includes(a.name ?? ''));
}

/** The index of the first subject a binding in `namespace` applies to `user` through, or -1. */
export function subjectIndex(user: UserInfo, subjects: Subject[] | undefined, namespace: string): number {
  return (subjects ?? []).findIndex((s) => {
    if (s.kind === 'User') return s.name === user.name;
    if (s.kind === 'Group') return user.groups.includes(s.name);
    if (s.kind === 'ServiceAccount') {
      // A RoleBinding's ServiceAccount subject without a namespace means the binding's own.
      const ns = s.namespace || namespace;
      return !!ns && user.name === `system:serviceaccount:${ns}:${s.name}`;
    }
    return false;
  });
}

/** How a subject reads in an "allowed by" reason (rbac's describeSubject). */
export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/**
 * The 403 of a denied request, worded as kube-apiserver words it:
 * `pods "x" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "team-a"`,
 * with `: <reason>` when the authorizer gave one (RBAC names a binding's missing role).
 */
export function forbidden(user: UserInfo, a: RequestAttributes, reason = ''): ApiError {
  const q = JSON.stringify;
  let why: string;
  if (!a.resourceRequest) why = `User ${q(user.name)} cannot ${a.verb} path ${q(a.path)}`;
  else {
    const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource ?? '';
    const scope = a.namespace ? `in the namespace ${q(a.namespace)}` : 'at the cluster scope';
    why = `User ${q(user.name)} cannot ${a.verb} resource ${q(resource)} in API group ${q(a.apiGroup ?? '')} ${scope}`;
  }
  if (reason) why += `: ${reason}`;
  const group = a.resourceRequest ? a.apiGroup ?? '' : '';
  const resource = a.resourceRequest ? a.resource ?? '' : '';
  const name = a.resourceRequest ? a.name ?? '' : '';
  // apierrors.NewForbidden: the qualified resource (pods, deployments.apps), quoted name when there is one.
  const qualified = group ? `${resource}.${group}` : resource;
  const message = !qualified ? `forbidden: ${why}` : name ? `${qualified} ${q(name)} is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
  const details = { ...(name ? { name } : {}), ...(group ? { group } : {}), ...(resource ? { kind: resource } : {}) };
  return new ApiError(403, 'Forbidden', message, details);
}

/** utilerrors.NewAggregate's text: one message alone, several deduplicated in brackets. */
export function aggregateMessage(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
