// Pure parts of the Docker side: engine address resolution, container
// classification from inspect JSON, event application, tree wording, and the
// service model's change events.
import * as assert from 'node:assert/strict';
import { resolveDockerAddress } from '../../../src/core/docker/dockerHost';
import { containerRecord, publishedPorts, type ContainerInspect } from '../../../src/core/docker/dockerRecords';
import { applyEvent, describeDockerError, lifecycleEvent } from '../../../src/core/docker/dockerEvents';
import { serviceDisplay, connectionDisplay, shortDuration } from '../../../src/core/model/serviceDisplay';
import { ServiceModel, type ModelChange } from '../../../src/core/model/serviceModel';

const none = { pinned: new Set<string>(), showAll: false };

function inspect(over: Partial<ContainerInspect> & { state?: ContainerInspect['State'] } = {}): ContainerInspect {
  return {
    Id: 'abc123abc123abc123',
    Name: '/svc',
    RestartCount: 0,
    State: over.state ?? { Status: 'running', Running: true, StartedAt: '2026-11-23T10:00:00.5Z', FinishedAt: '0001-01-01T00:00:00Z', ExitCode: 0 },
    Config: { Image: 'azureml-debug/inference:latest', Labels: {}, Env: [] },
    Mounts: [{ Type: 'bind', Source: '/home/u/app', Destination: '/var/azureml-app' }],
    NetworkSettings: { Ports: { '5001/tcp': [{ HostIp: '127.0.0.1', HostPort: '8890' }], '5678/tcp': [{ HostIp: '127.0.0.1', HostPort: '5679' }] } },
    ...over,
  };
}

