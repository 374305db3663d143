// Pure parts of the Kubernetes side: kubeconfig paths and merging, pod status
// in kubectl's words, Azure ML discovery, records, error classification and
// the model-path probe's parsing and report.
import * as assert from 'node:assert/strict';
import { kubeconfigPaths, mergeKubeconfigs } from '../../../src/core/kubernetes/kubeconfig';
import { podSummary, previousLogFirst } from '../../../src/core/kubernetes/podStatus';
import { azuremlMatch, DEFAULT_FILTER, deploymentRecord, eventInfos, podApp, podRecord } from '../../../src/core/kubernetes/records';
import { describeClusterError, untrustedProblem } from '../../../src/core/kubernetes/clusterErrors';
import { candidatePaths, existsCommand, parseExists, parseProbe, probeReport, referencedNames } from '../../../src/core/kubernetes/modelPathProbe';
import type { KPod } from '../../../src/core/kubernetes/objects';
import { appDisplay, containerDisplay, podDisplay } from '../../../src/core/kubernetes/display';
import { ServiceModel } from '../../../src/core/model/serviceModel';
import { clusterApps, flattenCluster } from '../../../src/core/kubernetes/tree';

const TOKEN = 'kq8d0c2w-very-secret-token-0123456789';
const KEY_PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n';
const KEY_DATA = Buffer.from(KEY_PEM).toString('base64');

const fileA = `apiVersion: v1
kind: Config
current-context: aks-prod
clusters:
- name: prod
  cluster: { server: 'https://prod.example:443', certificate-authority: ca.crt }
- name: dev
  cluster: { server: 'https://dev.example:443' }
users:
- name: token-user
  user: { token: ${TOKEN} }
- name: aad
  user:
    exec: { command: kubelogin, args: [get-token] }
contexts:
- name: dev
  context: { cluster: dev, user: token-user }
- name: aks-prod
  context: { cluster: prod, user: aad, namespace: azureml-ws }
`;
const fileB = `apiVersion: v1
current-context: other
clusters:
- name: prod
  cluster: { server: 'https://SHADOWED.example' }
- name: lab
  cluster: { server: 'https://lab.example' }
users:
- name: key-user
  user: { client-certificate-data: Zm9v, client-key-data: ${KEY_DATA} }
contexts:
- name: lab
  context: { cluster: lab, user: key-user }
`;

describe('kubeconfig discovery and merge', () => {
  it('reads the setting, else KUBECONFIG (several files), else ~/.kube/config', () => {
    assert.deepEqual(kubeconfigPaths({ setting: '/s/a:/s/b', env: '/e', home: '/h', delimiter: ':' }), ['/s/a', '/s/b']);
    assert.deepEqual(kubeconfigPaths({ setting: '', env: '/e/1::/e/2:/e/1', home: '/h', delimiter: ':' }), ['/e/1', '/e/2']);
    assert.deepEqual(kubeconfigPaths({ env: '', home: '/h', delimiter: ':' }), ['/h/.kube/config']);
    assert.deepEqual(kubeconfigPaths({ setting: '~/k.yaml', home: '/h', delimiter: ':' }), ['/h/k.yaml']);
  });

  it('merges like kubectl: first file wins per name, first current-context, current first', () => {
    const m = mergeKubeconfigs([{ path: '/cfg/a', text: fileA }, { path: '/cfg/b', text: fileB }]);
    assert.equal(m.currentContext, 'aks-prod');
    assert.deepEqual(m.contexts.map((c) => c.name), ['aks-prod', 'dev', 'lab']);
    const prod = m.contexts[0];
    assert.equal(prod.server, 'https://prod.example:443');
    assert.equal(prod.execCommand, 'kubelogin');
    assert.equal(prod.namespace, 'azureml-ws');
    const clusters = m.document.clusters as { name: string; cluster: Record<string, string> }[];
    assert.equal(clusters.find((c) => c.name === 'prod')?.cluster['certificate-authority'], '/cfg/ca.crt');
    assert.ok(m.contexts[1].secrets.includes(TOKEN));
    assert.ok(m.contexts[2].secrets.includes(KEY_DATA));
    assert.ok(m.contexts[2].secrets.some((s) => s.includes('MIIEowIBAAKCAQEA')));
  });

  it('reports a broken file and keeps the others', () => {
    const m = mergeKubeconfigs([{ path: '/x', text: 'clusters: [ {' }, { path: '/cfg/b', text: fileB }]);
    assert.equal(m.errors.length, 1);
    assert.deepEqual(m.contexts.map((c) => c.name), ['lab']);
  });
});

