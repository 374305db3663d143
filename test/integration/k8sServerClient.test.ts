// The test cluster checked with @kubernetes/client-node, the client the
// extension uses: list with selectors, watch, logs, exec, port-forward to
// the sample's gunicorn, and the fault switches (410 Gone and re-list,
// dropped watches, 500s, a server restart that keeps the cluster's state).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { startTestCluster, type TestCluster } from '../k8s-server/cluster';
import { waitFor } from '../k8s-server/kubectl';
import { azureMlService, namespaceOf } from '../k8s-server/sample';
import { SAMPLE_IMAGE } from '../support/docker';
import type { Pod } from '../k8s-server/types';

const repo = resolve(__dirname, '..', '..', '..');
const workspace = 'client-ws';
const ns = namespaceOf(workspace);

function collect(stream: PassThrough): Promise<string> {
  let text = '';
  stream.on('data', (d: Buffer) => { text += d.toString(); });
  return new Promise((res) => stream.on('end', () => res(text)));
}

describe('test Kubernetes cluster, driven by @kubernetes/client-node', function () {
  this.timeout(120000);
  let cluster: TestCluster;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  const servers: Server[] = [];

  const podOf = (service: string) => (cluster.store.list('pods', ns) as Pod[]).find((p) => p.metadata.labels?.azuremlappname === service && !p.metadata.deletionTimestamp);

  before(async () => {
    cluster = await startTestCluster({ namespace: ns, backoffBaseMs: 1000, backoffMaxMs: 4000 });
    kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfigText);
    core = kc.makeApiClient(k8s.CoreV1Api);
    cluster.apply(azureMlService({ workspace, service: 'init-raises', appFolder: join(repo, 'test/fixtures/apps/init-raises') }));
    cluster.apply(azureMlService({ workspace, service: 'sample-model', appFolder: join(repo, 'sample') }));
    cluster.apply(azureMlService({ workspace, service: 'gpu-model', appFolder: join(repo, 'sample'), requests: { 'nvidia.com/gpu': '1' } }));
    await waitFor('the healthy sample to run', () => podOf('sample-model')?.status.containerStatuses?.[0]?.ready);
  });

  after(async () => {
    servers.forEach((s) => s.close());
    await cluster?.stop();
  });

  it('lists pods by label and field selector', async () => {
    const azureml = await core.listPodForAllNamespaces({ labelSelector: 'isazuremlapp=true' });
    assert.deepEqual(azureml.items.map((p) => p.metadata?.labels?.azuremlappname).sort(), ['gpu-model', 'init-raises', 'sample-model']);
    const pending = await core.listNamespacedPod({ namespace: ns, fieldSelector: 'status.phase=Pending' });
    assert.deepEqual(pending.items.map((p) => p.metadata?.labels?.azuremlappname), ['gpu-model']);
    const cond = pending.items[0].status?.conditions?.find((c) => c.type === 'PodScheduled');
    assert.equal(cond?.reason, 'Unschedulable');
    assert.match(cond?.message ?? '', /^0\/3 nodes are available: 3 Insufficient nvidia\.com\/gpu\./);
    const notIn = await core.listNamespacedPod({ namespace: ns, labelSelector: 'azuremlappname notin (gpu-model,init-raises)' });
    assert.deepEqual(notIn.items.map((p) => p.metadata?.labels?.azuremlappname), ['sample-model']);
  });

  it('authenticates with a client certificate and with an exec credential plugin', async () => {
    for (const auth of ['clientCert', 'exec'] as const) {
      const other = new k8s.KubeConfig();
      other.loadFromString(cluster.kubeconfigFor(auth));
      const list = await other.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: ns });
      assert.equal(list.items.length, 3, auth);
    }
    const none = new k8s.KubeConfig();
    none.loadFromString(cluster.kubeconfigText.replace(/token: .*/, 'token: wrong'));
    await assert.rejects(none.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: ns }), (e: { code?: number }) => e.code === 401);
  });

  it('watches from a resourceVersion: the crash loop arrives as MODIFIED events with rising restart counts', async () => {
    const list = await core.listNamespacedPod({ namespace: ns, labelSelector: 'azuremlappname=init-raises' });
    const counts: number[] = [];
    const reasons = new Set<string>();
    const ctl = await new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/pods`, { labelSelector: 'azuremlappname=init-raises', resourceVersion: list.metadata?.resourceVersion },
      (type: string, pod: k8s.V1Pod) => {
        const s = pod.status?.containerStatuses?.[0];
        if (type === 'MODIFIED' && s) {
          counts.push(s.restartCount);
          if (s.state?.waiting?.reason) reasons.add(s.state.waiting.reason);
          if (s.lastState?.terminated) assert.equal(s.lastState.terminated.exitCode, 3);
        }
      }, () => undefined);
    try {
      const first = list.items[0].status?.containerStatuses?.[0]?.restartCount ?? 0;
      await waitFor('two more restarts and CrashLoopBackOff', () => counts.length > 0 && Math.max(...counts) >= first + 2 && reasons.has('CrashLoopBackOff'));
    } finally {
      ctl.abort();
    }
  });

  it('reads the previous run\'s log (the traceback) with timestamps, and honours limitBytes', async () => {
    const pod = podOf('init-raises')!;
    await waitFor('a previous run', () => (podOf('init-raises')?.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
    const out = new PassThrough();
    const text = collect(out);
    await new k8s.Log(kc).log(ns, pod.metadata.name, 'init-raises', out, { previous: true, timestamps: true });
    const log = await text;
    assert.match(log, /ValueError: weights are not normalised/);
    assert.match(log, /^\d{4}-\d\d-\d\dT[\d:.]+Z ValueError: weights are not normalised/m, 'each line after its timestamp');
    const limited = new PassThrough();
    const short = collect(limited);
    await new k8s.Log(kc).log(ns, pod.metadata.name, 'init-raises', limited, { previous: true, limitBytes: 20 });
    assert.equal(Buffer.byteLength(await short), 20);
  });

  it('execs in the container (v5.channel.kubernetes.io) with stdout, stderr and the status', async () => {
    const pod = podOf('sample-model')!;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    const status = new Promise<k8s.V1Status>((res) => {
      void new k8s.Exec(kc).exec(ns, pod.metadata.name, 'sample-model', ['sh', '-c', 'ls /var/azureml-app; echo to-stderr >&2; exit 5'], stdout, stderr, null, false, res);
    });
    const s = await status;
    assert.equal(s.status, 'Failure');
    assert.equal(s.details?.causes?.[0]?.message, '5');
    stdout.end();
    stderr.end();
    assert.match(await out, /score\.py/);
    assert.match(await err, /to-stderr/);
  });

  it('port-forwards (v4.channel.kubernetes.io) to the sample\'s scoring port (nginx in front of azmlinfsrv): GET / answers Healthy', async () => {
    const pod = podOf('sample-model')!;
    const forward = new k8s.PortForward(kc);
    const local = createServer((socket) => {
      void forward.portForward(ns, pod.metadata.name, [5001], socket, null, socket).catch(() => socket.destroy());
    });
    servers.push(local);
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', () => r()));
    const port = (local.address() as AddressInfo).port;
    const body = await new Promise<string>((res, rej) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { Connection: 'close' } }, (r) => {
        let text = '';
        r.on('data', (d: Buffer) => { text += d.toString(); });
        r.on('end', () => res(`${r.statusCode} ${text}`));
      });
      req.on('error', rej);
      req.end();
    });
    assert.equal(body, '200 Healthy');
  });

  it('port-forwards to debugpy in the pod: a DAP initialize gets its response', async () => {
    cluster.apply(azureMlService({ workspace, service: 'debug-model', appFolder: join(repo, 'sample'), debugPort: 5678 }));
    const pod = await waitFor('the debug pod ready', () => {
      const p = podOf('debug-model');
      return p?.status.containerStatuses?.[0]?.ready ? p : undefined;
    });
    const forward = new k8s.PortForward(kc);
    const local = createServer((socket) => {
      void forward.portForward(ns, pod.metadata.name, [5678], socket, null, socket).catch(() => socket.destroy());
    });
    servers.push(local);
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', () => r()));
    const port = (local.address() as AddressInfo).port;
    const answer = await new Promise<string>((res, rej) => {
      const c = connect(port, '127.0.0.1', () => {
        const body = JSON.stringify({ seq: 1, type: 'request', command: 'initialize', arguments: { adapterID: 'test', clientID: 'k8s-server-test', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' } });
        c.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      });
      let text = '';
      c.on('data', (d: Buffer) => {
        text += d.toString();
        if (/"command":\s*"initialize"/.test(text)) {
          c.destroy();
          res(text);
        }
      });
      c.on('error', rej);
    });
    assert.match(answer, /"type":\s*"response"/);
    assert.match(answer, /"success":\s*true/);
    await kc.makeApiClient(k8s.AppsV1Api).deleteNamespacedDeployment({ namespace: ns, name: 'debug-model' });
    await waitFor('the debug pods gone', () => !podOf('debug-model') && !cluster.store.list('replicasets', ns).some((r) => r.metadata.name.startsWith('debug-model-')));
  });

  it('answers a watch from an expired resourceVersion with ERROR 410, and an informer re-lists through it', async () => {
    const list = await core.listNamespacedPod({ namespace: ns });
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/pods`, () => core.listNamespacedPod({ namespace: ns }));
    const added: string[] = [];
    informer.on('add', (p: k8s.V1Pod) => added.push(p.metadata!.name!));
    await informer.start();
    try {
      cluster.faults.expireResourceVersions();
      const errors: unknown[] = [];
      const ctl = await new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/pods`, { resourceVersion: list.metadata?.resourceVersion },
        (type: string, obj: { code?: number }) => { if (type === 'ERROR') errors.push(obj.code); }, () => undefined);
      await waitFor('the 410', () => errors.includes(410));
      ctl.abort();
      assert.ok(cluster.faults.dropWatches() >= 1);
      cluster.apply([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'after-410', namespace: ns, annotations: { 'test.azureml-debug/no-container': 'true' } },
        spec: { containers: [{ name: 'main', image: SAMPLE_IMAGE }] } }]);
      await waitFor('the informer to see the pod made after the 410', () => added.includes('after-410'));
      assert.ok(informer.list(ns).some((p) => p.metadata?.name === podOf('sample-model')?.metadata.name));
    } finally {
      await informer.stop();
    }
  });

  it('ends watches on demand; an informer picks up again and misses nothing', async () => {
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/pods`, () => core.listNamespacedPod({ namespace: ns }));
    const added: string[] = [];
    informer.on('add', (p: k8s.V1Pod) => added.push(p.metadata!.name!));
    await informer.start();
    try {
      await waitFor('the informer\'s watch', () => cluster.openWatches() >= 1);
      const before = added.length;
      assert.ok(cluster.faults.dropWatches() >= 1);
      cluster.apply([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'after-drop', namespace: ns, annotations: { 'test.azureml-debug/no-container': 'true' } },
        spec: { containers: [{ name: 'main', image: SAMPLE_IMAGE }] } }]);
      await waitFor('the pod made while no watch was open', () => added.includes('after-drop'));
      assert.equal(added.length, before + 1, `only the new pod is added: ${added.slice(before).join(', ')}`);
      assert.ok(cluster.openWatches() >= 1);
    } finally {
      await informer.stop();
    }
    await core.deleteNamespacedPod({ namespace: ns, name: 'after-drop' });
  });

  it('answers 500 when told to, then recovers', async () => {
    // Only plain lists of this namespace's pods: nothing else in flight may take the failure.
    cluster.faults.failRequests(1, (url, method) => method === 'GET' && url.pathname === `/api/v1/namespaces/${ns}/pods` && !url.searchParams.has('watch'));
    await assert.rejects(core.listNamespacedPod({ namespace: ns }), (e: { code?: number }) => e.code === 500);
    const ok = await core.listNamespacedPod({ namespace: ns });
    assert.ok(ok.items.length >= 3);
  });

  it('comes back after a restart with the same state; a new watch sees later changes', async () => {
    const before = (await core.listNamespacedPod({ namespace: ns })).items.map((p) => p.metadata?.uid).sort();
    await cluster.restart(300);
    const after = await core.listNamespacedPod({ namespace: ns });
    assert.deepEqual(after.items.map((p) => p.metadata?.uid).sort(), before);
    const seen: string[] = [];
    const ctl = await new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/pods`, { resourceVersion: after.metadata?.resourceVersion },
      (type: string, p: k8s.V1Pod) => seen.push(`${type} ${p.metadata?.name}`), () => undefined);
    try {
      await core.deleteNamespacedPod({ namespace: ns, name: 'after-410' });
      await waitFor('the DELETED event after the restart', () => seen.includes('DELETED after-410'));
    } finally {
      ctl.abort();
    }
  });
});
