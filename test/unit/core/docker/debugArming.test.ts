// Whether the debug bootstrap armed the server, read from the container's
// output as it arrives.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArmingWatch, armingProblem } from '../../../../src/core/docker/debugArming';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../../../test/fixtures/logs', name), 'utf8');
const PROGRAMS = ['azmlinfsrv', 'azureml_inference_server_http', 'gunicorn'];

// The start of a real debug container's output on the replica (runtime banner, then the bootstrap's line).
const ARMED_RUN = [
  '2026-11-29T18:41:25,001+00:00 - gunicorn/run ###############################################',
  '2026-11-29T18:41:25,002+00:00 - gunicorn/run AzureML Container Runtime Information',
  'Werkzeug==3.1.3',
  '2026-11-29T18:41:25,465+00:00 - gunicorn/run Starting AzureML Inference Server HTTP.',
  'azureml-debug: debugpy 1.8.12 (carried by the extension) listens on 0.0.0.0:5678, waiting for the debugger before the server starts',
  'Azure ML Inferencing HTTP server v1.5.1',
].join('\n');

describe('debug arming: read from the container output', () => {
  it('is armed by the bootstrap\'s own line, even split across chunks, and stays so when the server then serves', () => {
    const watch = new ArmingWatch();
    const cut = ARMED_RUN.indexOf('(carried');
    watch.feed(ARMED_RUN.slice(0, cut));
    assert.equal(watch.state.state, 'pending', 'half a line decides nothing');
    watch.feed(`${ARMED_RUN.slice(cut)}\n`);
    assert.deepEqual(watch.state, { state: 'armed', origin: 'carried by the extension' });
    assert.equal(armingProblem(watch.state, PROGRAMS), undefined);
  });

  it('is pending through the start script\'s banner and pip freeze', () => {
    const watch = new ArmingWatch();
    watch.feed(`${ARMED_RUN.split('\n').slice(0, 4).join('\n')}\n`);
    assert.equal(watch.state.state, 'pending');
  });

  it('is unarmed when the real server serves before any line of ours (a healthy service\'s log)', () => {
    const watch = new ArmingWatch();
    watch.feed(fixture('docker-healthy-sample.log'));
    assert.equal(watch.state.state, 'unarmed');
    const message = armingProblem(watch.state, PROGRAMS)!;
    assert.match(message, /started without the debugger: it is not run by azmlinfsrv, azureml_inference_server_http, gunicorn/);
    assert.match(message, /it printed "(Azure ML Inferencing HTTP server v1\.5\.1|.*Listening at: http.*|.*Booting worker.*)"/);
  });

  it('reads a plain gunicorn\'s "[INFO] Listening at:" with Docker\'s timestamps too', () => {
    const watch = new ArmingWatch();
    watch.feed('2026-11-29T18:00:00.123456789Z [2026-11-29 18:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:5001 (1)\n');
    assert.equal(watch.state.state, 'unarmed');
  });

  it('knows the start lines of the other Python servers an image may run instead', () => {
    for (const line of [
      'INFO:     Uvicorn running on http://0.0.0.0:5001 (Press CTRL+C to quit)',
      ' * Running on http://127.0.0.1:5001',
      'INFO:waitress:Serving on http://0.0.0.0:5001',
    ]) {
      const watch = new ArmingWatch();
      watch.feed(`${line}\n`);
      assert.equal(watch.state.state, 'unarmed', line);
    }
  });

  it('fails with the bootstrap\'s reason, and says how when neither the image nor the extension has debugpy', () => {
    const watch = new ArmingWatch();
    watch.feed("azureml-debug: the debugger could not start: ImportError('the image has no debugpy and the extension carries none')\n");
    assert.equal(watch.state.state, 'failed');
    assert.match(armingProblem(watch.state, PROGRAMS)!, /add the pip package 'debugpy' to the environment's conda file, or rebuild the extension/);
    const other = new ArmingWatch();
    other.feed("azureml-debug: the debugger could not start: OSError(98, 'Address already in use')\n");
    assert.equal(armingProblem(other.state, PROGRAMS), "debugpy could not start in the container: OSError(98, 'Address already in use')");
  });

  it('keeps memory bounded on output with no line ends', () => {
    const watch = new ArmingWatch();
    for (let i = 0; i < 100; i++) watch.feed('x'.repeat(10000));
    watch.feed('\nazureml-debug: debugpy 1.8.12 (from the image) listens on 0.0.0.0:5678, waiting\n');
    assert.equal(watch.state.state, 'armed');
  });
});
