// Kubernetes as AKS users have it (issue 17), against the test cluster that
// enforces RBAC and issues expiring tokens: a user whose rights stop at one
// namespace sees that namespace, told what was refused and what is shown;
// an Azure AD kubeconfig runs kubelogin from PATH, once for the three watches,
// again ahead of the token's expiry, and a missing kubelogin says how to get it.
// The watcher is what the tree shows (the extension's ClusterWatcher on the
// model); the pods are bare (no containers), as only listing is at stake.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestCluster, type TestCluster } from '../k8s-server/cluster';
import { waitFor } from '../k8s-server/kubectl';
import { ServiceModel } from '../../src/core/model/serviceModel';
import { DEFAULT_FILTER, type KubeFilter } from '../../src/core/kubernetes/records';
import { mergeKubeconfigs } from '../../src/core/kubernetes/kubeconfig';
import { ClusterWatcher } from '../../src/kubernetes/client/clusterWatcher';
import { kubeConfigFor } from '../../src/kubernetes/client/index';
import type { NewObject } from '../k8s-server/types';

const LABELS = { isazuremlapp: 'true', azuremlappname: 'svc' };
const RBAC = 'rbac.authorization.k8s.io';

function reader(namespace: string, user: string): NewObject[] {
  return [
    { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'azureml-reader', namespace }, rules: [{ apiGroups: ['', 'apps'], resources: ['pods', 'events', 'deployments'], verbs: ['get', 'list', 'watch'] }] } as NewObject,
    { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: `${user}-reads`, namespace }, subjects: [{ kind: 'User', name: user, apiGroup: RBAC }], roleRef: { kind: 'Role', name: 'azureml-reader', apiGroup: RBAC } } as NewObject,
  ];
}

