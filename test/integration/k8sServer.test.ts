// The test cluster checked with the real kubectl 1.32: what kubectl prints
// for pods (Table), a watch, describe with events, logs -f and --previous of
// a real crash loop, events, exec with its exit code, and a 401 without the
// token. If kubectl disagrees with the server, the server is wrong.
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestCluster, type TestCluster } from '../k8s-server/cluster';
import { Kubectl, waitFor } from '../k8s-server/kubectl';
import { azureMlOnlineDeployment, azureMlService, namespaceOf } from '../k8s-server/sample';
import type { Pod } from '../k8s-server/types';

const repo = resolve(__dirname, '..', '..', '..');
const workspace = 'kubectl-ws';
const ns = namespaceOf(workspace);

describe('test Kubernetes cluster, driven by the real kubectl', function () {
  this.timeout(120000);
  let cluster: TestCluster;
  let kubectl: Kubectl;

  const pods = () => cluster.store.list('pods', ns) as Pod[];
  const podOf = (service: string) => pods().find((p) => p.metadata.labels?.azuremlappname === service && !p.metadata.deletionTimestamp);
  const podName = (service: string) => {
    const p = podOf(service);
    assert.ok(p, `a pod of ${service}`);
    return p.metadata.name;
  };

  before(async () => {
    cluster = await startTestCluster({ namespace: ns, backoffBaseMs: 1000, backoffMaxMs: 4000 });
    kubectl = new Kubectl(cluster.kubeconfigPath);
    cluster.apply(azureMlService({ workspace, service: 'init-raises', appFolder: join(repo, 'test/fixtures/apps/init-raises') }));
    cluster.apply(azureMlService({ workspace, service: 'sample-model', appFolder: join(repo, 'sample') }));
    cluster.apply(azureMlService({ workspace, service: 'gpu-model', appFolder: join(repo, 'sample'), requests: { cpu: '1', 'nvidia.com/gpu': '1' } }));
    await waitFor('the healthy sample to run', () => podOf('sample-model')?.status.containerStatuses?.[0]?.ready);
  });

  after(async () => {
    await cluster?.stop();
  });

  it('answers `get pods` with a Table: ready, status, restarts', async () => {
    await waitFor('the crash loop', () => (podOf('init-raises')?.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
    const r = await kubectl.run(['get', 'pods', '-n', ns]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    const row = (service: string) => lines.find((l) => l.startsWith(podName(service)));
    assert.match(row('sample-model') ?? '', /\s1\/1\s+Running\s+0\s/);
    assert.match(row('gpu-model') ?? '', /\s0\/1\s+Pending\s+0\s/);
    assert.match(row('init-raises') ?? '', /\s[01]\/1\s+(CrashLoopBackOff|Error|Running|ContainerCreating)\s+[1-9]\d* \([^)]* ago\)\s/);
  });

  it('`get pods -w` streams the crash loop: restart count rising, CrashLoopBackOff', async () => {
    const name = podName('init-raises');
    const start = podOf('init-raises')!.status.containerStatuses![0].restartCount;
    const w = kubectl.stream(['get', 'pods', '-n', ns, '-w', '-l', 'azuremlappname=init-raises']);
    try {
      const seen = await waitFor('a higher restart count in the watch output', () => {
        const rows = w.out().split('\n').filter((l) => l.startsWith(name));
        const counts = rows.map((l) => Number(/\s(\d+)(?: \([^)]*\))?\s+\S+$/.exec(l)?.[1] ?? -1));
        return Math.max(...counts) > start && rows.some((l) => /CrashLoopBackOff/.test(l)) ? rows : undefined;
      }, 60000);
      assert.ok(seen.length >= 2, w.out());
    } finally {
      w.child.kill();
    }
  });

  it('`describe pod` shows the last termination and the events (FailedScheduling in the scheduler\'s words)', async () => {
    const crash = await kubectl.run(['describe', 'pod', '-n', ns, podName('init-raises')]);
    assert.equal(crash.code, 0, crash.stderr);
    assert.match(crash.stdout, /Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+111\n/);
    assert.match(crash.stdout, /Restart Count:\s+[1-9]/);
    assert.match(crash.stdout, /Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container init-raises in pod/);
    assert.match(crash.stdout, /\/var\/azureml-app from azureml-app \(ro\)/);
    const gpu = await kubectl.run(['describe', 'pod', '-n', ns, podName('gpu-model')]);
    assert.match(gpu.stdout, /Status:\s+Pending/);
    assert.match(gpu.stdout, /Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available: 3 Insufficient nvidia\.com\/gpu\./);
  });

  it('`get events` lists FailedScheduling, BackOff and the deployment\'s scaling', async () => {
    const r = await kubectl.run(['get', 'events', '-n', ns]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    assert.match(r.stdout, /Warning\s+FailedScheduling\s+pod\/gpu-model-\S+\s+0\/3 nodes are available: 3 Insufficient nvidia\.com\/gpu\./);
    assert.match(r.stdout, /Warning\s+BackOff\s+pod\/init-raises-/);
    assert.match(r.stdout, /Normal\s+ScalingReplicaSet\s+deployment\/sample-model\s+Scaled up replica set sample-model-\S+ from 0 to 1/);
  });

  it('`logs --previous` shows the crashed run\'s traceback, and --tail/--timestamps shape the output', async () => {
    const r = await kubectl.run(['logs', '-n', ns, podName('init-raises'), '--previous']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Traceback \(most recent call last\):/);
    assert.match(r.stdout, /File "\/var\/azureml-app\/score\.py", line \d+, in init/);
    assert.match(r.stdout, /ValueError: weights are not normalised: expected 4 features, found 3/);
    assert.match(r.stdout, /Reason: Worker failed to boot\./);
    const tail = await kubectl.run(['logs', '-n', ns, podName('init-raises'), '--previous', '--tail', '2', '--timestamps']);
    const lines = tail.stdout.trim().split('\n');
    assert.equal(lines.length, 2, tail.stdout);
    for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
    const healthy = await kubectl.run(['logs', '-n', ns, podName('sample-model'), '--previous']);
    assert.notEqual(healthy.code, 0);
    assert.match(healthy.stderr, /previous terminated container "sample-model" in pod "sample-model-\S+" not found/);
  });

  it('`logs -f` follows: a line written later arrives on the open stream', async () => {
    const name = podName('sample-model');
    const f = kubectl.stream(['logs', '-f', '-n', ns, name]);
    try {
      await waitFor('the existing log', () => /Booting worker/.test(f.out()));
      const marker = `follow-marker-${Date.now()}`;
      const w = await kubectl.run(['exec', '-n', ns, name, '--', 'sh', '-c', `echo ${marker} > /proc/1/fd/1`]);
      assert.equal(w.code, 0, w.stderr);
      await waitFor('the marker on the followed stream', () => f.out().includes(marker));
    } finally {
      f.child.kill();
    }
  });

  it('`exec` runs in the container: reads the mounted score.py, passes stdin, reports the exit code', async () => {
    const name = podName('sample-model');
    const cat = await kubectl.run(['exec', '-n', ns, name, '--', 'cat', '/var/azureml-app/score.py']);
    assert.equal(cat.code, 0, cat.stderr);
    assert.equal(cat.stdout, readFileSync(join(repo, 'sample/score.py'), 'utf8'));
    const echo = await kubectl.run(['exec', '-i', '-n', ns, name, '--', 'cat'], 'through stdin\n');
    assert.equal(echo.stdout, 'through stdin\n');
    const fail = await kubectl.run(['exec', '-n', ns, name, '--', 'sh', '-c', 'echo oops >&2; exit 3']);
    assert.equal(fail.code, 3);
    assert.match(fail.stderr, /oops/);
    assert.match(fail.stderr, /command terminated with exit code 3/);
  });

  it('answers 401 without the token', async () => {
    const noToken = join(tmpdir(), `k8s-no-token-${process.pid}.yaml`);
    writeFileSync(noToken, cluster.kubeconfigText.replace(/token: .*/, 'token: not-the-token'), { mode: 0o600 });
    const r = await new Kubectl(noToken).run(['get', 'pods', '-n', ns]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /You must be logged in to the server/);
    assert.ok(!r.stderr.includes(cluster.token));
  });

  it('authenticates a client certificate and an exec credential plugin; a rotated token gets 401', async () => {
    for (const auth of ['clientCert', 'exec'] as const) {
      const path = join(tmpdir(), `k8s-${auth}-${process.pid}.yaml`);
      cluster.kubeconfigFor(auth, path);
      const r = await new Kubectl(path).run(['get', 'pods', '-n', ns, '-o', 'name']);
      assert.equal(r.code, 0, `${auth}: ${r.stderr}`);
      assert.match(r.stdout, /pod\/sample-model-/);
    }
    const stale = join(tmpdir(), `k8s-stale-${process.pid}.yaml`);
    cluster.kubeconfigFor('exec', stale);
    const old = cluster.token;
    assert.notEqual(cluster.faults.rotateToken(), old);
    const denied = await new Kubectl(stale).run(['get', 'pods', '-n', ns]);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /You must be logged in to the server/);
    cluster.kubeconfigFor('token', cluster.kubeconfigPath);
    const ok = await kubectl.run(['get', 'pods', '-n', ns, '-o', 'name']);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('a failing liveness probe kills the container (exit 137) and kubelet events say so', async () => {
    cluster.apply(azureMlService({
      workspace, service: 'no-liveness', appFolder: join(repo, 'sample'), readinessProbe: null,
      livenessProbe: { tcpSocket: { port: 5999 }, initialDelaySeconds: 0, periodSeconds: 1, failureThreshold: 2, timeoutSeconds: 1 },
    }));
    await waitFor('a restart after the liveness kill', () => {
      const s = podOf('no-liveness')?.status.containerStatuses?.[0];
      return s && s.restartCount >= 1 && s.lastState.terminated?.exitCode === 137;
    }, 90000);
    const r = await kubectl.run(['describe', 'pod', '-n', ns, podName('no-liveness')]);
    assert.match(r.stdout, /Warning\s+Unhealthy\s+.*kubelet\s+Liveness probe failed: dial tcp [\d.]+:5999: connect: connection refused/);
    assert.match(r.stdout, /Normal\s+Killing\s+.*kubelet\s+Container no-liveness failed liveness probe, will be restarted/);
    assert.match(r.stdout, /Exit Code:\s+137/);
    const del = await kubectl.run(['delete', 'deployment', '-n', ns, 'no-liveness']);
    assert.equal(del.code, 0, del.stderr);
    await waitFor('its pods gone', () => !pods().some((p) => p.metadata.labels?.azuremlappname === 'no-liveness'));
  });

  it('deleting a pod makes the deployment replace it, as kubectl shows', async () => {
    const old = podName('sample-model');
    const del = await kubectl.run(['delete', 'pod', '-n', ns, old]);
    assert.equal(del.code, 0, del.stderr);
    assert.match(del.stdout, new RegExp(`pod "${old}" deleted`));
    await waitFor('a replacement pod running, the old one gone', () => {
      const p = podOf('sample-model');
      return p && p.metadata.name !== old && p.status.containerStatuses?.[0]?.ready && !pods().some((x) => x.metadata.name === old);
    });
    const r = await kubectl.run(['get', 'deploy', 'sample-model', '-n', ns]);
    assert.match(r.stdout, /sample-model\s+1\/1\s+1\s+1\s/);
  });

  it('runs an Azure ML online deployment\'s init container first: the model downloaded, the server serves; a refused download holds the pod in Init:CrashLoopBackOff with its log', async () => {
    const online = 'azureml-online';
    const store = mkdtempSync(join(tmpdir(), 'model-store-'));
    chmodSync(store, 0o755);
    cpSync(join(repo, 'sample/v2/model'), join(store, 'sample-model', '1', 'model'), { recursive: true });
    chmodSync(join(store, 'sample-model'), 0o755);
    const code = join(repo, 'sample/v2/onlinescoring');
    cluster.apply(azureMlOnlineDeployment({ namespace: online, endpoint: 'ep', deployment: 'blue', codeFolder: code, model: { name: 'sample-model', version: '1' }, modelStore: store }));
    cluster.apply(azureMlOnlineDeployment({ namespace: online, endpoint: 'ep', deployment: 'green', codeFolder: code, model: { name: 'sample-model', version: '1' } }));
    const podOfDeployment = (d: string) => (cluster.store.list('pods', online) as Pod[]).find((p) => p.metadata.labels?.['ml.azure.com/deployment-name'] === d && !p.metadata.deletionTimestamp);
    try {
      await waitFor('blue to serve', () => podOfDeployment('blue')?.status.containerStatuses?.[0]?.ready, 90000);
      await waitFor('green\'s download to be retried', () => (podOfDeployment('green')?.status.initContainerStatuses?.[0]?.restartCount ?? 0) >= 1, 60000);
      // Between two failed downloads the init container runs again for a moment (Init:0/1): a slow kubectl can
      // print that instant, so the table is read again until it shows the back-off, as a user would see it most of the time.
      let table = { code: 0, stdout: '', stderr: '' };
      const row = (d: string) => table.stdout.split('\n').find((l) => l.startsWith(podOfDeployment(d)!.metadata.name)) ?? '';
      await waitFor('green held in Init:CrashLoopBackOff', async () => {
        table = await kubectl.run(['get', 'pods', '-n', online]);
        return table.code === 0 && /\s0\/1\s+Init:(CrashLoopBackOff|Error)\s+[1-9]/.test(row('green')) ? true : undefined;
      }, 60000).catch((e: Error) => assert.fail(`${e.message}: ${table.stderr || row('green')}`));
      assert.match(row('blue'), /\s1\/1\s+Running\s+0\s/);
      const green = podOfDeployment('green')!.metadata.name;
      const log = await kubectl.run(['logs', '-n', online, green, '-c', 'storage-initializer']);
      assert.equal(log.code, 0, log.stderr);
      assert.match(log.stdout, /HTTP Status Code=403, Message=This request is not authorized to perform this operation\./);
      const described = await kubectl.run(['describe', 'pod', '-n', online, green]);
      assert.match(described.stdout, /Init Containers:\n\s+storage-initializer:/);
      assert.match(described.stdout, /Initialized\s+False/);
      const served = await kubectl.run(['exec', '-n', online, podOfDeployment('blue')!.metadata.name, '-c', 'inference-server', '--', 'sh', '-c', 'ls "$AZUREML_MODEL_DIR/model"']);
      assert.equal(served.stdout.trim(), 'model.json');
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });
});
