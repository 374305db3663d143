// Which pods and deployments are Azure ML services, their records, and how
// they read in the cluster's part of the tree.
import * as assert from 'node:assert/strict';
import { podSummary } from '../../../../src/core/kubernetes/podStatus';
import { azuremlMatch, DEFAULT_FILTER, deploymentRecord, eventInfos, podApp, podRecord } from '../../../../src/core/kubernetes/records';
import { appDisplay, containerDisplay, podDisplay } from '../../../../src/core/kubernetes/display';
import { ServiceModel } from '../../../../src/core/model/serviceModel';
import { clusterApps, flattenCluster } from '../../../../src/core/kubernetes/tree';
import { pod } from './kubePod';

describe('Azure ML discovery and records', () => {
  it('matches namespace globs by hand: a setting of many stars answers at once (issue 17)', () => {
    const filter = (namespaces: string[]) => ({ ...DEFAULT_FILTER, labels: [], namespaces });
    const long = 'a'.repeat(63);
    // As a regular expression this pattern took 23 s on one namespace.
    assert.equal(azuremlMatch({ namespace: long }, filter([`${'a*'.repeat(8)}b`])), undefined);
    assert.equal(azuremlMatch({ namespace: long }, filter([`${'a*'.repeat(8)}a`])), 'namespace');
    for (const [pattern, value, hit] of [
      ['azureml-*', 'azureml-', true], ['azureml-*', 'azureml', false], ['*-ws', 'prod-ws', true], ['a*b*c', 'abc', true],
      ['a*b*c', 'acb', false], ['ab*ba', 'aba', false], ['*', 'z', true], ['x', 'x', true], ['a.b*', 'axb', false], ['**', 'q', true],
    ] as const) assert.equal(azuremlMatch({ namespace: value }, filter([pattern])) === 'namespace', hit, `${pattern} ${value}`);
  });

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
    const r = podRecord('kubernetes:c', p, events, 'azureml');
    assert.equal(r.id, 'pod/azureml-ws/svc-7d9f8c6b5d-abcde');
    assert.equal(r.state, 'pending');
    assert.equal(r.kubernetes?.object === 'pod' && r.kubernetes.events[0].reason, 'FailedScheduling');
    assert.equal(r.kubernetes?.object === 'pod' && r.kubernetes.env.AZUREML_MODEL_DIR, '/var/azureml-app');
    // A secret in the pod's spec is held masked, its name kept.
    const withSecret = pod({ phase: 'Running' }, { spec: { containers: [{ name: 'svc', image: 'img:1', env: [{ name: 'AML_APP_INSIGHTS_KEY', value: '1234abcd' }, { name: 'AZUREML_ENTRY_SCRIPT', value: 'score.py' }] }] } });
    const sr = podRecord('kubernetes:c', withSecret, [], 'azureml');
    assert.deepEqual(sr.kubernetes?.object === 'pod' && sr.kubernetes.env, { AML_APP_INSIGHTS_KEY: '********', AZUREML_ENTRY_SCRIPT: 'score.py' });
    // The debug port is a declared port named debug(py); the scoring port is not one.
    assert.equal(r.kubernetes?.object === 'pod' && r.kubernetes.debugPort, undefined);
    const debuggable = pod({ phase: 'Running' }, { spec: { containers: [{ name: 'svc', image: 'img:1', ports: [{ containerPort: 5001, name: 'scoring' }, { containerPort: 5679, name: 'debugpy' }] }] } });
    const dr = podRecord('kubernetes:c', debuggable, [], 'azureml');
    assert.equal(dr.kubernetes?.object === 'pod' && dr.kubernetes.debugPort, 5679);
    const d = deploymentRecord('kubernetes:c', { metadata: { name: 'svc', namespace: 'azureml-ws' }, spec: { replicas: 2 }, status: { readyReplicas: 1 } }, 'v1');
    const model = new ServiceModel();
    model.upsert(r);
    model.upsert(d);
    const apps = clusterApps(model, 'kubernetes:c');
    assert.equal(apps.length, 1);
    assert.equal(apps[0].pods.length, 1);
    assert.match(appDisplay(apps[0]).description, /^1\/2 ready · azureml-ws/);
    assert.match(podDisplay(apps[0].pods[0], Date.parse('2026-11-23T10:05:00Z')).description, /^Pending · 0\/1 · 5m$/);
    assert.deepEqual(flattenCluster(model, 'kubernetes:c').slice(0, 2), ['azureml-ws/svc', 'azureml-ws/svc/svc-7d9f8c6b5d-abcde Pending']);
  });
  it('names a Kubernetes online deployment (ml.azure.com labels) endpoint / deployment, as a local v2 one', () => {
    const labels = { 'ml.azure.com/endpoint-name': 'my-endpoint', 'ml.azure.com/deployment-name': 'blue', isazuremlapp: 'true', 'pod-template-hash': '6f7c9' };
    const p = pod({ phase: 'Running' }, { metadata: { name: 'blue-my-endpoint-6f7c9-x2k4p', namespace: 'ml', labels, ownerReferences: [{ kind: 'ReplicaSet', name: 'blue-my-endpoint-6f7c9' }] } });
    const model = new ServiceModel();
    model.upsert(podRecord('kubernetes:c', p, [], 'azureml'));
    const [app] = clusterApps(model, 'kubernetes:c');
    assert.equal(app.app, 'ml/blue-my-endpoint');
    const shown = appDisplay(app);
    assert.equal(shown.label, 'my-endpoint / blue');
    assert.ok(shown.tooltip.some((t) => t.includes('`my-endpoint`') && t.includes('`blue`')));
    // Any other app keeps its own name.
    const v1 = new ServiceModel();
    v1.upsert(podRecord('kubernetes:c', pod({ phase: 'Running' }), [], 'azureml'));
    assert.equal(appDisplay(clusterApps(v1, 'kubernetes:c')[0]).label, 'svc');
  });

  it('words a crash-looping container with its last termination', () => {
    const s = podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'svc', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 3 } } }] }));
    const d = containerDisplay(s.containers[0]);
    assert.equal(d.description, 'CrashLoopBackOff · 2 restarts · last: Error (3)');
    assert.equal(d.contextValue, 'kubernetes.container.waiting.previous');
  });
});