describe('Kubernetes as AKS users have it: namespace-scoped rights and Azure AD tokens', function () {
  this.timeout(120000);
  let cluster: TestCluster;
  let scratch: string;
  const watchers: ClusterWatcher[] = [];

  function watch(kubeconfigText: string, filter: () => KubeFilter = () => DEFAULT_FILTER) {
    const merged = mergeKubeconfigs([{ path: path.join(scratch, 'config'), text: kubeconfigText }]);
    const ctx = merged.contexts[0];
    const model = new ServiceModel();
    const id = `kubernetes:${ctx.name}`;
    const log: string[] = [];
    const watcher = new ClusterWatcher({
      connectionId: id, label: ctx.name, kubeConfig: kubeConfigFor(merged.document, ctx.name), model, filter,
      log: (m) => log.push(m), server: ctx.server, execCommand: ctx.execCommand, execInstallHint: ctx.execInstallHint,
      secrets: ctx.secrets, backoffBaseMs: 200, backoffMaxMs: 1000,
    });
    watchers.push(watcher);
    watcher.start();
    const pods = () => model.services(id).filter((r) => r.kubernetes?.object === 'pod').map((r) => `${r.kubernetes!.namespace}/${r.name}`).sort();
    return { model, watcher, log, pods, connection: () => model.connection(id) };
  }

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-scoped-'));
    cluster = await startTestCluster({ namespace: 'team-a' });
    cluster.apply(['team-a', 'team-b'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
    cluster.createBarePods('team-a', 2, LABELS);
    cluster.createBarePods('team-b', 1, LABELS);
    cluster.apply(reader('team-a', 'alice'));
  });

  after(async () => {
    for (const w of watchers) w.dispose();
    await cluster?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("a user allowed one namespace sees its pods, and the connection says what was refused, for whom, and what it shows instead", async () => {
    const alice = cluster.addUser({ name: 'alice' });
    const namespaces: string[] = [];
    const w = watch(alice.kubeconfig(), () => ({ ...DEFAULT_FILTER, namespaces: [...DEFAULT_FILTER.namespaces, ...namespaces] }));
    const c = await waitFor('connected, namespace-scoped', () => (w.connection()?.status === 'connected' && w.connection()?.scope ? w.connection() : undefined), 20000);
    assert.deepEqual([...(c.scope?.denied ?? [])].sort(), [
      'User "alice" may not list deployments at the cluster scope',
      'User "alice" may not list events at the cluster scope',
      'User "alice" may not list pods at the cluster scope',
    ]);
    assert.deepEqual(c.scope?.namespaces, [{ name: 'team-a', source: 'context' }]);
    await waitFor('team-a pods listed', () => (w.pods().length === 2 ? true : undefined), 10000);
    assert.ok(w.pods().every((p) => p.startsWith('team-a/')), w.pods().join(', '));

    // A pod made after the fall back is seen: the per-namespace watch is live.
    cluster.createBarePods('team-a', 1, LABELS);
    await waitFor('the new pod', () => (w.pods().length === 3 ? true : undefined), 10000);

    // Naming team-b in the settings watches it too; refused, it is named as refused, and nothing is shown from it.
    namespaces.push('team-b');
    w.watcher.refilter();
    await waitFor('team-b refused', () => (w.connection()?.scope?.denied.includes('User "alice" may not list pods in namespace "team-b"') ? true : undefined), 10000);
    assert.deepEqual(w.connection()?.scope?.namespaces, [{ name: 'team-a', source: 'context' }, { name: 'team-b', source: 'setting' }]);
    assert.equal(w.connection()?.status, 'connected');
    assert.ok(w.pods().every((p) => p.startsWith('team-a/')));

    // Once she may, "Refresh" (retryNow) shows team-b without a restart.
    cluster.apply(reader('team-b', 'alice'));
    w.watcher.retryNow();
    await waitFor('team-b listed', () => (w.pods().some((p) => p.startsWith('team-b/')) ? true : undefined), 10000);
    await waitFor('no refusal left in team-b', () => (w.connection()?.scope?.denied.some((d) => d.includes('team-b')) ? undefined : true), 10000);
    assert.ok(w.log.some((l) => l.includes('User "alice" may not list pods at the cluster scope')));
  });

  it('an Azure AD kubeconfig runs kubelogin from PATH: once for the three watches, again ahead of expiry, and the watch goes on', async () => {
    cluster.apply([
      { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'azureml-viewer' }, rules: [{ apiGroups: ['', 'apps'], resources: ['pods', 'events', 'deployments', 'namespaces'], verbs: ['get', 'list', 'watch'] }] } as NewObject,
      { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'bob-views' }, subjects: [{ kind: 'User', name: 'bob', apiGroup: RBAC }], roleRef: { kind: 'ClusterRole', name: 'azureml-viewer', apiGroup: RBAC } } as NewObject,
    ]);
    cluster.addUser({ name: 'bob' });
    const binDir = fs.mkdtempSync(path.join(scratch, 'bin-'));
    const text = cluster.kubeloginKubeconfig({ user: 'bob', ttlSeconds: 5, binDir });
    const calls = () => (fs.existsSync(path.join(binDir, 'kubelogin.calls')) ? fs.readFileSync(path.join(binDir, 'kubelogin.calls'), 'utf8').trim().split('\n').length : 0);
    const savedPath = process.env.PATH;
    process.env.PATH = `${binDir}${path.delimiter}${savedPath ?? ''}`;
    try {
      const w = watch(text);
      await waitFor('connected cluster-wide', () => (w.connection()?.status === 'connected' ? true : undefined), 20000);
      assert.equal(w.connection()?.scope, undefined, 'bob may list cluster-wide');
      assert.equal(calls(), 1, 'the three watches and the version shared one run of kubelogin');
      // Past four fifths of the token's life, the next request (a re-list after a dropped watch) gets a new one first.
      await new Promise((r) => setTimeout(r, 4500));
      cluster.faults.dropWatches(true);
      cluster.createBarePods('team-b', 1, LABELS);
      await waitFor('the pod made after the renewal', () => (w.pods().filter((p) => p.startsWith('team-b/')).length === 2 ? true : undefined), 20000);
      assert.ok(calls() >= 2, `kubelogin ran again (${calls()} runs)`);
      assert.ok(!w.log.some((l) => /401|Unauthorized/.test(l)), `no request went out with the expired token:\n${w.log.join('\n')}`);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('a missing kubelogin is explained with how to install it', async () => {
    const binDir = fs.mkdtempSync(path.join(scratch, 'nobin-'));
    const text = cluster.kubeloginKubeconfig({ user: 'bob', ttlSeconds: 60, binDir });
    fs.rmSync(path.join(binDir, 'kubelogin'));
    const w = watch(text);
    const c = await waitFor('unreachable', () => (w.connection()?.status === 'unreachable' ? w.connection() : undefined), 20000);
    assert.equal(c.reason, 'the credential plugin "kubelogin" is not installed (or not on PATH)');
    assert.match(c.advice ?? '', /az aks install-cli/);
  });
});
