// Which records show a failure worth explaining (containers and pods), and
// how each counts as healthy again.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../../src/core/crash/crashCauses';
import { failureOf, healthCheckOf, READINESS_DELAYS_MS } from '../../../../src/core/crash/crashEvidence';
import type { ServiceRecord } from '../../../../src/core/model/serviceRecord';
import type { KubePodDetails } from '../../../../src/core/model/kubeDetails';

function docker(over: Partial<ServiceRecord> = {}): ServiceRecord {
  return { id: 'c1', name: 'svc', connectionId: 'docker', kind: 'docker', state: 'running', restartCount: 0, image: 'img', ports: [], labels: {}, reason: 'azureml', startedAt: '2026-11-23T10:00:00Z', ...over };
}

function pod(details: Partial<KubePodDetails>, over: Partial<ServiceRecord> = {}): ServiceRecord {
  const kubernetes: KubePodDetails = { object: 'pod', namespace: 'ns', name: 'p', app: 'ns/app', phase: 'Running', status: 'Running', ready: 1, total: 1, containers: [], events: [], env: {}, ...details };
  return docker({ id: 'pod/ns/p', name: 'p', connectionId: 'kubernetes:c', kind: 'kubernetes', kubernetes, ...over });
}

describe('failureOf', () => {
  it('explains containers that exited with an error, were OOM killed or restart after a die', () => {
    assert.equal(failureOf(docker({ state: 'exited', exitCode: 0 })), undefined, 'a clean exit is no failure');
    assert.deepEqual(failureOf(docker({ state: 'exited', exitCode: 3 }))?.exitCode, 3);
    assert.equal(failureOf(docker({ state: 'oomkilled', exitCode: 137 }))?.reason, 'OOMKilled');
    assert.ok(failureOf(docker({ state: 'restarting', exitCode: 1, restartCount: 2 }))?.wantsLogs);
    assert.ok(failureOf(docker({ state: 'running', exitCode: 1, restartCount: 1 })), 'back up after a die');
    assert.equal(failureOf(docker({ state: 'running' })), undefined);
  });
  it('changes its key when the failure does (a new crash is analysed again)', () => {
    const a = failureOf(docker({ state: 'exited', exitCode: 3, finishedAt: '2026-11-23T10:00:01Z' }))!;
    const b = failureOf(docker({ state: 'exited', exitCode: 3, finishedAt: '2026-11-23T10:05:01Z' }))!;
    assert.notEqual(a.key, b.key);
  });
  it('reads a crash-looping or unschedulable pod from its status and warning events', () => {
    const waiting = { name: 'svc', image: 'i', ready: false, state: 'waiting' as const, reason: 'CrashLoopBackOff', restartCount: 3, ports: [] };
    const loop = failureOf(pod({ status: 'CrashLoopBackOff', ready: 0, containers: [{ ...waiting, lastTermination: { reason: 'Error', exitCode: 3 } }] }, { state: 'crashloop', exitCode: 3, restartCount: 3 }))!;
    assert.equal(loop.reason, 'CrashLoopBackOff');
    // Waiting to restart: the traceback is in the previous run's log.
    assert.equal(loop.wantsLogs, true);
    assert.deepEqual(loop.logsOf, { container: 'svc', previous: true });
    const ended = failureOf(pod({ status: 'Error', ready: 0, containers: [{ ...waiting, state: 'terminated', reason: 'Error', exitCode: 3 }] }, { state: 'exited', exitCode: 3 }))!;
    assert.deepEqual(ended.logsOf, { container: 'svc', previous: false }, 'terminated and not restarted yet: the current run');
    const neverRan = failureOf(pod({ status: 'ImagePullBackOff', ready: 0, containers: [{ ...waiting, reason: 'ImagePullBackOff', restartCount: 0 }] }, { state: 'pending' }))!;
    assert.equal(neverRan.wantsLogs, false, 'no run, no log');
    const pending = failureOf(pod({ status: 'Pending', phase: 'Pending', ready: 0, events: [{ type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.', count: 1 }] }, { state: 'pending' }))!;
    assert.deepEqual(pending.events, ['FailedScheduling: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.']);
    const findings = analyze({ events: pending.events, reason: pending.reason });
    assert.equal(findings[0]?.code, 'insufficient-resources');
    assert.equal(failureOf(pod({ status: 'Pending', phase: 'Pending', ready: 0 }, { state: 'pending' })), undefined, 'pending with no event yet: nothing to explain');
    assert.equal(failureOf(pod({})), undefined);
  });

  it('reads a pod held by a failing init container from that container\'s log, the previous run while it waits to retry', () => {
    const main = { name: 'inference-server', image: 'i', ready: false, state: 'waiting' as const, reason: 'PodInitializing', restartCount: 0, ports: [] };
    const init = { name: 'storage-initializer', image: 'i', ready: false, state: 'waiting' as const, reason: 'CrashLoopBackOff', restartCount: 2, ports: [], init: true, lastTermination: { reason: 'Error', exitCode: 1 } };
    const f = failureOf(pod({ status: 'Init:CrashLoopBackOff', phase: 'Pending', ready: 0, containers: [main], initContainers: [init] }, { state: 'crashloop', restartCount: 2 }))!;
    assert.deepEqual([f.logsOf, f.initContainer, f.reason, f.exitCode], [{ container: 'storage-initializer', previous: true }, 'storage-initializer', 'Init:CrashLoopBackOff', 1]);
    const done = { ...init, state: 'terminated' as const, reason: 'Completed', exitCode: 0, restartCount: 0, lastTermination: undefined };
    const served = failureOf(pod({ status: 'CrashLoopBackOff', ready: 0, containers: [{ ...main, reason: 'CrashLoopBackOff', lastTermination: { reason: 'Error', exitCode: 111 } }], initContainers: [done] }, { state: 'crashloop', exitCode: 111 }))!;
    assert.equal(served.initContainer, undefined, 'a download that succeeded is not the cause');
    assert.equal(served.logsOf?.container, 'inference-server');
  });

  it('keeps how often an event happened, so repeated probe failures read as a cause', () => {
    const waiting = { name: 'inference-server', image: 'i', ready: false, state: 'waiting' as const, reason: 'CrashLoopBackOff', restartCount: 4, ports: [] };
    const events = [
      { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: Get "http://10.244.2.17:5001/": context deadline exceeded', count: 7 },
      { type: 'Normal', reason: 'Killing', message: 'Container inference-server failed liveness probe, will be restarted', count: 1 },
    ];
    const loop = failureOf(pod({ status: 'CrashLoopBackOff', ready: 0, events, containers: [{ ...waiting, lastTermination: { reason: 'Error', exitCode: 137 } }] }, { state: 'crashloop', exitCode: 137, restartCount: 4 }))!;
    assert.deepEqual(loop.events, [
      'Unhealthy (x7): Liveness probe failed: Get "http://10.244.2.17:5001/": context deadline exceeded',
      'Killing: Container inference-server failed liveness probe, will be restarted',
    ]);
    const [f] = analyze({ events: loop.events, reason: loop.reason, exitCode: loop.exitCode });
    assert.deepEqual([f.code, f.data?.probe, f.data?.count], ['probe-failed', 'liveness', 7]);
  });
});

describe('readiness after a restart', () => {
  it('asks soon, then further apart, about five minutes in all: no request a second', () => {
    const total = READINESS_DELAYS_MS.reduce((a, b) => a + b, 0);
    assert.ok(READINESS_DELAYS_MS[0] <= 500, 'the first look is quick');
    assert.ok(READINESS_DELAYS_MS.length <= 20, `${READINESS_DELAYS_MS.length} requests`);
    assert.ok(total >= 4.5 * 60000 && total <= 5.5 * 60000, `${total} ms`);
    assert.ok(READINESS_DELAYS_MS.every((d, i) => i === 0 || d >= READINESS_DELAYS_MS[i - 1]), 'never closer together');
  });
  it('lets a HEALTHCHECK say it instead: no request of ours', () => {
    assert.deepEqual(healthCheckOf(docker({ health: 'starting', scoringPort: { containerPort: 5001, hostIp: '0.0.0.0', hostPort: 8890 } })), { kind: 'docker-health', status: 'starting' });
  });
});

describe('healthCheckOf', () => {
  it('probes GET / on the published scoring port, else waits for a stable run; pods need every container ready', () => {
    assert.deepEqual(healthCheckOf(docker({ scoringPort: { containerPort: 5001, hostIp: '0.0.0.0', hostPort: 8890 } })), { kind: 'http', url: 'http://127.0.0.1:8890/' });
    assert.deepEqual(healthCheckOf(docker()), { kind: 'stable', sinceMs: Date.parse('2026-11-23T10:00:00Z') });
    assert.equal(healthCheckOf(docker({ state: 'exited', exitCode: 1 })), undefined);
    assert.deepEqual(healthCheckOf(pod({})), { kind: 'ready' });
    assert.equal(healthCheckOf(pod({ ready: 0 })), undefined);
  });
});
