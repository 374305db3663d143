// The values the crash quick fixes write: memory, scoring timeout, and a
// request lowered to what the largest node can give.
import * as assert from 'node:assert/strict';
import { loweredRequest, raisedMemoryGb, raisedRequestTimeoutMs, raisedTimeoutMs } from '../../../../src/core/crash/crashFixes';

describe('quick fix values', () => {
  it('doubles memory (default 0.5 GB, at least 1) and the scoring timeout (default one minute)', () => {
    assert.equal(raisedMemoryGb(undefined), 1);
    assert.equal(raisedMemoryGb(1.5), 3);
    assert.equal(raisedMemoryGb('0.7'), 1.4);
    assert.equal(raisedTimeoutMs(undefined), 120000);
    assert.equal(raisedTimeoutMs(90000), 180000);
    assert.equal(raisedTimeoutMs(undefined, 5000), 10000);
  });
  it('doubles request_timeout_ms after a 408 (default 5000), to Azure\'s 180000 and no further', () => {
    assert.equal(raisedRequestTimeoutMs(undefined), 10000);
    assert.equal(raisedRequestTimeoutMs(5000, 5000), 10000);
    assert.equal(raisedRequestTimeoutMs('2500'), 5000);
    assert.equal(raisedRequestTimeoutMs(120000), 180000);
    assert.equal(raisedRequestTimeoutMs(180000), undefined, 'at the ceiling only a faster run() helps');
  });
  it('lowers a request to what the largest node can give, and only when that is lower', () => {
    const nodes = [{ cpu: '1900m', memory: '7097656Ki' }, { cpu: '3', memory: '3Gi' }];
    assert.deepEqual(loweredRequest({ data: { resource: 'cpu' } }, nodes, 4), { setting: 'cpu', value: 3 });
    assert.deepEqual(loweredRequest({ data: { resource: 'nvidia.com/gpu' } }, nodes, 1), { setting: 'gpu', value: 0 });
    assert.equal(loweredRequest({ data: { resource: 'cpu' } }, nodes, 2), undefined, '3 cores is no lower than 2');
    assert.equal(loweredRequest({ data: { resource: 'cpu' } }, [], 4), undefined);
  });
});
