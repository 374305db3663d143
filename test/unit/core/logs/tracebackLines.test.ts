// Python tracebacks set apart line by line, and their frames read, on real
// inference-server output (test/fixtures/logpanel).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { levelOf } from '../../../../src/core/logs/logRecord';
import { parseFrame, TracebackTracker } from '../../../../src/core/logs/tracebackLines';

const fixtures = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'logpanel');

describe('tracebackLines', () => {
  it('parses a frame and the span to link', () => {
    const text = '  File "/var/azureml-app/score.py", line 16, in init';
    const f = parseFrame(text);
    assert.ok(f);
    assert.equal(f.path, '/var/azureml-app/score.py');
    assert.equal(f.line, 16);
    assert.equal(f.func, 'init');
    assert.equal(text.slice(f.start, f.end), '"/var/azureml-app/score.py", line 16');
    assert.equal(parseFrame('File "/x.py", line 1'), undefined, 'a frame line is indented');
  });

  it('follows the chained azmlinfsrv traceback line by line', () => {
    // Real `docker logs` stdout of the init-raises app in the minimal inference image.
    const lines = fs.readFileSync(path.join(fixtures, 'azmlinfsrv-init-fails.txt'), 'utf8').split('\n').slice(0, -1);
    const t = new TracebackTracker();
    const roles = lines.map((l) => t.next(l, levelOf(l) !== undefined).role ?? '-');
    const from = lines.findIndex((l) => l.includes('Error while fetching model IDs'));
    assert.deepEqual(roles.slice(from, from + 29), [
      '-',
      // The server's own traceback; Python 3.13 puts a line of carets under the source line.
      'start', 'frame', 'code', 'code', 'exception',
      '-', '-', '-', '-',
      // The user's init() failure, chained to the server's UserScriptException.
      'start', 'frame', 'code', 'code', 'frame', 'code', 'exception',
      '-', 'chain', '-',
      'start', 'frame', 'code', 'code', 'frame', 'code', 'exception',
      '-', '-',
    ]);
    assert.match(lines[from + 10], /E \[\d+\] azmlinfsrv - Encountered Exception Traceback/);
    assert.ok(roles.every((r, i) => r === '-' || (i > from && i < from + 29)), 'no traceback role outside those two');
  });

  it('ends an unfinished traceback at the next log record', () => {
    const t = new TracebackTracker();
    assert.equal(t.next('Traceback (most recent call last):', false).role, 'start');
    assert.equal(t.next('  File "/a.py", line 1, in f', false).role, 'frame');
    assert.equal(t.next('[2026-11-23 18:37:45 +0000] [7] [INFO] Worker exiting (pid: 7)', true).role, undefined);
    assert.equal(t.next('ValueError: late', false).role, undefined);
  });
});
