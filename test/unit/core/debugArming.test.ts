// Whether the debug bootstrap armed the server, read from the container's
// output, and how a debug container ended (the server's code behind runit's).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArmingWatch, armingProblem } from '../../../src/core/docker/debugArming';
import { containerEnd } from '../../../src/core/crash/runitExit';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../../test/fixtures/logs', name), 'utf8');
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

describe('container end: the server\'s exit code behind runsvdir\'s 111', () => {
  // The last lines of a real replica container with AZUREML_DEBUG_PORT set and no package index.
  const exit94 = [
    '2026-11-29T18:41:25,465444999+00:00 - gunicorn/run AZUREML_DEBUG_PORT is set to 5679: checking that debugpy is installed',
    'ERROR: Could not find a version that satisfies the requirement debugpy (from versions: none)',
    'ERROR: No matching distribution found for debugpy',
    '2026-11-29T18:41:25,985422591+00:00 - gunicorn/run debugpy could not be injected into the conda environment',
    '2026-11-29T18:41:26,001327024+00:00 - gunicorn/finish 94 0',
    '2026-11-29T18:41:26,009343382+00:00 - Exit code 94 is not normal. Killing image.',
  ];

  it('names the start script\'s code and what it means', () => {
    const end = containerEnd(111, exit94);
    assert.equal(end.exitCode, 94);
    assert.equal(end.containerExitCode, 111);
    assert.match(end.cause!, /debugpy could not be injected into the environment \(exit code 94\)/);
  });

  it('keeps the container\'s own code when runit said nothing (a kill)', () => {
    assert.deepEqual(containerEnd(137, ['Booting worker with pid: 25']), { exitCode: 137 });
  });

  it('reports init() failing as the server\'s code 3 with no start-script cause', () => {
    const end = containerEnd(111, fixture('docker-init-raises.log').split('\n'));
    assert.equal(end.exitCode, 3);
    assert.equal(end.containerExitCode, 111);
    assert.equal(end.cause, undefined);
  });
});