describe('resolveDockerAddress', () => {
  it('defaults to the standard socket', () => {
    assert.deepEqual(resolveDockerAddress('', undefined), { socketPath: '/var/run/docker.sock', label: 'unix:///var/run/docker.sock' });
  });
  it('prefers the setting over DOCKER_HOST', () => {
    assert.equal(resolveDockerAddress('unix:///tmp/d.sock', 'tcp://h:1').socketPath, '/tmp/d.sock');
    assert.deepEqual(resolveDockerAddress(undefined, 'tcp://10.0.0.5:2376'), { host: '10.0.0.5', port: 2376, protocol: 'http', label: 'tcp://10.0.0.5:2376' });
  });
  it('gives tcp:// its default port and https its TLS port', () => {
    assert.equal(resolveDockerAddress('tcp://docker', undefined).port, 2375);
    assert.equal(resolveDockerAddress('https://docker', undefined).port, 2376);
  });
  it('explains what it does not understand', () => {
    assert.throws(() => resolveDockerAddress('ssh://me@box', undefined), /not understood: use unix:\/\//);
    assert.throws(() => resolveDockerAddress('unix://', undefined), /names no socket path/);
  });
});

describe('containerRecord', () => {
  it('reads state, ports, app folder and why it is listed', () => {
    const r = containerRecord(inspect(), 'docker', none)!;
    assert.equal(r.state, 'running');
    assert.equal(r.scoringPort?.hostPort, 8890);
    assert.equal(r.debugPort?.hostPort, 5679);
    assert.equal(r.appSource, '/home/u/app');
    assert.equal(r.reason, 'azureml');
    assert.equal(r.finishedAt, undefined, 'the zero time means never');
    assert.equal(r.exitCode, undefined, 'a running container has no exit code');
  });
  it('classifies exited, OOM killed, restarting and created', () => {
    assert.equal(containerRecord(inspect({ state: { Status: 'exited', ExitCode: 3 } }), 'd', none)?.exitCode, 3);
    assert.equal(containerRecord(inspect({ state: { Status: 'exited', OOMKilled: true, ExitCode: 137 } }), 'd', none)?.state, 'oomkilled');
    assert.equal(containerRecord(inspect({ state: { Status: 'restarting', Restarting: true, Running: true } }), 'd', none)?.state, 'restarting');
    assert.equal(containerRecord(inspect({ state: { Status: 'created' } }), 'd', none)?.state, 'created');
  });
  it('lists the SDK LocalWebservice by its labels and names it after the service', () => {
    const r = containerRecord(inspect({ Mounts: [], Config: { Image: 'myacr/x:1', Labels: { amlIsService: 'True', amlServiceName: 'diabetes' } } }), 'd', none);
    assert.equal(r?.name, 'diabetes');
  });
  it('leaves out an unrelated container unless pinned or "show all"', () => {
    const plain = inspect({ Name: '/redis', Mounts: [], Config: { Image: 'redis:7', Labels: {}, Env: ['PATH=/bin'] } });
    assert.equal(containerRecord(plain, 'd', none), undefined);
    assert.equal(containerRecord(plain, 'd', { pinned: new Set(['redis']), showAll: false })?.reason, 'pinned');
    assert.equal(containerRecord(plain, 'd', { pinned: new Set(), showAll: true })?.reason, 'all');
  });
  it('lists a container by the Azure ML environment contract and by our owner label', () => {
    const env = inspect({ Mounts: [], Config: { Image: 'custom:1', Env: ['AZUREML_ENTRY_SCRIPT=score.py'] } });
    assert.equal(containerRecord(env, 'd', none)?.reason, 'azureml');
    const ours = inspect({ Config: { Image: 'x', Labels: { 'com.azureml-debug.owner': 'debug' } } });
    assert.equal(containerRecord(ours, 'd', none)?.reason, 'ours');
  });
  it('leaves the pod containers of a kubelet to their cluster', () => {
    const pod = inspect({ Name: '/k8s_main_web-1_azureml-ws_uid_0', Config: { Image: 'azureml-debug/inference:latest', Labels: { 'io.kubernetes.pod.name': 'web-1' } } });
    assert.equal(containerRecord(pod, 'd', none), undefined);
    assert.equal(containerRecord(pod, 'd', { pinned: new Set(), showAll: true })?.reason, 'all');
  });
  it('folds the IPv6 twin of a published port', () => {
    const ports = publishedPorts({ '5001/tcp': [{ HostIp: '0.0.0.0', HostPort: '8890' }, { HostIp: '::', HostPort: '8890' }] });
    assert.equal(ports.length, 1);
  });
});

describe('Docker events', () => {
  const rec = containerRecord(inspect({ state: { Status: 'created' } }), 'd', none)!;
  it('ignores non-lifecycle actions such as exec', () => {
    assert.equal(lifecycleEvent({ Type: 'container', Action: 'exec_start: sh', Actor: { ID: 'x' } }), undefined);
    assert.deepEqual(lifecycleEvent({ Type: 'container', Action: 'die', Actor: { ID: 'x' } }), { id: 'x', action: 'die' });
    assert.equal(lifecycleEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'x' } }), undefined);
  });
  it('applies start, die with the exit code, and oom before die', () => {
    const started = applyEvent(rec, { timeNano: 1_700_000_000_000_000_000 }, 'start');
    assert.equal(started.state, 'running');
    const died = applyEvent(started, { Actor: { Attributes: { exitCode: '3' } } }, 'die');
    assert.deepEqual([died.state, died.exitCode], ['exited', 3]);
    const oom = applyEvent(applyEvent(started, {}, 'oom'), { Actor: { Attributes: { exitCode: '137' } } }, 'die');
    assert.deepEqual([oom.state, oom.exitCode], ['oomkilled', 137]);
  });
  it('returns the same record for an event that changes nothing', () => {
    assert.equal(applyEvent(rec, {}, 'rename'), rec);
  });
  it('explains why the engine cannot be reached', () => {
    assert.equal(describeDockerError({ code: 'ENOENT' }, 'unix:///var/run/docker.sock'), 'no daemon at /var/run/docker.sock');
    assert.match(describeDockerError({ code: 'EACCES' }, 'unix:///var/run/docker.sock'), /permission denied.*docker" group/);
    assert.match(describeDockerError({ code: 'ECONNREFUSED' }, 'tcp://h:2375'), /is dockerd running/);
  });
});

