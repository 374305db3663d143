// The pure parts of the test Kubernetes cluster: selectors, quantities, the
// store's resourceVersions and 410 Gone, kubectl's STATUS and AGE columns,
// and the scheduler's FailedScheduling wording (no Docker, no network).
import assert from 'node:assert/strict';
import { EventRecorder } from '../k8s-server/events';
import { nodePool } from '../k8s-server/nodes';
import { parseQuantity } from '../k8s-server/quantity';
import { mergePatch } from '../k8s-server/rest';
import { Scheduler } from '../k8s-server/scheduler';
import { parseFieldSelector, parseLabelSelector } from '../k8s-server/selectors';
import { Store } from '../k8s-server/store';
import { humanDuration, podReason } from '../k8s-server/table';
import type { EventObject, KObject, Pod } from '../k8s-server/types';

const obj = (name: string, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', labels }, ...extra });

describe('test cluster parts', () => {
  it('parses label selectors: equality, inequality, set and existence', () => {
    const l = { isazuremlapp: 'true', azuremlappname: 'a' };
    assert.equal(parseLabelSelector('isazuremlapp=true,azuremlappname==a')(l), true);
    assert.equal(parseLabelSelector('azuremlappname!=a')(l), false);
    assert.equal(parseLabelSelector('azuremlappname in (b, a)')(l), true);
    assert.equal(parseLabelSelector('azuremlappname notin (a)')(l), false);
    assert.equal(parseLabelSelector('isazuremlapp,!missing')(l), true);
    assert.equal(parseLabelSelector('!isazuremlapp')(l), false);
    assert.equal(parseLabelSelector('')(undefined), true);
  });

  it('parses field selectors over dotted paths', () => {
    const p = obj('x', {}, { status: { phase: 'Pending' }, spec: { nodeName: '' } }) as unknown as KObject;
    assert.equal(parseFieldSelector('status.phase=Pending,metadata.name=x')(p), true);
    assert.equal(parseFieldSelector('status.phase!=Pending')(p), false);
    assert.equal(parseFieldSelector('spec.nodeName=')(p), true);
    assert.throws(() => parseFieldSelector('nonsense'), /invalid selector/);
  });

  it('parses quantities', () => {
    assert.equal(parseQuantity('100m'), 0.1);
    assert.equal(parseQuantity('512Mi'), 512 * 2 ** 20);
    assert.equal(parseQuantity('1.5G'), 1.5e9);
    assert.equal(parseQuantity('2'), 2);
    assert.ok(Number.isNaN(parseQuantity('two')));
  });

  it('replays changes after a resourceVersion, and answers gone once expired', () => {
    const s = new Store();
    const a = s.create('pods', obj('a'));
    const rv = Number(a.metadata.resourceVersion);
    s.mutate('pods', 'ns', 'a', (p) => { p.status = { phase: 'Running' }; });
    s.create('pods', obj('b'));
    const since = s.changesSince(rv);
    assert.ok(since !== 'gone');
    assert.deepEqual(since.map((e) => `${e.type} ${e.object.metadata.name}`), ['MODIFIED a', 'ADDED b']);
    s.expireResourceVersions();
    assert.equal(s.changesSince(rv), 'gone');
    assert.throws(() => s.replace('pods', { ...a }), (e: { code?: number }) => e.code === 409);
    assert.throws(() => s.create('pods', obj('a')), (e: { code?: number }) => e.code === 409);
  });

  it('prints STATUS as kubectl does: waiting reason, terminated reason, Terminating', () => {
    const pod = (state: object, extra: object = {}) => ({
      ...obj('p'), ...extra, spec: { containers: [{ name: 'c', image: 'i' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 2, state, lastState: {} }] },
    }) as unknown as Pod;
    assert.equal(podReason(pod({ waiting: { reason: 'CrashLoopBackOff' } })), 'CrashLoopBackOff');
    assert.equal(podReason(pod({ terminated: { exitCode: 137, reason: 'OOMKilled' } })), 'OOMKilled');
    assert.equal(podReason(pod({ terminated: { exitCode: 3 } })), 'ExitCode:3');
    assert.equal(podReason(pod({ running: { startedAt: '' } }, { metadata: { name: 'p', deletionTimestamp: 'x' } })), 'Terminating');
  });

  it('prints ages as kubectl does', () => {
    assert.equal(humanDuration(5), '5s');
    assert.equal(humanDuration(119), '119s');
    assert.equal(humanDuration(200), '3m20s');
    assert.equal(humanDuration(3600 * 3 + 60), '3h1m');
    assert.equal(humanDuration(86400 * 3), '3d');
  });

  it('applies merge patches (null removes a key)', () => {
    assert.deepEqual(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] }), { a: 1, b: { d: 3, e: 4 }, f: [1] });
  });

  it('leaves a GPU pod Pending with the scheduler\'s FailedScheduling wording, and binds one that fits', async () => {
    const s = new Store();
    const recorder = new EventRecorder(s);
    for (const n of nodePool()) s.create('nodes', n);
    const scheduler = new Scheduler(s, recorder);
    try {
      s.create('pods', { ...obj('gpu'), spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { 'nvidia.com/gpu': '1' } } }] }, status: { phase: 'Pending' } });
      s.create('pods', { ...obj('small'), spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '100m' } } }] }, status: { phase: 'Pending' } });
      await new Promise((r) => setImmediate(r));
      const gpu = s.get('pods', 'ns', 'gpu') as Pod;
      assert.equal(gpu.spec.nodeName, undefined);
      assert.equal(gpu.status.conditions?.[0].reason, 'Unschedulable');
      const ev = s.list('events', 'ns') as EventObject[];
      const failed = ev.find((e) => e.reason === 'FailedScheduling');
      assert.equal(failed?.message, '0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
      assert.equal(failed?.type, 'Warning');
      assert.match((s.get('pods', 'ns', 'small') as Pod).spec.nodeName ?? '', /^aks-nodepool1-/);
    } finally {
      scheduler.dispose();
    }
  });
});
