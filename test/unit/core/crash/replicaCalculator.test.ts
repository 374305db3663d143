// The seeds' replica formula for HTTP 503 bursts, its input checks, and the
// configuration plan the quick fix writes from it.
import * as assert from 'node:assert/strict';
import { minReplicasFor, replicaPlan, utilizationPercent } from '../../../../src/core/crash/replicaCalculator';

describe('replicaCalculator', () => {
  it('gives the seeds\' example: 20 rps x 10 s / 0.7 / 1 per container = 286 replicas', () => {
    const r = minReplicasFor({ targetRps: 20, requestSeconds: 10, targetUtilization: 0.7, maxConcurrentPerContainer: 1 });
    assert.ok(r.ok);
    assert.equal(r.minReplicas, 286);
    assert.ok(Math.abs(r.concurrentRequests - 285.714) < 0.001);
  });

  it('reads utilisation as a fraction or a percentage alike', () => {
    const a = minReplicasFor({ targetRps: 20, requestSeconds: 10, targetUtilization: 0.7 });
    const b = minReplicasFor({ targetRps: 20, requestSeconds: 10, targetUtilization: 70 });
    assert.deepEqual(a, b);
    assert.equal(utilizationPercent(1), 100);
    assert.equal(utilizationPercent(0.3), 30);
    assert.equal(utilizationPercent(101), undefined);
    assert.equal(utilizationPercent(0), undefined);
  });

  it('divides by the concurrent requests one container takes', () => {
    const r = minReplicasFor({ targetRps: 20, requestSeconds: 10, targetUtilization: 70, maxConcurrentPerContainer: 4 });
    assert.ok(r.ok);
    assert.equal(r.minReplicas, 72); // ceil(285.71 / 4)
  });

  it('does not round up floating-point noise (7 x 1 / 0.7 is exactly 10)', () => {
    const r = minReplicasFor({ targetRps: 7, requestSeconds: 1, targetUtilization: 0.7 });
    assert.ok(r.ok);
    assert.equal(r.minReplicas, 10);
  });

  it('never asks for fewer than one replica', () => {
    const r = minReplicasFor({ targetRps: 0.01, requestSeconds: 0.05, targetUtilization: 70 });
    assert.ok(r.ok);
    assert.equal(r.minReplicas, 1);
  });

  it('refuses inputs the formula cannot use', () => {
    for (const bad of [
      { targetRps: 0, requestSeconds: 1, targetUtilization: 70 },
      { targetRps: 5, requestSeconds: -1, targetUtilization: 70 },
      { targetRps: 5, requestSeconds: 1, targetUtilization: 150 },
      { targetRps: 5, requestSeconds: 1, targetUtilization: 70, maxConcurrentPerContainer: 0 },
      { targetRps: Number.NaN, requestSeconds: 1, targetUtilization: 70 },
    ]) {
      const r = minReplicasFor(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
      assert.ok(!r.ok && r.error.length > 0);
    }
  });

  it('plans minReplicas and targetUtilization, raising maxReplicas only when it is too low', () => {
    assert.deepEqual(replicaPlan({ minReplicas: 4, utilizationPercent: 70 }, 10), { minReplicas: 4, targetUtilization: 70 });
    assert.deepEqual(replicaPlan({ minReplicas: 12, utilizationPercent: 30 }, 10), { minReplicas: 12, targetUtilization: 30, maxReplicas: 12 });
    assert.deepEqual(replicaPlan({ minReplicas: 3, utilizationPercent: 70 }), { minReplicas: 3, targetUtilization: 70 });
  });
});
