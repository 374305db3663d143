// Pure parts of the crash diagnostics: which records are failing and how they
// count as healthy again, Docker log tails merged in write order, where each
// finding goes, the values of the quick fixes, and the problem store.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/crash/crashCauses';
import { failureOf, healthCheckOf } from '../../../src/core/crash/crashEvidence';
import { headline, placementsOf, relativeToApp } from '../../../src/core/crash/crashPlacement';
import { loweredRequest, raisedMemoryGb, raisedTimeoutMs } from '../../../src/core/crash/crashFixes';
import { mergeByTimestamp, splitDockerLogs } from '../../../src/core/logs/dockerLogTail';
import { ProblemStore, type ProblemChange } from '../../../src/core/crash/problemStore';
import type { ServiceRecord } from '../../../src/core/model/serviceRecord';
import type { KubePodDetails } from '../../../src/core/model/kubeDetails';

function docker(over: Partial<ServiceRecord> = {}): ServiceRecord {
  return { id: 'c1', name: 'svc', connectionId: 'docker', kind: 'docker', state: 'running', restartCount: 0, image: 'img', ports: [], labels: {}, reason: 'azureml', startedAt: '2026-11-23T10:00:00Z', ...over };
}

function pod(details: Partial<KubePodDetails>, over: Partial<ServiceRecord> = {}): ServiceRecord {
  const k8s: KubePodDetails = { object: 'pod', namespace: 'ns', name: 'p', app: 'ns/app', phase: 'Running', status: 'Running', ready: 1, total: 1, containers: [], events: [], env: {}, ...details };
  return docker({ id: 'pod/ns/p', name: 'p', connectionId: 'k8s:c', kind: 'kubernetes', k8s, ...over });
}

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
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

describe('Docker log tails', () => {
  it('splits multiplexed frames and merges the streams by timestamp', () => {
    const buf = Buffer.concat([
      frame(1, '2026-11-23T10:00:00.100000000Z boot\n2026-11-23T10:00:00.300000000Z init start\n'),
      frame(2, '2026-11-23T10:00:00.2Z warning\n2026-11-23T10:00:00.400000000Z Traceback (most recent call last):\n'),
      frame(1, '2026-11-23T10:00:00.5Z done\n'),
    ]);
    const split = splitDockerLogs(buf);
    assert.match(split.stderr, /warning/);
    assert.deepEqual(mergeByTimestamp(split).split('\n').map((l) => l.split(' ').slice(1).join(' ')), ['boot', 'warning', 'init start', 'Traceback (most recent call last):', 'done']);
  });
  it('keeps a TTY container\'s raw text and unstamped lines after their predecessor', () => {
    assert.deepEqual(splitDockerLogs(Buffer.from('plain text\n')), { stdout: 'plain text\n', stderr: '' });
    assert.equal(mergeByTimestamp({ stdout: '2026-11-23T10:00:01Z a\ncontinued\n', stderr: '2026-11-23T10:00:00Z b\n' }), '2026-11-23T10:00:00Z b\n2026-11-23T10:00:01Z a\ncontinued');
  });
});

describe('placementsOf', () => {
  it('maps container paths below the app root to relative paths, nothing outside', () => {
    assert.equal(relativeToApp('/var/azureml-app/score.py'), 'score.py');
    assert.equal(relativeToApp('/var/azureml-app/lib/m.py', '/var/azureml-app/'), 'lib/m.py');
    assert.equal(relativeToApp('/usr/lib/python3/x.py'), undefined);
    assert.equal(relativeToApp('/var/azureml-app/../etc/passwd'), undefined);
  });
  it('puts a traceback on its line, a missing package also on the conda file, resources on settings', () => {
    assert.deepEqual(placementsOf({ code: 'init-failed', message: 'x', location: { path: '/var/azureml-app/score.py', line: 16 } }), [{ kind: 'script', relPath: 'score.py', line: 16 }]);
    assert.deepEqual(placementsOf({ code: 'missing-module', message: 'x', location: { path: '/var/azureml-app/score.py', line: 2 }, data: { module: 'sklearn', package: 'scikit-learn' } }).map((p) => p.kind), ['script', 'conda']);
    assert.deepEqual(placementsOf({ code: 'insufficient-resources', message: 'x', data: { resource: 'nvidia.com/gpu' } }), [{ kind: 'settings', settings: ['gpu'] }]);
    assert.deepEqual(placementsOf({ code: 'oom-killed', message: 'x' }), [{ kind: 'settings', settings: ['memoryInGB'] }]);
    assert.deepEqual(placementsOf({ code: 'crash-loop', message: 'x' }), [{ kind: 'none' }]);
  });
  it('heads the tree with the most specific cause', () => {
    assert.equal(headline([{ code: 'crash-loop', message: '' }, { code: 'init-failed', message: '' }])?.code, 'init-failed');
    assert.equal(headline([]), undefined);
  });
});

describe('quick fix values', () => {
  it('doubles memory (default 0.5 GB, at least 1) and the scoring timeout (default one minute)', () => {
    assert.equal(raisedMemoryGb(undefined), 1);
    assert.equal(raisedMemoryGb(1.5), 3);
    assert.equal(raisedMemoryGb('0.7'), 1.4);
    assert.equal(raisedTimeoutMs(undefined), 120000);
    assert.equal(raisedTimeoutMs(90000), 180000);
    assert.equal(raisedTimeoutMs(undefined, 5000), 10000);
  });
  it('lowers a request to what the largest node can give, and only when that is lower', () => {
    const nodes = [{ cpu: '1900m', memory: '7097656Ki' }, { cpu: '3', memory: '3Gi' }];
    assert.deepEqual(loweredRequest({ data: { resource: 'cpu' } }, nodes, 4), { setting: 'cpu', value: 3 });
    assert.deepEqual(loweredRequest({ data: { resource: 'nvidia.com/gpu' } }, nodes, 1), { setting: 'gpu', value: 0 });
    assert.equal(loweredRequest({ data: { resource: 'cpu' } }, nodes, 2), undefined, '3 cores is no lower than 2');
    assert.equal(loweredRequest({ data: { resource: 'cpu' } }, [], 4), undefined);
  });
});

describe('ProblemStore', () => {
  it('fires once per real change and forgets cleared services', () => {
    const store = new ProblemStore();
    const seen: ProblemChange[] = [];
    store.onDidChange((c) => seen.push(c));
    const p = { connectionId: 'docker', serviceId: 'c1', code: 'init-failed', summary: 'init(): ValueError', count: 1 };
    store.set(p);
    store.set({ ...p });
    assert.equal(seen.length, 1);
    assert.equal(store.get('docker', 'c1')?.summary, 'init(): ValueError');
    store.clear('docker', 'c1');
    store.clear('docker', 'c1');
    assert.equal(seen.length, 2);
    assert.equal(seen[1].problem, undefined);
    assert.equal(store.get('docker', 'c1'), undefined);
    assert.deepEqual(store.all(), []);
  });
});