function pod(status: KPod['status'], extra: Partial<KPod> = {}): KPod {
  return {
    metadata: { name: 'svc-7d9f8c6b5d-abcde', namespace: 'azureml-ws', labels: { isazuremlapp: 'true', azuremlappname: 'svc', 'pod-template-hash': '7d9f8c6b5d' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'svc-7d9f8c6b5d' }], creationTimestamp: '2026-11-23T10:00:00Z' },
    spec: { containers: [{ name: 'svc', image: 'img:1', ports: [{ containerPort: 5001, name: 'scoring' }], env: [{ name: 'AZUREML_MODEL_DIR', value: '/var/azureml-app' }] }] },
    status,
    ...extra,
  };
}

describe('pod status in kubectl\'s words', () => {
  it('CrashLoopBackOff with restarts and the last termination', () => {
    const s = podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'svc', restartCount: 4, ready: false, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } }, lastState: { terminated: { reason: 'Error', exitCode: 3 } } }] }));
    assert.equal(s.reason, 'CrashLoopBackOff');
    assert.equal(s.restarts, 4);
    assert.deepEqual(s.containers[0].lastTermination, { reason: 'Error', exitCode: 3, finishedAt: undefined });
    assert.equal(previousLogFirst(s.containers[0], s.reason), true);
  });
  it('OOMKilled, Error, ImagePullBackOff, ContainerCreating, Pending, Running, Terminating, Init', () => {
    const term = (reason: string, exitCode: number) => podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'svc', state: { terminated: { reason, exitCode } } }] })).reason;
    assert.equal(term('OOMKilled', 137), 'OOMKilled');
    assert.equal(term('Error', 3), 'Error');
    const wait = (reason: string) => podSummary(pod({ phase: 'Pending', containerStatuses: [{ name: 'svc', state: { waiting: { reason } } }] })).reason;
    assert.equal(wait('ImagePullBackOff'), 'ImagePullBackOff');
    assert.equal(wait('ContainerCreating'), 'ContainerCreating');
    assert.equal(podSummary(pod({ phase: 'Pending' })).reason, 'Pending');
    const running = podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'svc', ready: true, state: { running: { startedAt: new Date('2026-11-23T10:00:05Z') } } }] }));
    assert.equal(running.reason, 'Running');
    assert.equal(running.containers[0].startedAt, '2026-11-23T10:00:05.000Z');
    assert.equal(podSummary(pod({ phase: 'Running' }, { metadata: { name: 'x', deletionTimestamp: '2026-11-23T10:00:00Z' } })).reason, 'Terminating');
    assert.equal(podSummary(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { waiting: { reason: 'PodInitializing' } } }] })).reason, 'Init:0/1');
    const oomBefore = podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'svc', restartCount: 1, state: { running: {} }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] }));
    assert.equal(previousLogFirst(oomBefore.containers[0], oomBefore.reason), true);
  });
});

