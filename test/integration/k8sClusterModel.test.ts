// The cluster model (ClusterWatcher: informers -> service records) against
// the in-repo test cluster with real containers: a rollout, a crash loop with
// rising restart counts, a Pending pod with its FailedScheduling event, and
// no lost transition across dropped watches, 410 Gone and a server restart.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { startTestCluster, type TestCluster } from '../k8s-server/cluster';
import { waitFor } from '../k8s-server/kubectl';
import { azureMlService, namespaceOf } from '../k8s-server/sample';
import { ServiceModel, type ModelChange } from '../../src/core/model/serviceModel';
import type { ServiceRecord } from '../../src/core/model/serviceRecord';
import type { KubePodDetails } from '../../src/core/model/kubeDetails';
import { DEFAULT_FILTER } from '../../src/core/kubernetes/records';
import { clusterApps, flattenCluster } from '../../src/core/kubernetes/tree';
import { ClusterWatcher } from '../../src/kubernetes/client/clusterWatcher';
import { kubeConfigFor } from '../../src/kubernetes/client/index';
import { mergeKubeconfigs } from '../../src/core/kubernetes/kubeconfig';
import { candidatePaths, existsCommand, parseExists, parseProbe, probeReport, PROBE_COMMAND, referencedNames } from '../../src/core/crash/modelPathProbe';
import { sendScoringRequest } from '../../src/platform/scoringRequest';
import type { LogChunk, LogSink } from '../../src/core/logs/logSource';
import { execInPod } from '../../src/kubernetes/client/podExec';
import { forwardPort } from '../../src/kubernetes/client/portForward';
import { podLogSource } from '../../src/kubernetes/client/podLogs';
import { stringify } from 'yaml';

const repo = resolve(__dirname, '..', '..', '..');
const workspace = 'model-ws';
const ns = namespaceOf(workspace);
const CONN = 'kubernetes:test';

type Pod = ServiceRecord & { kubernetes: KubePodDetails };

