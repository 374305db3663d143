// The service model's change events.
import * as assert from 'node:assert/strict';
import { containerRecord } from '../../../../src/core/docker/dockerRecords';
import { ServiceModel, type ModelChange } from '../../../../src/core/model/serviceModel';
import { inspect, none } from '../docker/containerInspect';

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
