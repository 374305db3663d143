// Level and traceback reading of single lines, on the exact shapes Azure ML
// inference containers write (v1 server, azmlinfsrv, gunicorn, logging's
// default), and the ring and time keys the log buffer rests on.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { levelOf } from '../../src/core/logs/logLevels';
import { parseFrame, TracebackTracker } from '../../src/core/logs/tracebackLines';
import { Ring } from '../../src/core/logs/ring';
import { timeKey } from '../../src/core/logs/logTime';
import { toDockerSince } from '../../src/core/logs/logSource';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'logpanel');

describe('logLevels.levelOf', () => {
  it('reads the v1 server shape', () => {
    assert.equal(levelOf("2022-09-21 13:13:48,238 | root | INFO | Invoking user's init function"), 'info');
    assert.equal(levelOf("2026-11-23 18:37:45,091 | root | ERROR | User's init function failed"), 'error');
    assert.equal(levelOf('2026-11-23 18:37:45,091 | azureml.x | WARNING | slow'), 'warning');
    assert.equal(levelOf('2026-11-23 18:37:45,091 | root | DEBUG | x'), 'debug');
    assert.equal(levelOf('2026-11-23 18:37:45,091 | root | CRITICAL | x'), 'critical');
  });

  it('reads the azmlinfsrv one-letter shape', () => {
    assert.equal(levelOf("2023-03-24 14:31:29,610 E [69] azmlinfsrv - User's init function failed"), 'error');
    assert.equal(levelOf('2023-03-24 14:31:29,613 W [69] azmlinfsrv - Model Directory Contents:'), 'warning');
    assert.equal(levelOf('2023-03-24 14:31:25,101 I [1] azmlinfsrv - Starting'), 'info');
    assert.equal(levelOf('2023-03-24 14:31:29,614 D [69] azmlinfsrv.print - x'), 'debug');
  });

  it('reads gunicorn and logging.basicConfig shapes', () => {
    assert.equal(levelOf('[2026-11-23 18:37:44 +0000] [1] [INFO] Starting gunicorn 20.1.0'), 'info');
    assert.equal(levelOf('[2026-11-23 18:37:44 +0000] [7] [ERROR] Exception in worker process'), 'error');
    assert.equal(levelOf('[2026-11-23 18:37:44 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:9)'), 'critical');
    assert.equal(levelOf('WARNING:root:model is old'), 'warning');
  });

  it('gives no level to prints, traceback lines and runit lines', () => {
    assert.equal(levelOf('Model loaded from /var/azureml-app/model/model.json'), undefined);
    assert.equal(levelOf('  File "/var/azureml-app/score.py", line 16, in init'), undefined);
    assert.equal(levelOf('ValueError: weights are not normalised'), undefined);
    assert.equal(levelOf('2020-11-19T23:58:11,811467402+00:00 - gunicorn/finish 3 0'), undefined);
    assert.equal(levelOf('2026-11-29T15:45:19,350473570+00:00 - Exit code 3 is not normal. Killing image.'), 'error');
    // nginx in front of the server, from test/fixtures/logs/docker-healthy-sample.log (a health check before the server listens).
    assert.equal(levelOf('2026/11/29 15:42:56 [error] 18#18: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 172.17.0.1'), 'error');
    assert.equal(levelOf(''), undefined);
  });
});

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

describe('Ring', () => {
  it('keeps the newest `capacity` items with absolute indexes', () => {
    const r = new Ring<number>(3);
    for (let i = 0; i < 10; i++) r.push(i);
    assert.equal(r.length, 3);
    assert.equal(r.firstIndex, 7);
    assert.equal(r.endIndex, 10);
    assert.deepEqual(r.since(0), [7, 8, 9]);
    assert.deepEqual(r.since(9), [9]);
    assert.equal(r.at(6), undefined);
    assert.equal(r.at(8), 8);
  });

  it('inserts in the middle, dropping the oldest when full', () => {
    const r = new Ring<string>(4);
    for (const s of ['a', 'b', 'c']) r.push(s);
    r.insertBefore(1, 'X');
    assert.deepEqual(r.since(0), ['a', 'X', 'b', 'c']);
    r.insertBefore(3, 'Y');
    assert.deepEqual(r.since(r.firstIndex), ['X', 'b', 'Y', 'c']);
    assert.equal(r.endIndex, 5);
    assert.throws(() => new Ring(0), RangeError);
  });
});

describe('log time keys', () => {
  it('orders fixed, short and offset times as time', () => {
    assert.equal(timeKey('2026-11-23T18:37:45.091018611Z'), '2026-11-23T18:37:45.091018611Z');
    assert.equal(timeKey('2026-11-23T18:37:45.09Z'), '2026-11-23T18:37:45.090000000Z');
    assert.equal(timeKey('2026-11-23T18:37:45Z'), '2026-11-23T18:37:45.000000000Z');
    assert.equal(timeKey('2026-11-23T19:37:45.5+01:00'), '2026-11-23T18:37:45.500000000Z');
    assert.ok(timeKey('2026-11-23T18:37:45.09Z') < timeKey('2026-11-23T18:37:45.091Z'));
  });

  it('converts to Docker `since` keeping nanoseconds', () => {
    assert.equal(toDockerSince('2026-11-23T18:37:45.091018611Z'), `${Date.UTC(2026, 10, 23, 18, 37, 45) / 1000}.091018611`);
    assert.equal(toDockerSince('1970-01-01T00:00:01Z'), '1.000000000');
    assert.equal(toDockerSince('yesterday'), undefined);
  });
});