describe('cluster model (informers) against the test cluster', function () {
  this.timeout(120000);
  let cluster: TestCluster;
  let model: ServiceModel;
  let watcher: ClusterWatcher;
  let kubeConfig: ReturnType<typeof kubeConfigFor>;
  const changes: ModelChange[] = [];
  const statuses: ModelChange['type'][] = [];
  const logLines: string[] = [];

  const pods = (service: string) =>
    model.services(CONN).filter((r): r is Pod => r.kubernetes?.object === 'pod' && r.kubernetes.app === `${ns}/${service}`);
  const seenPodStates = (service: string) =>
    changes.flatMap((c) => ((c.type === 'added' || c.type === 'updated') && c.service.kubernetes?.object === 'pod' && c.service.kubernetes.app === `${ns}/${service}` ? [c.service as Pod] : []));
  const connection = () => model.connection(CONN);

  before(async () => {
    cluster = await startTestCluster({ namespace: ns, backoffBaseMs: 1000, backoffMaxMs: 4000, schedulerRetryMs: 2000 });
    model = new ServiceModel();
    model.onDidChange((c) => {
      changes.push(c);
      statuses.push(c.type);
    });
    const merged = mergeKubeconfigs([{ path: cluster.kubeconfigPath, text: cluster.kubeconfigText }]);
    const ctx = merged.contexts[0];
    kubeConfig = kubeConfigFor(merged.document, ctx.name);
    watcher = new ClusterWatcher({
      connectionId: CONN,
      label: ctx.name,
      kubeConfig,
      model,
      filter: () => DEFAULT_FILTER,
      log: (m) => logLines.push(m),
      server: ctx.server,
      secrets: ctx.secrets,
      backoffBaseMs: 200,
      backoffMaxMs: 1000,
    });
    watcher.start();
    await waitFor('connected', () => connection()?.status === 'connected', 20000);
    cluster.apply(azureMlService({ workspace, service: 'sample-model', appFolder: join(repo, 'sample') }));
    cluster.apply(azureMlService({ workspace, service: 'init-raises', appFolder: join(repo, 'test/fixtures/apps/init-raises') }));
    cluster.apply(azureMlService({ workspace, service: 'gpu-model', appFolder: join(repo, 'sample'), requests: { cpu: '1', 'nvidia.com/gpu': '1' } }));
  });

  after(async () => {
    watcher?.dispose();
    await cluster?.stop();
  });

  it('sees the healthy deployment roll out: pod Pending/ContainerCreating, then Running 1/1, deployment 1/1 ready', async () => {
    await waitFor('the sample to be ready', () => {
      const d = clusterApps(model, CONN).find((a) => a.name === 'sample-model');
      return d?.deployment?.kubernetes.readyReplicas === 1 && d.pods[0]?.kubernetes.status === 'Running' && d.pods[0].kubernetes.ready === 1;
    });
    const seen = seenPodStates('sample-model').map((p) => p.kubernetes.status);
    assert.ok(seen.some((s) => s === 'Pending' || s === 'ContainerCreating'), `states seen: ${seen.join(', ')}`);
    assert.equal(seen.at(-1), 'Running');
    const pod = pods('sample-model')[0];
    assert.equal(pod.state, 'running');
    assert.equal(pod.kubernetes.containers[0].name, 'sample-model');
    assert.ok(pod.kubernetes.createdAt && Date.parse(pod.kubernetes.createdAt) > 0);
  });

  it('sees the crash loop: restart counts rising one by one, CrashLoopBackOff, last termination exit code 111 (runsvdir after the server\'s 3)', async () => {
    await waitFor('3 restarts', () => (pods('init-raises')[0]?.restartCount ?? 0) >= 3, 90000);
    const seen = seenPodStates('init-raises');
    const counts = [...new Set(seen.map((p) => p.restartCount))];
    assert.deepEqual(counts.slice(0, 4), [0, 1, 2, 3], `restart counts seen: ${counts.join(', ')}`);
    assert.ok(seen.some((p) => p.kubernetes.status === 'CrashLoopBackOff' && p.state === 'crashloop'));
    assert.ok(seen.some((p) => p.kubernetes.status === 'Error'));
    const c = pods('init-raises')[0].kubernetes.containers[0];
    // init() failing makes azmlinfsrv exit 3; gunicorn/finish then SIGHUPs runsvdir (PID 1), which exits 111.
    assert.equal(c.lastTermination?.exitCode, 111);
    assert.equal(c.lastTermination?.reason, 'Error');
    assert.ok(pods('init-raises')[0].kubernetes.events.some((e) => e.reason === 'BackOff' && e.type === 'Warning'));
  });

  it('shows the unschedulable pod Pending with the scheduler\'s FailedScheduling event', async () => {
    const pod = await waitFor('FailedScheduling', () => pods('gpu-model').find((p) => p.kubernetes.events.some((e) => e.reason === 'FailedScheduling')));
    assert.equal(pod.kubernetes.status, 'Pending');
    assert.equal(pod.state, 'pending');
    const ev = pod.kubernetes.events.find((e) => e.reason === 'FailedScheduling')!;
    assert.match(ev.message, /^0\/3 nodes are available: .*Insufficient nvidia\.com\/gpu/);
    assert.equal(ev.type, 'Warning');
    assert.ok(flattenCluster(model, CONN).some((l) => l.endsWith(`${pod.name}: FailedScheduling`)));
  });

  it('survives dropped watch streams (clean and abrupt) without missing a change', async () => {
    const before = changes.length;
    cluster.faults.dropWatches(true);
    cluster.apply(azureMlService({ workspace, service: 'after-drop', appFolder: join(repo, 'sample') }));
    await waitFor('the deployment created after the drop', () => clusterApps(model, CONN).find((a) => a.name === 'after-drop' && a.pods.length === 1));
    cluster.faults.dropWatches(false);
    cluster.store.mutate('deployments', ns, 'after-drop', (d) => {
      (d as unknown as { spec: { replicas: number } }).spec.replicas = 2;
    });
    await waitFor('2 pods of after-drop', () => pods('after-drop').length === 2);
    await waitFor('connected again', () => connection()?.status === 'connected');
    assert.ok(changes.length > before);
  });

  it('re-lists on 410 Gone and catches up with what changed meanwhile', async () => {
    const victim = pods('after-drop')[0].name;
    cluster.faults.expireResourceVersions();
    cluster.store.remove('pods', ns, victim);
    cluster.faults.dropWatches(false);
    await waitFor('the deleted pod gone from the model', () => !pods('after-drop').some((p) => p.name === victim));
    await waitFor('the replacement pod', () => pods('after-drop').length === 2);
    await waitFor('connected', () => connection()?.status === 'connected');
  });

  it('survives a server restart: shows the outage on the connection, then catches up by itself', async () => {
    const seenStatus: string[] = [];
    const sub = model.onDidChange((c) => {
      if (c.type === 'connection') seenStatus.push(`${c.connection.status}${c.connection.reason ? `: ${c.connection.reason}` : ''}`);
    });
    try {
      await cluster.pause();
      await waitFor('unreachable', () => connection()?.status === 'unreachable', 20000);
      assert.match(connection()!.reason ?? '', /cannot reach https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      assert.ok(connection()!.advice);
      // Changes made while the server is down must show after it comes back.
      cluster.store.mutate('deployments', ns, 'after-drop', (d) => {
        (d as unknown as { spec: { replicas: number } }).spec.replicas = 1;
      });
      cluster.apply(azureMlService({ workspace, service: 'while-down', appFolder: join(repo, 'sample') }));
      await new Promise((r) => setTimeout(r, 1500));
      await cluster.resume();
      await waitFor('connected after the restart', () => connection()?.status === 'connected', 30000);
      await waitFor('the deployment created while down', () => pods('while-down').length === 1);
      await waitFor('after-drop scaled to 1 while down', () => pods('after-drop').filter((p) => p.kubernetes.status !== 'Terminating').length === 1);
      assert.ok(seenStatus.some((s) => s.startsWith('reconnecting') || s.startsWith('unreachable')), seenStatus.join('\n'));
    } finally {
      sub.dispose();
    }
  });

  it('probes the model path in the running pod through exec: finds model/model.json under AZUREML_MODEL_DIR', async () => {
    const pod = pods('sample-model')[0];
    const target = { namespace: ns, pod: pod.name, container: 'sample-model' };
    const step1 = await execInPod(kubeConfig, target, PROBE_COMMAND, { secrets: [cluster.token] });
    assert.equal(step1.exitCode, 0, step1.stderr);
    const facts = parseProbe(step1.stdout);
    assert.equal(facts.root, '/var/azureml-app');
    assert.equal(facts.modelDir, '/var/azureml-app');
    assert.ok(facts.files.includes('/var/azureml-app/model/model.json'), facts.files.join('\n'));
    const names = referencedNames(facts.references);
    assert.deepEqual(names, ['model/model.json']);
    const step2 = await execInPod(kubeConfig, target, existsCommand(candidatePaths(facts, names)), { secrets: [] });
    const exists = parseExists(step2.stdout);
    assert.equal(exists.get('/var/azureml-app/model/model.json'), true);
    assert.match(probeReport(pod.name, facts, names, exists), /`model\/model.json` is found at `\/var\/azureml-app\/model\/model.json`/);
    const failing = await execInPod(kubeConfig, target, ['/bin/sh', '-c', 'exit 7'], { secrets: [] });
    assert.equal(failing.exitCode, 7);
  });

  it('sends a scoring request through a port-forward of the scoring port', async () => {
    const pod = pods('sample-model')[0];
    const forward = await forwardPort(kubeConfig, ns, pod.name, 5001, { secrets: [cluster.token] });
    try {
      const answer = await sendScoringRequest(`http://127.0.0.1:${forward.localPort}/score`, '{"data": [[0.05, 0.05, 0.06, 0.02]]}', { timeoutMs: 30000 });
      assert.equal(answer.status, 200, answer.body);
      assert.match(answer.body, /predictions/);
    } finally {
      forward.dispose();
    }
  });

  it('streams the crashed run (previous) of the crash-looping container with its traceback', async () => {
    const pod = pods('init-raises')[0];
    const source = podLogSource({ kubeConfig, model, connectionId: CONN, namespace: ns, pod: pod.name, container: 'init-raises', title: 't', secrets: [cluster.token] });
    assert.equal(source.previous, 'stream');
    const text = await new Promise<string>((resolvePromise, reject) => {
      let out = '';
      const sink: LogSink = {
        data: (c: LogChunk) => (out += typeof c.text === 'string' ? c.text : Buffer.from(c.text).toString('utf8')),
        restart: () => undefined,
        end: () => resolvePromise(out),
        error: (e) => reject(e),
        resumeFrom: () => undefined,
      };
      source.open({ follow: false, timestamps: true, previous: true }, sink);
    });
    assert.match(text, /Traceback \(most recent call last\)/);
    assert.match(text, /ValueError: weights are not normalised/);
    assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /m);
  });

  it('shows a missing credential plugin on the connection, with what to do', async () => {
    const merged = mergeKubeconfigs([{ path: '/tmp/x', text: stringify({
      apiVersion: 'v1', 'current-context': 'aad',
      clusters: [{ name: 'c', cluster: { server: cluster.url, 'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64') } }],
      users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.kubernetes.io/v1beta1', command: 'kubelogin-not-installed-here', args: ['get-token'] } } }],
      contexts: [{ name: 'aad', context: { cluster: 'c', user: 'u' } }],
    }) }]);
    const m2 = new ServiceModel();
    const w2 = new ClusterWatcher({ connectionId: 'kubernetes:aad', label: 'aad', kubeConfig: kubeConfigFor(merged.document, 'aad'), model: m2, filter: () => DEFAULT_FILTER, log: () => undefined, server: cluster.url, execCommand: merged.contexts[0].execCommand, secrets: [], backoffBaseMs: 200, backoffMaxMs: 1000 });
    try {
      w2.start();
      const c = await waitFor('the plugin problem', () => (m2.connection('kubernetes:aad')?.status === 'unreachable' ? m2.connection('kubernetes:aad') : undefined), 20000);
      assert.equal(c.reason, 'the credential plugin "kubelogin-not-installed-here" is not installed (or not on PATH)');
      assert.match(c.advice ?? '', /az aks install-cli/);
    } finally {
      w2.dispose();
    }
  });

  it('logs classified, redacted reasons: no token in anything it logged', () => {
    assert.ok(logLines.length > 0);
    for (const l of logLines) assert.ok(!l.includes(cluster.token), l);
  });
});