describe('tree wording', () => {
  it('says state, uptime, restarts and ports', () => {
    const r = { ...containerRecord(inspect(), 'docker', none)!, restartCount: 2 };
    const d = serviceDisplay(r, Date.parse('2026-11-23T10:05:01Z'));
    assert.equal(d.description, 'running · up 5m · 2 restarts · :8890 · debug :5679');
    assert.equal(d.contextValue, 'service.docker.running.scoring');
  });
  it('marks a non-zero exit as failed with an error icon', () => {
    const r = containerRecord(inspect({ state: { Status: 'exited', ExitCode: 3 }, NetworkSettings: { Ports: {} } }), 'docker', none)!;
    const d = serviceDisplay(r, 0);
    assert.equal(d.description, 'exited (3)');
    assert.equal(d.contextValue, 'service.docker.failed');
    assert.equal(d.icon, 'error');
  });
  it('puts a known crash cause first, with a problem icon, and keeps menus matching', () => {
    const r = containerRecord(inspect({ state: { Status: 'exited', ExitCode: 3 }, NetworkSettings: { Ports: {} } }), 'docker', none)!;
    const d = serviceDisplay(r, 0, { code: 'init-failed', summary: 'init(): ValueError' });
    assert.equal(d.description, 'init(): ValueError · exited (3)');
    assert.equal(d.icon, 'error');
    assert.equal(d.color, 'problemsErrorIcon.foreground');
    assert.match(d.tooltip[1], /init\(\): ValueError.*init-failed/);
    assert.match(d.contextValue, /^service\.docker\.failed/);
    const running = serviceDisplay(containerRecord(inspect(), 'docker', none)!, Date.parse('2026-11-23T10:05:01Z'), { code: 'run-failed', summary: 'run(): KeyError' });
    assert.equal(running.icon, 'error', 'a running service with a known problem is not shown as passing');
    assert.match(running.contextValue, /^service\.docker\.running.*\.scoring/);
  });
  it('shows an unreachable engine with its reason', () => {
    const d = connectionDisplay({ id: 'docker', kind: 'docker', label: 'unix:///var/run/docker.sock', status: 'unreachable', reason: 'no daemon at /var/run/docker.sock' });
    assert.equal(d.description, 'unreachable: no daemon at /var/run/docker.sock');
    assert.equal(d.contextValue, 'connection.docker.unreachable');
  });
  it('formats durations', () => {
    assert.deepEqual([shortDuration(5000), shortDuration(61000), shortDuration(3_780_000), shortDuration(90_000_000)], ['5s', '1m', '1h 3m', '1d 1h']);
  });
});

describe('ServiceModel', () => {
  it('fires one change per real difference and diffs a re-list', () => {
    const model = new ServiceModel();
    const changes: string[] = [];
    model.onDidChange((c: ModelChange) => changes.push(c.type === 'connection' ? `connection:${c.connection.status}` : c.type === 'connectionRemoved' ? c.type : `${c.type}:${c.service.id}`));
    model.setConnection({ id: 'd', kind: 'docker', label: 'x', status: 'connected' });
    model.setConnection({ id: 'd', kind: 'docker', label: 'x', status: 'connected' });
    const a = containerRecord(inspect({ Id: 'a' }), 'd', none)!;
    const b = containerRecord(inspect({ Id: 'b' }), 'd', none)!;
    model.replaceAll('d', [a, b]);
    model.upsert(a);
    model.upsert({ ...a, state: 'exited' });
    model.replaceAll('d', [b]);
    model.removeConnection('d');
    assert.deepEqual(changes, ['connection:connected', 'added:a', 'added:b', 'updated:a', 'removed:a', 'removed:b', 'connectionRemoved']);
  });
});
