// The pure parts of the test cluster's authentication and RBAC: request
// attributes as kube-apiserver reads them, rule matching, the Forbidden and
// Invalid wording, the RBAC walk over a store (reasons, missing roles), token
// expiry, and the protobuf bodies kubectl 1.32 sends (bytes captured with -v=8).
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { forbidden, requestAttributes, ruleAllows, type PolicyRule, type RequestAttributes, type UserInfo } from '../k8s-server/authz';
import { bootstrapPolicy } from '../k8s-server/bootstrapPolicy';
import { decodeProtobuf } from '../k8s-server/protobuf';
import { Rbac } from '../k8s-server/rbac';
import { admitRbac } from '../k8s-server/rbacObjects';
import { typeOfKind } from '../k8s-server/resourceTypes';
import { Store } from '../k8s-server/store';
import { Users } from '../k8s-server/users';
import type { NewObject } from '../k8s-server/types';

const alice: UserInfo = { name: 'alice', groups: ['devs', 'system:authenticated'] };
const attrs = (method: string, url: string) => {
  const u = new URL(url, 'https://h');
  return requestAttributes(method, u.pathname, u.searchParams);
};
const rbacObject = (kind: string, name: string, namespace: string | undefined, body: object): NewObject =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...body });
const role = (kind: 'Role' | 'ClusterRole', name: string, namespace: string | undefined, rules: PolicyRule[]) => rbacObject(kind, name, namespace, { rules });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, ref: string, subjects: object[]) =>
  rbacObject(kind, name, namespace, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: ref.split('/')[0], name: ref.split('/')[1] }, subjects });

function storeWith(...objects: NewObject[]): Store {
  const s = new Store();
  for (const o of [...bootstrapPolicy(), ...objects]) s.create(typeOfKind(o.kind)!.plural, o);
  return s;
}

