// The create-only "self" reviews: SelfSubjectAccessReview (`kubectl auth
// can-i`), SelfSubjectRulesReview (`kubectl auth can-i --list`) and
// SelfSubjectReview (`kubectl auth whoami`), answered for the requesting user
// as kube-apiserver answers them. Nothing is stored.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { aggregateMessage, type RequestAttributes, type UserInfo } from './authz';
import type { Rbac } from './rbac';
import { json, readJson, type Route } from './rest';
import { ApiError } from './types';

/** The plural names this module answers. */
export const selfReviewResources = ['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews'];

interface ResourceAttributes { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string }
interface NonResourceAttributes { path?: string; verb?: string }
interface ReviewBody { spec?: { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: NonResourceAttributes; namespace?: string } }

/** Answers a POST to one of {@link selfReviewResources}. */
export async function serveSelfReview(req: IncomingMessage, res: ServerResponse, route: Route, user: UserInfo, rbac: Rbac): Promise<void> {
  if (req.method !== 'POST' || route.name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const body = ((await readJson(req)) ?? {}) as ReviewBody;
  const spec = body.spec ?? {};
  const head = { kind: route.type.kind, apiVersion: `${route.type.group}/${route.type.version}`, metadata: { creationTimestamp: null } };
  if (route.type.plural === 'selfsubjectreviews') {
    return json(res, 201, { ...head, status: { userInfo: { username: user.name, groups: user.groups } } });
  }
  if (route.type.plural === 'selfsubjectrulesreviews') {
    if (!spec.namespace) throw new ApiError(400, 'BadRequest', 'no namespace on request');
    const { rules, errors } = rbac.rulesFor(user, spec.namespace);
    const pick = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => Array.isArray(v) && v.length)) as Partial<T>;
    const status = {
      resourceRules: rules.filter((r) => r.resources?.length).map((r) => ({ verbs: r.verbs, ...pick({ apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames }) })),
      nonResourceRules: rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
      incomplete: false,
      ...(errors.length ? { evaluationError: aggregateMessage(errors) } : {}),
    };
    // The real handler builds its answer from the status alone: the spec comes back empty.
    return json(res, 201, { ...head, spec: {}, status });
  }
  const { resourceAttributes: ra, nonResourceAttributes: nra } = spec;
  if (!ra === !nra) {
    const message = ra
      ? 'spec.nonResourceAttributes: Invalid value: ' + JSON.stringify(nra) + ': cannot be specified in combination with resourceAttributes'
      : 'spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified';
    throw new ApiError(422, 'Invalid', `SelfSubjectAccessReview.authorization.k8s.io "" is invalid: ${message}`,
      { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' });
  }
  const attrs: RequestAttributes = ra
    ? {
      verb: ra.verb ?? '', resourceRequest: true, path: '', apiGroup: ra.group ?? '', apiVersion: ra.version, resource: ra.resource ?? '',
      ...(ra.subresource ? { subresource: ra.subresource } : {}), ...(ra.namespace ? { namespace: ra.namespace } : {}), ...(ra.name ? { name: ra.name } : {}),
    }
    : { verb: nra?.verb ?? '', resourceRequest: false, path: nra?.path ?? '' };
  const decision = rbac.authorize(user, attrs);
  return json(res, 201, { ...head, spec, status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) } });
}
