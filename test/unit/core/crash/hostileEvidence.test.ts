// Evidence no container should write, which any can (issue 17): the parsers
// beside the analysis give the same answers on long runs of digits, brackets
// and capitals as on short ones.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../../src/core/crash/crashCauses';
import { containerVerdict } from '../../../../src/core/crash/containerState';
import { nodeSizeNeeded, resourceShortages } from '../../../../src/core/crash/schedulingEvents';
import { constraintOf } from '../../../../src/core/deploy/deployEnvironment';
import { camelToSnake } from '../../../../src/core/deploy/onlineSchema';

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('crash analysis on hostile evidence', () => {
  it('answers long runs of digits, brackets and capitals as it answers short ones', () => {
    // Each of these searched from every character of the run and took minutes on 1 MB.
    const digits = '1'.repeat(1_000_000);
    assert.deepEqual(resourceShortages(`${digits}/3 nodes are available: 3 Insufficient cpu.`), [{ resource: 'cpu', nodesLacking: 3, nodesTotal: 3 }]);
    assert.deepEqual(resourceShortages('0/4 nodes are available: 3 Insufficient cpu.'), [{ resource: 'cpu', nodesLacking: 3, nodesTotal: 4 }]);
    assert.equal(nodeSizeNeeded(digits), undefined);
    assert.equal(nodeSizeNeeded('12 replicas unschedulable. Please add more node(s) with SKU more than 1.1 CPU Cores and 2.6GB Memory')?.replicas, 12);
    assert.deepEqual(codes(analyze({ logs: digits, events: [digits], reason: digits, httpBody: digits })), []);
    assert.equal(constraintOf(`numpy${'['.repeat(1_000_000)}`, 'numpy'), '['.repeat(1_000_000));
    assert.equal(constraintOf('requests[socks]>=2', 'requests'), '>=2');
    assert.equal(camelToSnake(`${'A'.repeat(1_000_000)}b`), `${'a'.repeat(999_999)}_ab`);
    assert.equal(camelToSnake('AMLToken'), 'aml_token');
    assert.equal(containerVerdict({ logs: `${'x'.repeat(1_000_000)}\nCrashLoopBackOff here\n` }).crashLoop, 'CrashLoopBackOff here');
  });

  it('still reads a pulled image after a failed pull, and not from a line that only mentions pulling', () => {
    const failed = 'Failed to pull image "r.io/app:1": rpc error: unauthorized';
    assert.equal(containerVerdict({ events: [failed, 'Normal Pulled Container image "r.io/app:1" already present on machine'] }).imagePull, undefined);
    assert.equal(containerVerdict({ events: [failed, 'Normal Pulled Successfully pulled image "r.io/app:1" in 2s'] }).imagePull, undefined);
    assert.ok(containerVerdict({ events: [failed, 'Pulled\nimage already present'] }).imagePull, 'the three words must share a line');
    assert.ok(containerVerdict({ events: [failed, `Pulled ${'Pulled imagery '.repeat(50_000)}`] }).imagePull);
  });
});