describe('test cluster authorization parts', () => {
  it('reads request attributes as kube-apiserver\'s RequestInfoFactory does', () => {
    const short = (a: RequestAttributes) => [a.verb, a.apiGroup, a.resource, a.subresource, a.namespace, a.name].map((x) => x ?? '-').join(' ');
    const cases: [string, string, string][] = [
      ['GET', '/api/v1/namespaces/team-a/pods', 'list  pods - team-a -'],
      ['GET', '/api/v1/pods?watch=true&resourceVersion=5', 'watch  pods - - -'],
      ['GET', '/api/v1/pods?watch=false', 'list  pods - - -'],
      ['GET', '/api/v1/namespaces/team-a/pods?watch=1&fieldSelector=metadata.name%3Dp', 'watch  pods - team-a p'],
      ['GET', '/api/v1/namespaces/team-a/pods?fieldSelector=metadata.name!%3Dp', 'list  pods - team-a -'],
      ['GET', '/api/v1/watch/namespaces/team-a/pods', 'watch  pods - team-a -'],
      ['GET', '/api/v1/namespaces/team-a/pods/p/log?follow=true', 'get  pods log team-a p'],
      // A WebSocket exec is a GET; SPDY's is a POST.
      ['GET', '/api/v1/namespaces/team-a/pods/p/exec?command=sh', 'get  pods exec team-a p'],
      ['POST', '/api/v1/namespaces/team-a/pods/p/portforward', 'create  pods portforward team-a p'],
      ['PATCH', '/apis/apps/v1/namespaces/team-a/deployments/d/scale', 'patch apps deployments scale team-a d'],
      ['PUT', '/apis/apps/v1/namespaces/team-a/deployments/d', 'update apps deployments - team-a d'],
      ['DELETE', '/api/v1/namespaces/team-a/pods', 'deletecollection  pods - team-a -'],
      ['DELETE', '/api/v1/namespaces/team-a/pods/p', 'delete  pods - team-a p'],
      // A namespace is "in" itself; status is its subresource, not a resource in it.
      ['GET', '/api/v1/namespaces/team-a', 'get  namespaces - team-a team-a'],
      ['PUT', '/api/v1/namespaces/team-a/status', 'update  namespaces status team-a team-a'],
      ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'create authorization.k8s.io selfsubjectaccessreviews - - -'],
    ];
    for (const [method, url, want] of cases) assert.equal(short(attrs(method, url)), want, `${method} ${url}`);
    for (const path of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/openapi/v3', '/logs']) {
      assert.deepEqual(attrs('GET', path), { verb: 'get', resourceRequest: false, path }, path);
    }
  });

  it('matches rules: verbs, groups, resources with */subresource, resourceNames, non-resource prefixes', () => {
    const listPods = attrs('GET', '/api/v1/namespaces/a/pods');
    assert.equal(ruleAllows(listPods, { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }), true);
    assert.equal(ruleAllows(listPods, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }), false);
    assert.equal(ruleAllows(listPods, { verbs: ['*'], apiGroups: ['apps'], resources: ['pods'] }), false);
    assert.equal(ruleAllows(listPods, { verbs: ['list'], apiGroups: ['*'], resources: ['*'] }), true);
    const log = attrs('GET', '/api/v1/namespaces/a/pods/p/log');
    assert.equal(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }), false, 'pods does not grant pods/log');
    assert.equal(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }), true);
    assert.equal(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['*/log'] }), true);
    assert.equal(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['pods/log'], resourceNames: ['q'] }), false);
    assert.equal(ruleAllows(log, { verbs: ['get'], apiGroups: [''], resources: ['pods/log'], resourceNames: ['p'] }), true);
    assert.equal(ruleAllows(listPods, { verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] }), false, 'a named rule does not grant a list');
    const apis = attrs('GET', '/apis/apps/v1');
    assert.equal(ruleAllows(apis, { verbs: ['get'], nonResourceURLs: ['/apis/*'] }), true);
    assert.equal(ruleAllows(apis, { verbs: ['get'], nonResourceURLs: ['/apis'] }), false);
    assert.equal(ruleAllows(apis, { verbs: ['get'], apiGroups: ['*'], resources: ['*'] }), false, 'resource rules do not grant paths');
  });

  it('words a denial exactly as kube-apiserver does', () => {
    assert.equal(JSON.stringify(forbidden({ name: 'alice', groups: [] }, attrs('GET', '/api/v1/pods')).toStatus()),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \\"alice\\" cannot list resource \\"pods\\" in API group \\"\\" at the cluster scope","reason":"Forbidden","details":{"kind":"pods"},"code":403}');
    const log = forbidden(alice, attrs('GET', '/api/v1/namespaces/team-a/pods/p/log')).toStatus();
    assert.equal(log.message, 'pods "p" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "team-a"');
    assert.deepEqual(log.details, { name: 'p', kind: 'pods' });
    const scale = forbidden(alice, attrs('PATCH', '/apis/apps/v1/namespaces/team-a/deployments/d/scale'), 'RBAC: role.rbac.authorization.k8s.io "gone" not found').toStatus();
    assert.equal(scale.message, 'deployments.apps "d" is forbidden: User "alice" cannot patch resource "deployments/scale" in API group "apps" in the namespace "team-a": RBAC: role.rbac.authorization.k8s.io "gone" not found');
    assert.equal(JSON.stringify(scale.details), '{"name":"d","group":"apps","kind":"deployments"}');
    const path = forbidden(alice, attrs('GET', '/logs')).toStatus();
    assert.equal(path.message, 'forbidden: User "alice" cannot get path "/logs"');
    assert.deepEqual(path.details, {});
  });

  it('walks RBAC: a RoleBinding grants in its namespace only, Groups and ClusterRoles count, masters need no binding', () => {
    const rbac = new Rbac(storeWith(
      role('Role', 'pod-reader', 'team-a', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }]),
      binding('RoleBinding', 'alice-reads', 'team-a', 'Role/pod-reader', [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }]),
      role('ClusterRole', 'deploy-scaler', undefined, [{ verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments/scale'] }]),
      binding('RoleBinding', 'devs-scale', 'team-b', 'ClusterRole/deploy-scaler', [{ kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }]),
    ));
    assert.deepEqual(rbac.authorize(alice, attrs('GET', '/api/v1/namespaces/team-a/pods')),
      { allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-reads/team-a" of Role "pod-reader" to User "alice"' });
    assert.deepEqual(rbac.authorize(alice, attrs('GET', '/api/v1/pods')), { allowed: false, reason: '' });
    assert.equal(rbac.authorize(alice, attrs('GET', '/api/v1/namespaces/team-b/pods')).allowed, false);
    assert.equal(rbac.authorize(alice, attrs('DELETE', '/api/v1/namespaces/team-a/pods/p')).allowed, false);
    assert.deepEqual(rbac.authorize(alice, attrs('PATCH', '/apis/apps/v1/namespaces/team-b/deployments/d/scale')),
      { allowed: true, reason: 'RBAC: allowed by RoleBinding "devs-scale/team-b" of ClusterRole "deploy-scaler" to Group "devs"' });
    assert.equal(rbac.authorize({ name: 'bob', groups: ['system:authenticated'] }, attrs('GET', '/api/v1/namespaces/team-a/pods')).allowed, false);
    // Every authenticated user reads discovery and asks about itself (bootstrap policy).
    assert.equal(rbac.authorize(alice, attrs('GET', '/apis/apps/v1')).allowed, true);
    assert.equal(rbac.authorize(alice, attrs('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews')).allowed, true);
    assert.equal(rbac.authorize({ name: 'anyone', groups: ['system:masters'] }, attrs('DELETE', '/api/v1/namespaces/x')).allowed, true);
  });

  it('names a binding\'s missing role in the reason, and lists a user\'s rules cluster-wide first', () => {
    const s = storeWith(
      binding('RoleBinding', 'dangling', 'team-a', 'Role/gone', [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }]),
      binding('ClusterRoleBinding', 'dangling-cluster', undefined, 'ClusterRole/gone-too', [{ kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }]),
      role('Role', 'pod-reader', 'team-a', [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]),
      binding('RoleBinding', 'alice-reads', 'team-a', 'Role/pod-reader', [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }]),
    );
    const rbac = new Rbac(s);
    assert.equal(rbac.authorize(alice, attrs('DELETE', '/api/v1/namespaces/team-a/pods/p')).reason,
      'RBAC: [clusterrole.rbac.authorization.k8s.io "gone-too" not found, role.rbac.authorization.k8s.io "gone" not found]');
    assert.equal(rbac.authorize(alice, attrs('GET', '/api/v1/pods')).reason, 'RBAC: clusterrole.rbac.authorization.k8s.io "gone-too" not found');
    const { rules, errors } = rbac.rulesFor(alice, 'team-a');
    assert.deepEqual(rules.at(-1), { verbs: ['list'], apiGroups: [''], resources: ['pods'] });
    assert.ok(rules.slice(0, -1).every((r) => !r.resources?.includes('pods')), 'cluster-wide rules come first');
    assert.deepEqual(errors, ['clusterrole.rbac.authorization.k8s.io "gone-too" not found', 'role.rbac.authorization.k8s.io "gone" not found']);
    assert.deepEqual(rbac.rulesFor(alice, 'team-b').rules.filter((r) => r.resources?.includes('pods')), []);
  });

  it('defaults and validates RBAC objects with the server\'s wording; a binding\'s roleRef cannot change', () => {
    const b = binding('RoleBinding', 'rb', 'ns', 'Role/r', [{ kind: 'User', name: 'alice' }]);
    delete (b.roleRef as { apiGroup?: string }).apiGroup;
    admitRbac('rolebindings', b);
    assert.deepEqual(b.roleRef, { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
    assert.deepEqual(b.subjects, [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }]);
    const changed = binding('RoleBinding', 'rb', 'ns', 'ClusterRole/view', []);
    assert.throws(() => admitRbac('rolebindings', changed, b), (e: { code: number; message: string }) => e.code === 422
      && e.message === 'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef');
    assert.throws(() => admitRbac('clusterrolebindings', binding('ClusterRoleBinding', 'c', undefined, 'Role/r', [{ kind: 'Robot', name: 'x' }])),
      { message: 'ClusterRoleBinding.rbac.authorization.k8s.io "c" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"]' });
    assert.throws(() => admitRbac('roles', role('Role', 'r', 'ns', [{ verbs: [], apiGroups: [''], resources: ['pods'] }])),
      { message: 'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value' });
    assert.throws(() => admitRbac('roles', role('Role', 'r', 'ns', [{ verbs: ['get'], nonResourceURLs: ['/logs'] }])),
      { message: 'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/logs"}: namespaced rules cannot apply to non-resource URLs' });
    admitRbac('pods', { apiVersion: 'v1', kind: 'Pod', metadata: {} });
  });

  it('refuses an expired token (its expiry in whole seconds) and a rotated admin token; adds system:authenticated', () => {
    let now = 1_700_000_000_500;
    let admin = 'admin-1';
    const users = new Users(() => admin, () => now);
    const req = (token: string) => ({ headers: { authorization: `Bearer ${token}` }, socket: {} }) as unknown as IncomingMessage;
    const t = users.add('carol', ['devs'], 10);
    assert.equal(t.expiresAt?.toISOString(), '2023-11-14T22:13:30.000Z');
    assert.deepEqual(users.authenticate(req(t.token)), { name: 'carol', groups: ['devs', 'system:authenticated'] });
    now += 9_400;
    assert.ok(users.authenticate(req(t.token)));
    now += 100;
    assert.equal(users.authenticate(req(t.token)), undefined);
    assert.ok(users.authenticate(req(users.issue('carol', 10).token)), 'a fresh token works');
    assert.equal(users.authenticate(req('nonsense')), undefined);
    assert.deepEqual(users.authenticate(req('admin-1'))?.groups, ['system:masters', 'system:authenticated']);
    admin = 'admin-2';
    assert.equal(users.authenticate(req('admin-1')), undefined);
    assert.throws(() => users.add('carol'), /already has a user/);
    assert.throws(() => users.issue('dave', 1), /no user named "dave"/);
  });

  it('reads the protobuf bodies kubectl 1.32 sends, and answers 415 for a kind it cannot read', () => {
    // kubectl create rolebinding cap --role=pod-reader --user=alice --group=devs -n team-a
    const rb = decodeProtobuf(Buffer.from('6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c6542696e64696e6712a2010a190a0363617012001a067465616d2d6122002a00320038004200122a0a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a05616c6963652200122a0a0547726f75701219726261632e617574686f72697a6174696f6e2e6b38732e696f1a046465767322001a2d0a19726261632e617574686f72697a6174696f6e2e6b38732e696f1204526f6c651a0a706f642d7265616465721a002200', 'hex'));
    assert.deepEqual(rb, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'cap', namespace: 'team-a' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    });
    // kubectl auth can-i get pods/log -n team-a: "pods/log" is read as resource pods named "log", not the subresource.
    const ssar = decodeProtobuf(Buffer.from('6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123e0a100a0012001a0022002a0032003800420012200a1e0a067465616d2d6112036765741a0022002a04706f647332003a036c6f671a08080012001a0020001a002200', 'hex'));
    assert.deepEqual(ssar.spec, { resourceAttributes: { namespace: 'team-a', verb: 'get', resource: 'pods', name: 'log' } });
    // kubectl create namespace team-a
    const ns = decodeProtobuf(Buffer.from('6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200', 'hex'));
    assert.deepEqual(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    const pod = Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0x09, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x03, 0x50, 0x6f, 0x64])]);
    assert.throws(() => decodeProtobuf(pod), { code: 415, reason: 'UnsupportedMediaType' });
    assert.throws(() => decodeProtobuf(Buffer.from('{"kind":"Pod"}')), { code: 400 });
  });
});
