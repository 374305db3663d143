// Evidence no container should write, which any can (issue 17): the analysis
// reads a bounded part of it (the most recent output, each line up to a
// length, the most recent events), and the parsers beside it give the same
// answers on long runs of digits, brackets and capitals as on short ones.
import * as assert from 'node:assert/strict';
import { analyze, maxAnalyzedChars, maxAnalyzedLineLength, maxAnalyzedLines } from '../../../../src/core/crash/crashCauses';
import { containerVerdict } from '../../../../src/core/crash/containerState';
import { nodeSizeNeeded, resourceShortages } from '../../../../src/core/crash/schedulingEvents';
import { constraintOf } from '../../../../src/core/deploy/deployEnvironment';
import { camelToSnake } from '../../../../src/core/deploy/onlineSchema';
import { logLines } from '../../../../src/core/logs/logicalLines';

const traceback = [
  'Traceback (most recent call last):',
  '  File "/var/azureml-app/score.py", line 3, in init',
  '    import sklearn',
  "ModuleNotFoundError: No module named 'sklearn'",
  '',
].join('\n');
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('crash analysis on hostile evidence', () => {
  it(`reads the first ${maxAnalyzedLineLength} characters of a line, and no more`, () => {
    const long = 'x'.repeat(1_000_000);
    assert.deepEqual(codes(analyze({ logs: `${long} CrashLoopBackOff\n` })), []);
    assert.deepEqual(codes(analyze({ logs: `${'x'.repeat(maxAnalyzedLineLength - 17)} CrashLoopBackOff\n` })), ['crash-loop']);
    const [found] = analyze({ logs: `Back-off CrashLoopBackOff ${long}` });
    assert.equal(found.code, 'crash-loop');
    assert.equal(found.detail?.length, maxAnalyzedLineLength);
    // Lines handed in by the log side are cut the same way.
    assert.deepEqual(codes(analyze({ lines: logLines(`${long} CrashLoopBackOff`) })), []);
  });

  it(`reads the most recent ${maxAnalyzedChars / 1024 / 1024} MB of output, and the most recent 1000 events`, () => {
    const noise = 'INFO noise of the server\n'.repeat(Math.ceil((maxAnalyzedChars + 1024) / 25));
    assert.deepEqual(codes(analyze({ logs: traceback + noise })), []);
    assert.deepEqual(codes(analyze({ logs: noise + traceback })), ['missing-module']);
    assert.deepEqual(codes(analyze({ lines: logLines(traceback + noise) })), []);
    assert.deepEqual(codes(analyze({ lines: logLines(noise + traceback) })), ['missing-module']);
    const quiet = Array.from({ length: 1000 }, (_, i) => `Normal Pulling pulling image ${i}`);
    assert.deepEqual(codes(analyze({ events: ['Warning BackOff Back-off restarting failed container', ...quiet] })), []);
    assert.deepEqual(codes(analyze({ events: ['Warning BackOff Back-off restarting failed container', ...quiet.slice(1)] })), ['crash-loop']);
  });

  it(`reads the most recent ${maxAnalyzedLines} lines however short they are, a \\r\\n ending one line`, () => {
    // 4 MB of empty lines were 4 million lines: seconds of work.
    for (const eol of ['\n', '\r\n', '\r']) {
      const tb = traceback.replace(/\n/g, eol);
      const filler = (n: number) => `x${eol}`.repeat(n);
      assert.deepEqual(codes(analyze({ logs: tb + filler(maxAnalyzedLines - 10) })), ['missing-module'], JSON.stringify(eol));
      assert.deepEqual(codes(analyze({ logs: tb + filler(maxAnalyzedLines) })), [], JSON.stringify(eol));
    }
    assert.deepEqual(codes(analyze({ lines: logLines(traceback + 'x\n'.repeat(maxAnalyzedLines)) })), []);
  });

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
