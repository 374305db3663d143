// How services and connections read in the tree.
import * as assert from 'node:assert/strict';
import { containerRecord } from '../../../../src/core/docker/dockerRecords';
import { serviceDisplay, connectionDisplay, shortDuration } from '../../../../src/core/model/serviceDisplay';
import { inspect, none } from '../docker/containerInspect';

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
