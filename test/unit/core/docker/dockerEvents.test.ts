// Docker /events messages applied to known service records.
import * as assert from 'node:assert/strict';
import { containerRecord } from '../../../../src/core/docker/dockerRecords';
import { applyEvent, describeDockerError, lifecycleEvent } from '../../../../src/core/docker/dockerEvents';
import { inspect, none } from './containerInspect';

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
  it('applies a HEALTHCHECK verdict from health_status, and only a known one', () => {
    const r = { id: 'c', name: 'c', connectionId: 'd', kind: 'docker' as const, state: 'running' as const, restartCount: 0, image: 'i', ports: [], labels: {}, reason: 'azureml' as const };
    const e = (Action: string) => ({ Type: 'container', Action, Actor: { ID: 'c' } });
    assert.equal(lifecycleEvent(e('health_status: healthy'))?.action, 'health_status');
    assert.equal(applyEvent(r, e('health_status: healthy'), 'health_status').health, 'healthy');
    assert.equal(applyEvent({ ...r, health: 'healthy' }, e('health_status: unhealthy'), 'health_status').health, 'unhealthy');
    assert.equal(applyEvent(r, e('health_status: sideways'), 'health_status'), r);
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
