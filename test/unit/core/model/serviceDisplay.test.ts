// How services and connections read in the tree.
import * as assert from 'node:assert/strict';
import { containerRecord } from '../../../../src/core/docker/dockerRecords';
import { serviceDisplay, connectionDisplay, maskedDisplay, shortDuration } from '../../../../src/core/model/serviceDisplay';
import { containerDisplay, eventDisplay, podDisplay } from '../../../../src/core/kubernetes/display';
import { eventInfos, podRecord } from '../../../../src/core/kubernetes/records';
import type { KubePodDetails } from '../../../../src/core/model/kubeDetails';
import type { ServiceRecord } from '../../../../src/core/model/serviceRecord';
import { pod } from '../kubernetes/kubePod';
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
  it('masks the secrets the runtime\'s words carry into the tree, and nothing else', () => {
    const sas = 'https://ws.blob.core.windows.net/models/m.pkl?sv=2022-11-02&sig=AbCdEf123%3D';
    const events = eventInfos([{ reason: 'Failed', type: 'Warning', message: `download of ${sas} refused`, lastTimestamp: '2026-11-23T10:00:01Z' }]);
    const terminated = { terminated: { exitCode: 1, reason: 'Error', message: 'export AZURE_CLIENT_SECRET=cl1ent~secret' } };
    const p = pod({ phase: 'Running', containerStatuses: [{ name: 'svc', image: 'img:1', ready: false, restartCount: 1, state: terminated }] });
    const record = podRecord('kubernetes:c', p, events, 'azureml') as ServiceRecord & { kubernetes: KubePodDetails };
    const container = record.kubernetes.containers[0];
    const displays = [
      podDisplay(record, 0),
      eventDisplay(record.kubernetes.events[0], 0),
      containerDisplay(container),
      connectionDisplay({ id: 'k', kind: 'kubernetes', label: 'aks', status: 'unreachable', reason: 'exec plugin said: Authorization: Bearer 0pen.sesame.token' }),
    ];
    const raw = JSON.stringify(displays);
    const text = JSON.stringify(displays.map(maskedDisplay));
    for (const secret of ['AbCdEf123', 'cl1ent', '0pen.sesame']) {
      assert.ok(raw.includes(secret), `the display carries ${secret}: the tree needs the masking`);
      assert.ok(!text.includes(secret), secret);
    }
    assert.ok(text.includes('sig=********') && text.includes('AZURE_CLIENT_SECRET=********') && text.includes('Bearer ********'), text);
    const plain = serviceDisplay(containerRecord(inspect(), 'docker', none)!, 0);
    assert.deepEqual(maskedDisplay(plain), plain);
  });
  it('formats durations', () => {
    assert.deepEqual([shortDuration(5000), shortDuration(61000), shortDuration(3_780_000), shortDuration(90_000_000)], ['5s', '1m', '1h 3m', '1d 1h']);
  });
});
