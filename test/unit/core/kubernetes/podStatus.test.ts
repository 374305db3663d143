// A pod's status in kubectl's words, and which log of a container to show
// first.
import * as assert from 'node:assert/strict';
import { podSummary, previousLogFirst } from '../../../../src/core/kubernetes/podStatus';
import { pod } from './kubePod';

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
  it('lists init containers apart (marked init), counts their restarts, and says Init:CrashLoopBackOff while the model download keeps failing', () => {
    const inits = [{ name: 'storage-initializer', image: 'img:1' }];
    const failing = podSummary(pod({
      phase: 'Pending',
      initContainerStatuses: [{ name: 'storage-initializer', restartCount: 2, ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } }],
      containerStatuses: [{ name: 'svc', restartCount: 0, ready: false, state: { waiting: { reason: 'PodInitializing' } } }],
    }, { spec: { initContainers: inits, containers: [{ name: 'svc', image: 'img:1' }] } }));
    assert.equal(failing.reason, 'Init:CrashLoopBackOff');
    assert.equal(failing.restarts, 2, 'as kubectl counts them');
    assert.deepEqual(failing.initContainers.map((c) => [c.name, c.init, c.reason, c.lastTermination?.exitCode]), [['storage-initializer', true, 'CrashLoopBackOff', 1]]);
    assert.deepEqual(failing.containers.map((c) => c.name), ['svc'], 'the main container stays first');
    assert.deepEqual(podSummary(pod({ phase: 'Running' })).initContainers, []);
  });
});
