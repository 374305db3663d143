// The problem store: one change event per real change, cleared services
// forgotten.
import * as assert from 'node:assert/strict';
import { ProblemStore, type ProblemChange } from '../../../../src/core/crash/problemStore';

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
