// Kubernetes quantities and the largest request a node can take, in the
// units deploymentconfig.json uses.
import * as assert from 'node:assert/strict';
import { largestFit, parseQuantity, settingForResource } from '../../../../src/core/crash/resourceFit';

describe('resourceFit', () => {
  it('parses Kubernetes quantities', () => {
    assert.equal(parseQuantity('1900m'), 1.9);
    assert.equal(parseQuantity('2'), 2);
    assert.equal(parseQuantity('7097656Ki'), 7097656 * 1024);
    assert.equal(parseQuantity('3.5Gi'), 3.5 * 2 ** 30);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('500M'), 5e8);
    assert.equal(parseQuantity('12 cores'), undefined);
    assert.equal(parseQuantity(''), undefined);
  });

  it('maps scheduler resources to settings', () => {
    assert.equal(settingForResource('cpu'), 'cpu');
    assert.equal(settingForResource('memory'), 'memoryInGB');
    assert.equal(settingForResource('nvidia.com/gpu'), 'gpu');
    assert.equal(settingForResource('ephemeral-storage'), undefined);
  });

  it('offers the largest node\'s amount, rounded down', () => {
    const nodes = [
      { cpu: '1900m', memory: '5123456Ki' },
      { cpu: '3860m', memory: '12345678Ki', 'nvidia.com/gpu': '1' },
      { cpu: '300m', memory: '1Gi' },
    ];
    assert.deepEqual(largestFit('cpu', nodes), { setting: 'cpu', value: 3.8 });
    assert.deepEqual(largestFit('memory', nodes), { setting: 'memoryInGB', value: 11.7 });
    assert.deepEqual(largestFit('nvidia.com/gpu', nodes), { setting: 'gpu', value: 1 });
    assert.deepEqual(largestFit('cpu', [{ cpu: '300m' }]), { setting: 'cpu', value: 0.3 });
  });

  it('offers zero when no node has the resource, nothing when there are no nodes', () => {
    assert.deepEqual(largestFit('nvidia.com/gpu', [{ cpu: '2' }, { cpu: '4' }]), { setting: 'gpu', value: 0 });
    assert.equal(largestFit('cpu', []), undefined);
    assert.equal(largestFit('pods', [{ pods: '110' }]), undefined);
  });
});