describe('Azure ML discovery and records', () => {
  it('matches v1 labels, v2 ml.azure.com labels, azureml-* namespaces; not others', () => {
    assert.equal(azuremlMatch({ labels: { isazuremlapp: 'true' }, namespace: 'default' }, DEFAULT_FILTER), 'v1');
    assert.equal(azuremlMatch({ labels: { 'ml.azure.com/endpoint-name': 'e' }, namespace: 'prod' }, DEFAULT_FILTER), 'v2');
    assert.equal(azuremlMatch({ labels: {}, namespace: 'azureml-myws' }, DEFAULT_FILTER), 'namespace');
    assert.equal(azuremlMatch({ labels: { app: 'nginx' }, namespace: 'default' }, DEFAULT_FILTER), undefined);
    assert.equal(azuremlMatch({ labels: { isazuremlapp: 'false' }, namespace: 'azureml' }, DEFAULT_FILTER), undefined);
  });
  it('groups a pod under its deployment through the ReplicaSet; records carry status, restarts, events', () => {
    const p = pod({ phase: 'Pending' });
    assert.equal(podApp(p), 'azureml-ws/svc');
    assert.equal(podApp({ metadata: { name: 'bench-1', namespace: 'n', labels: { azuremlappname: 'bench' } } }), 'n/bench');
    const events = eventInfos([
      { reason: 'Scheduled', type: 'Normal', message: 'later', lastTimestamp: '2026-11-23T10:00:02Z' },
      { reason: 'FailedScheduling', type: 'Warning', message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.', lastTimestamp: '2026-11-23T10:00:01Z', count: 2 },
    ]);
    const r = podRecord('k8s:c', p, events, 'azureml');
    assert.equal(r.id, 'pod/azureml-ws/svc-7d9f8c6b5d-abcde');
    assert.equal(r.state, 'pending');
    assert.equal(r.k8s?.object === 'pod' && r.k8s.events[0].reason, 'FailedScheduling');
    assert.equal(r.k8s?.object === 'pod' && r.k8s.env.AZUREML_MODEL_DIR, '/var/azureml-app');
    // The debug port is a declared port named debug(py); the scoring port is not one.
    assert.equal(r.k8s?.object === 'pod' && r.k8s.debugPort, undefined);
    const debuggable = pod({ phase: 'Running' }, { spec: { containers: [{ name: 'svc', image: 'img:1', ports: [{ containerPort: 5001, name: 'scoring' }, { containerPort: 5679, name: 'debugpy' }] }] } });
    const dr = podRecord('k8s:c', debuggable, [], 'azureml');
    assert.equal(dr.k8s?.object === 'pod' && dr.k8s.debugPort, 5679);
    const d = deploymentRecord('k8s:c', { metadata: { name: 'svc', namespace: 'azureml-ws' }, spec: { replicas: 2 }, status: { readyReplicas: 1 } }, 'v1');
    const model = new ServiceModel();
    model.upsert(r);
    model.upsert(d);
    const apps = clusterApps(model, 'k8s:c');
    assert.equal(apps.length, 1);
    assert.equal(apps[0].pods.length, 1);
    assert.match(appDisplay(apps[0]).description, /^1\/2 ready · azureml-ws/);
    assert.match(podDisplay(apps[0].pods[0], Date.parse('2026-11-23T10:05:00Z')).description, /^Pending · 0\/1 · 5m$/);
    assert.deepEqual(flattenCluster(model, 'k8s:c').slice(0, 2), ['azureml-ws/svc', 'azureml-ws/svc/svc-7d9f8c6b5d-abcde Pending']);
  });
  it('words a crash-looping container with its last termination', () => {
    const s = podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'svc', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 3 } } }] }));
    const d = containerDisplay(s.containers[0]);
    assert.equal(d.description, 'CrashLoopBackOff · 2 restarts · last: Error (3)');
    assert.equal(d.contextValue, 'k8s.container.waiting.previous');
  });
});

