// The level of single lines, on the exact shapes Azure ML inference
// containers write (v1 server, azmlinfsrv, gunicorn, logging's default).
import * as assert from 'node:assert/strict';
import { levelOf, recordPrefix } from '../../../../src/core/logs/logRecord';

describe('logRecord.levelOf', () => {
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

  it('names the writing pid where the prefix does, and how long the prefix is', () => {
    assert.deepEqual(recordPrefix('[2026-11-23 18:37:58 +0000] [12] [INFO] Booting worker with pid: 12'), { length: 40, pid: 12, level: 'info' });
    assert.deepEqual(recordPrefix('2023-05-17 09:12:43,811 I [63] azmlinfsrv.print - hi'), { length: 50, pid: 63, level: 'info' });
    assert.equal(recordPrefix('Model loaded'), undefined);
    assert.equal(recordPrefix('  File "/var/azureml-app/score.py", line 16, in init'), undefined);
  });
});

