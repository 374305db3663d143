// The test cluster's RBAC, expiring tokens and kubelogin stand-in, checked
// with the real kubectl 1.32: what a user bound to a Role may and may not do
// (Forbidden in the API server's words), `auth can-i` and `--list`, a token
// refused once expired, and an AKS Azure AD kubeconfig whose `kubelogin` on
// PATH hands kubectl a new token after the old one expired. No containers:
// the pods are bare ones and the deployment has no replicas.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import WebSocket from 'ws';
import { SAMPLE_IMAGE } from '../support/docker';
import { startTestCluster, type TestCluster } from '../k8s-server/cluster';
import { Kubectl } from '../k8s-server/kubectl';

const ns = 'team-a';

describe('test Kubernetes cluster: RBAC for token users, expiring tokens and kubelogin, driven by the real kubectl', function () {
  this.timeout(60000);
  let cluster: TestCluster;
  let admin: Kubectl;
  let dir: string;
  let pod: string;
  /** A kubectl for a user added to the cluster (its kubeconfig written under `dir`). */
  const kubectlAs = (user: { name: string; kubeconfig(path?: string): string }) => {
    const path = join(dir, `${user.name}-${Date.now()}.kubeconfig`);
    user.kubeconfig(path);
    return new Kubectl(path);
  };
  const ok = async (k: Kubectl, args: string[], input?: string) => {
    const r = await k.run(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-rbac-'));
    cluster = await startTestCluster({ namespace: ns });
    admin = new Kubectl(cluster.kubeconfigPath);
    await ok(admin, ['create', 'namespace', ns]);
    cluster.createBarePods(ns, 1, { app: 'rbac' });
    pod = cluster.store.list('pods', ns)[0].metadata.name;
    await ok(admin, ['create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods', '-n', ns]);
    await ok(admin, ['create', 'rolebinding', 'alice-reads', '--role=pod-reader', '--user=alice', '-n', ns]);
  });

  after(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('`kubectl create role|rolebinding`, `apply -f` and `get` work on the RBAC resources', async () => {
    const roles = await ok(admin, ['get', 'roles', '-n', ns]);
    assert.match(roles, /^NAME\s+CREATED AT\npod-reader\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    const bindings = await ok(admin, ['get', 'rolebindings', '-n', ns, '-o', 'wide']);
    assert.match(bindings, /^alice-reads\s+Role\/pod-reader\s+\S+\s+alice\s*$/m);
    const clusterRole = [
      'apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: deployment-reader', 'rules:',
      '- apiGroups: ["apps"]', '  resources: ["deployments"]', '  verbs: ["get"]', '',
    ].join('\n');
    const binding = (role: string) => [
      'apiVersion: rbac.authorization.k8s.io/v1', 'kind: RoleBinding', 'metadata:', '  name: alice-reads-deployments', `  namespace: ${ns}`,
      'subjects:', '- kind: User', '  name: alice', 'roleRef:', '  kind: ClusterRole', `  name: ${role}`, '',
    ].join('\n');
    const file = join(dir, 'rbac.yaml');
    writeFileSync(file, `${clusterRole}---\n${binding('deployment-reader')}`);
    assert.equal(await ok(admin, ['apply', '-f', file]),
      'clusterrole.rbac.authorization.k8s.io/deployment-reader created\nrolebinding.rbac.authorization.k8s.io/alice-reads-deployments created\n');
    assert.match(await ok(admin, ['apply', '-f', file]), /^clusterrole\.rbac\.authorization\.k8s\.io\/deployment-reader unchanged$/m);
    // roleRef is immutable: re-pointing a binding is refused in the API server's words.
    writeFileSync(file, binding('cluster-admin'));
    const moved = await admin.run(['apply', '-f', file]);
    assert.equal(moved.code, 1);
    assert.match(moved.stderr, /The RoleBinding "alice-reads-deployments" is invalid: roleRef: Invalid value: rbac\.RoleRef\{APIGroup:"rbac\.authorization\.k8s\.io", Kind:"ClusterRole", Name:"cluster-admin"\}: cannot change roleRef/);
  });

  it('a user bound to a Role lists pods in its namespace; anywhere else kubectl prints the Forbidden message naming the user', async () => {
    const alice = kubectlAs(cluster.addUser({ name: 'alice', groups: ['team-a-devs'] }));
    assert.match(await ok(alice, ['get', 'pods', '-n', ns]), new RegExp(`^${pod}\\s+1/1\\s+Running\\s`, 'm'));
    const all = await alice.run(['get', 'pods', '-A']);
    assert.equal(all.code, 1);
    assert.equal(all.stderr, 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope\n');
    const other = await alice.run(['get', 'pods', '-n', 'default']);
    assert.match(other.stderr, /pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"/);
    const del = await alice.run(['delete', 'pod', pod, '-n', ns]);
    assert.match(del.stderr, new RegExp(`pods "${pod}" is forbidden: User "alice" cannot delete resource "pods" in API group "" in the namespace "team-a"`));
    assert.ok(cluster.store.get('pods', ns, pod), 'the pod is still there');
  });

  it('`auth can-i` answers yes in the namespace and no cluster-wide; `--list` shows the Role\'s rule; `whoami` names the user', async () => {
    const alice = kubectlAs(cluster.addUser({ name: 'alice-too', groups: ['team-a-devs'] }));
    await ok(admin, ['create', 'rolebinding', 'devs-read', '--role=pod-reader', '--group=team-a-devs', '-n', ns]);
    const yes = await alice.run(['auth', 'can-i', 'list', 'pods', '-n', ns]);
    assert.deepEqual([yes.code, yes.stdout], [0, 'yes\n']);
    const no = await alice.run(['auth', 'can-i', 'list', 'pods', '--all-namespaces']);
    assert.deepEqual([no.code, no.stdout], [1, 'no\n']);
    const del = await alice.run(['auth', 'can-i', 'delete', 'pods', '-n', ns]);
    assert.deepEqual([del.code, del.stdout], [1, 'no\n']);
    const list = await ok(alice, ['auth', 'can-i', '--list', '-n', ns]);
    assert.match(list, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/m);
    assert.match(list, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.match(list, /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    assert.match(list, /^\s+\[\/apis\/\*\]\s+\[\]\s+\[get\]$/m);
    const other = await ok(alice, ['auth', 'can-i', '--list', '-n', 'default']);
    assert.doesNotMatch(other, /^pods\s/m);
    assert.match(await ok(alice, ['auth', 'whoami']), /^Username\s+alice-too\nGroups\s+\[team-a-devs system:authenticated\]$/m);
    const adminList = await ok(admin, ['auth', 'can-i', '--list', '-n', ns]);
    assert.match(adminList, /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
  });

  it('authorizes watches, pods/log, the exec upgrade and deployments/scale as kube-apiserver does', async () => {
    const carol = kubectlAs(cluster.addUser({ name: 'carol' }));
    await ok(admin, ['create', 'role', 'pod-lister', '--verb=list', '--resource=pods', '-n', ns]);
    await ok(admin, ['create', 'rolebinding', 'carol-lists', '--role=pod-lister', '--user=carol', '-n', ns]);
    const watch = await carol.run(['get', 'pods', '-n', ns, '--watch-only', '--request-timeout=10s']);
    assert.equal(watch.code, 1);
    assert.match(watch.stderr, /pods is forbidden: User "carol" cannot watch resource "pods" in API group "" in the namespace "team-a"/);

    const alice = kubectlAs(cluster.addUser({ name: 'alice-exec' }));
    await ok(admin, ['create', 'rolebinding', 'alice-exec-reads', '--role=pod-reader', '--user=alice-exec', '-n', ns]);
    const log = await alice.run(['logs', pod, '-n', ns]);
    assert.match(log.stderr, new RegExp(`pods "${pod}" is forbidden: User "alice-exec" cannot get resource "pods/log" in API group "" in the namespace "team-a"`));
    // kubectl 1.32 tries a WebSocket (GET: `get pods/exec`), and on its 403 falls back to SPDY (POST: `create pods/exec`), whose refusal it prints.
    const exec = await alice.run(['exec', pod, '-n', ns, '--', 'true']);
    assert.match(exec.stderr, new RegExp(`pods "${pod}" is forbidden: User "alice-exec" cannot create resource "pods/exec" in API group "" in the namespace "team-a"`));
    const ws = await upgradeRefusal(`/api/v1/namespaces/${ns}/pods/${pod}/exec?command=true&stdout=true`, cluster.issueToken('alice-exec', 60).token);
    assert.equal(ws.status, 403);
    assert.equal(JSON.parse(ws.body).message, `pods "${pod}" is forbidden: User "alice-exec" cannot get resource "pods/exec" in API group "" in the namespace "team-a"`);

    // Scaled from 0 to 0: nothing would start even if the scale went through.
    cluster.apply([{
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: SAMPLE_IMAGE }] } } },
    }]);
    await ok(admin, ['create', 'rolebinding', 'alice-exec-deployments', '--clusterrole=deployment-reader', '--user=alice-exec', '-n', ns]);
    const scale = await alice.run(['scale', 'deployment', 'web', '--replicas=0', '-n', ns]);
    assert.match(scale.stderr, /deployments\.apps "web" is forbidden: User "alice-exec" cannot patch resource "deployments\/scale" in API group "apps" in the namespace "team-a"/);
  });

  it('refuses an expired token with 401 (kubectl: "You must be logged in to the server (Unauthorized)"); a fresh one works', async () => {
    // A lifetime no slow kubectl outlives by accident; its end is brought forward once the token has worked.
    const bob = cluster.addUser({ name: 'bob', ttlSeconds: 600 });
    await ok(admin, ['create', 'rolebinding', 'bob-reads', '--role=pod-reader', '--user=bob', '-n', ns]);
    const kubectl = kubectlAs(bob);
    await ok(kubectl, ['get', 'pods', '-n', ns]);
    assert.ok(cluster.faults.expireTokens() >= 1);
    const expired = await kubectl.run(['get', 'pods', '-n', ns]);
    assert.equal(expired.code, 1);
    assert.match(expired.stderr, /^error: You must be logged in to the server \(Unauthorized\)$/m);
    assert.deepEqual(await rawGet(`/api/v1/namespaces/${ns}/pods`, bob.token), {
      status: 401, body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
    });
    const fresh = cluster.issueToken('bob', 60);
    assert.equal((await rawGet(`/api/v1/namespaces/${ns}/pods`, fresh.token)).status, 200);
  });

  it('runs the kubelogin stand-in from PATH as an AKS Azure AD kubeconfig does, and gets a new token once the old one expired', async () => {
    cluster.addUser({ name: 'aad-user@contoso.com' });
    await ok(admin, ['create', 'rolebinding', 'aad-reads', '--role=pod-reader', '--user=aad-user@contoso.com', '-n', ns]);
    const binDir = join(dir, 'bin');
    const path = join(dir, 'aad.kubeconfig');
    const text = cluster.kubeloginKubeconfig({ user: 'aad-user@contoso.com', ttlSeconds: 600, binDir, path });
    assert.equal(readFileSync(path, 'utf8'), text);
    const exec = (parse(text) as { users: { user: { exec: unknown } }[] }).users[0].user.exec;
    assert.deepEqual(exec, {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      args: ['get-token', '--login', 'azurecli', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630'],
      command: 'kubelogin', env: null,
      installHint: '\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n',
      provideClusterInfo: false,
    });
    // Node's own folder too, for the script's `#!/usr/bin/env node`.
    const withPlugin = { PATH: [binDir, dirname(process.execPath), process.env.PATH].join(delimiter) };
    const missing = await new Kubectl(path, undefined, { PATH: dirname(process.execPath) }).run(['get', 'pods', '-n', ns]);
    assert.match(missing.stderr, /executable kubelogin not found[\s\S]*kubelogin is not installed which is required to connect to AAD enabled cluster\./);

    const calls = () => (existsSync(join(binDir, 'kubelogin.calls')) ? readFileSync(join(binDir, 'kubelogin.calls'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { at: string; expirationTimestamp: string }) : []);
    // What kubectl gets from the plugin: an ExecCredential with a token that works until its expirationTimestamp, and not after.
    // Asynchronously: the cluster answering the script runs in this process.
    const { stdout } = await promisify(execFile)(join(binDir, 'kubelogin'), ['get-token', '--login', 'azurecli'], { env: withPlugin, encoding: 'utf8' });
    const credential = JSON.parse(stdout) as {
      apiVersion: string; kind: string; status: { token: string; expirationTimestamp: string };
    };
    assert.equal(credential.apiVersion, 'client.authentication.k8s.io/v1beta1');
    assert.equal(credential.kind, 'ExecCredential');
    assert.match(credential.status.expirationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const lifetime = Date.parse(credential.status.expirationTimestamp) - Date.now();
    assert.ok(lifetime > 500_000 && lifetime <= 600_000, `expires in ${lifetime} ms`);

    const kubectl = new Kubectl(path, undefined, withPlugin);
    assert.match(await ok(kubectl, ['get', 'pods', '-n', ns]), new RegExp(`^${pod}\\s`, 'm'));
    assert.equal((await rawGet(`/api/v1/namespaces/${ns}/pods`, credential.status.token)).status, 200);
    const first = calls();
    assert.equal(first.length, 2);
    // The tokens' time comes (brought forward, so no slow kubectl outlives a short lifetime by accident).
    assert.ok(cluster.faults.expireTokens() >= 2);
    assert.equal((await rawGet(`/api/v1/namespaces/${ns}/pods`, credential.status.token)).status, 401, 'the first token has expired');
    assert.match(await ok(kubectl, ['get', 'pods', '-n', ns]), new RegExp(`^${pod}\\s`, 'm'));
    const second = calls();
    assert.equal(second.length, 3, 'kubectl ran kubelogin again, and its new token works');
  });

  /** A GET with a bearer token, straight to the server: its status and body. */
  function rawGet(path: string, token: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${cluster.url}${path}`, { ca: cluster.caPem, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Opens a WebSocket as kubectl exec does and returns the refusal (status and body) it gets instead of a 101. */
  function upgradeRefusal(path: string, token: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${cluster.url.replace('https', 'wss')}${path}`, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], { ca: cluster.caPem, headers: { Authorization: `Bearer ${token}` } });
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on('open', () => {
        ws.terminate();
        reject(new Error('the upgrade was accepted'));
      });
      ws.on('error', (err) => { if (!/Unexpected server response/.test(String(err))) reject(err); });
    });
  }
});