describe('cluster errors, classified and redacted', () => {
  it('unreachable, 401, expired, 403, missing exec plugin, TLS', () => {
    assert.equal(describeClusterError(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), { server: 'https://x' }).reason, 'cannot reach https://x (ECONNREFUSED)');
    assert.equal(describeClusterError({ code: 401, message: 'HTTP-Code: 401' }).kind, 'unauthorized');
    assert.equal(describeClusterError(Object.assign(new Error('Unauthorized'), { statusCode: 401 })).kind, 'unauthorized');
    assert.equal(describeClusterError(new Error('the access token has expired; run az login')).kind, 'expired');
    assert.equal(describeClusterError({ code: 403, message: 'forbidden' }).kind, 'forbidden');
    const missing = describeClusterError(Object.assign(new Error('spawn kubelogin ENOENT'), { code: 'ENOENT', syscall: 'spawn kubelogin', path: 'kubelogin' }), { execCommand: 'kubelogin' });
    assert.equal(missing.kind, 'execMissing');
    assert.match(missing.advice, /az aks install-cli/);
    assert.equal(describeClusterError(Object.assign(new Error('self-signed certificate'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })).kind, 'tls');
    assert.equal(untrustedProblem('kubelogin').kind, 'untrusted');
  });
  it('never repeats a secret from the error text', () => {
    const p = describeClusterError(new Error(`exec plugin said: token ${TOKEN} and Bearer ${TOKEN}`), { execCommand: 'get-token', secrets: [TOKEN] });
    assert.ok(!p.reason.includes(TOKEN), p.reason);
    assert.ok(!p.reason.includes(TOKEN.slice(0, 20)), p.reason);
  });
});

describe('model path probe', () => {
  const output = [
    '@@root /var/azureml-app', '@@modeldir /var/azureml-app/azureml-models/sk/1', '@@entry score.py', '@@cwd /var/azureml-server',
    '@@ls-root', 'total 8', '-rw-r--r-- 1 root root 900 score.py',
    '@@ls-modeldir', "ls: cannot access '/var/azureml-app/azureml-models/sk/1': No such file or directory",
    '@@files', '/var/azureml-app/score.py', '/var/azureml-app/model/model.json',
    '@@refs', "14:    path = Model.get_model_path('sklearn_mnist')", "15:    p2 = os.path.join(os.getenv('AZUREML_MODEL_DIR'), 'model.pkl')",
    '@@end',
  ].join('\n');
  it('parses the environment, listings and references; builds the checked paths as arguments', () => {
    const f = parseProbe(output);
    assert.equal(f.modelDir, '/var/azureml-app/azureml-models/sk/1');
    assert.equal(f.files.length, 2);
    assert.deepEqual(referencedNames(f.references), ['sklearn_mnist', 'model.pkl']);
    const paths = candidatePaths(f, ['sklearn_mnist']);
    assert.deepEqual(paths, ['/var/azureml-app/azureml-models/sk/1/sklearn_mnist', '/var/azureml-app/azureml-models/sklearn_mnist', '/var/azureml-server/sklearn_mnist', '/var/azureml-app/azureml-models/sk/1']);
    const cmd = existsCommand(paths);
    assert.equal(cmd.slice(4).join('|'), paths.join('|'));
    assert.ok(!cmd[2].includes('sklearn'));
  });
  it('reports the missing model folder and where the model was expected', () => {
    const f = parseProbe(output);
    const report = probeReport('svc-1', f, ['sklearn_mnist'], parseExists('no /var/azureml-app/azureml-models/sk/1/sklearn_mnist\nno /var/azureml-server/sklearn_mnist\n'));
    assert.match(report, /that folder does not exist/);
    assert.match(report, /`sklearn_mnist` is \*\*not found\*\*/);
    assert.match(report, /\/var\/azureml-app\/model\/model.json/);
    const unset = probeReport('p', parseProbe('@@root /r\n@@modeldir <unset>\n@@cwd /r\n'), [], new Map());
    assert.match(unset, /AZUREML_MODEL_DIR is \*\*not set\*\*/);
  });
});
