// analyze() on live containers of the Azure ML minimal inference image (runit,
// nginx, the real azmlinfsrv, USER dockeruser): the broken fixture apps run in
// real Docker, their logs read back in arrival order, and each cause lands on
// the raising line of the workspace's score.py, with no false alarm from the
// tracebacks the server logs about itself.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { analyze } from '../../src/core/crash/crashCauses';
import { findingMessage } from '../../src/platform/findingWording';
import { SAMPLE_IMAGE, TEST_LABEL, docker, removeLabelled, uniqueName, waitFor } from '../support/docker';

const exec = promisify(execFile);
const apps = path.resolve(__dirname, '../../../test/fixtures/apps');
const runLabel = `com.azureml-debug.testrun=${uniqueName('crash')}`;

/** 1-based line of the first line of the app's score.py containing `text`. */
function lineOf(app: string, text: string): number {
  const i = readFileSync(path.join(apps, app, 'score.py'), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${app}/score.py`);
  return i + 1;
}

/** stdout and stderr of `docker logs -t` merged by their timestamps: the order the container wrote them. */
async function orderedLogs(name: string): Promise<string> {
  const { stdout, stderr } = await exec('docker', ['logs', '-t', name], { maxBuffer: 64 * 1024 * 1024 });
  const lines = [...stdout.split('\n'), ...stderr.split('\n')].filter((l) => l !== '');
  // RFC 3339 with nanoseconds sorts as text; the sort is stable for equal stamps.
  return lines.sort((a, b) => (a.slice(0, 30) < b.slice(0, 30) ? -1 : a.slice(0, 30) > b.slice(0, 30) ? 1 : 0)).join('\n');
}

/** GET / answers 200; each try has its own timeout (docker-proxy can hold a connection open with nothing behind it). */
async function waitHealthy(port: number): Promise<void> {
  await waitFor(`health on 127.0.0.1:${port}`, async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  }, 60000);
}

async function start(app: string, publish: boolean, runArgs: string[] = []): Promise<string> {
  const name = uniqueName(`crash-${app}`);
  await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
    '-v', `${path.join(apps, app)}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app',
    ...(publish ? ['-p', '127.0.0.1::5001'] : []), ...runArgs, SAMPLE_IMAGE);
  return name;
}

describe('crash causes of live containers (real Docker)', function () {
  this.timeout(120000);

  after(async () => {
    await removeLabelled(runLabel);
  });

  it('init() raising: init-failed on the raise line, with the exit code Docker reports', async () => {
    const name = await start('init-raises', false);
    await waitFor('the container to exit', async () => (await docker('inspect', '-f', '{{.State.Status}}', name)) === 'exited', 60000);
    const exitCode = Number(await docker('inspect', '-f', '{{.State.ExitCode}}', name));
    // The worker exits 3, runit's gunicorn/finish SIGHUPs runsvdir (PID 1), which exits 111.
    assert.equal(exitCode, 111);
    const logs = await orderedLogs(name);
    assert.match(logs, /Exit code 3 is not normal\. Killing image\./);
    // The server's own traceback is in the log too, and must not become a second finding.
    assert.match(logs, /Error while fetching model IDs/);
    const found = analyze({ logs, exitCode });
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].code, 'init-failed');
    assert.deepEqual(found[0].location, { path: '/var/azureml-app/score.py', line: lineOf('init-raises', 'raise ValueError') });
    assert.match(findingMessage(found[0]), /ValueError: weights are not normalised.*init\(\)/);
  });

  it('run() raising: run-failed on the failing line, from the logs and the answer to a real request', async () => {
    const name = await start('run-raises', true);
    const port = Number((await docker('port', name, '5001')).split('\n')[0].split(':').pop());
    await waitHealthy(port);
    const request = readFileSync(path.resolve(__dirname, '../../../sample/sample-request.json'), 'utf8');
    const res = await fetch(`http://127.0.0.1:${port}/score`, {
      method: 'POST', body: request, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(30000),
    });
    const httpBody = await res.text();
    assert.equal(res.status, 500);
    const logs = await waitFor('the traceback in the logs', async () => {
      const l = await orderedLogs(name);
      return l.includes('TypeError') ? l : undefined;
    });
    const found = analyze({ logs, httpStatus: res.status, httpBody });
    assert.deepEqual(found.map((f) => f.code), ['run-failed']);
    assert.deepEqual(found[0].location, { path: '/var/azureml-app/score.py', line: lineOf('run-raises', 'row["value"]') });
    assert.equal(found[0].data?.phase, 'run');
  });

  it('model path wrong: model-not-found where init() raises', async () => {
    const name = await start('model-path-wrong', false);
    await waitFor('the container to exit', async () => (await docker('inspect', '-f', '{{.State.Status}}', name)) === 'exited', 60000);
    const found = analyze({ logs: await orderedLogs(name), exitCode: 111 });
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].code, 'model-not-found');
    assert.equal(found[0].location?.line, lineOf('model-path-wrong', 'raise Exception('));
  });

  it('a large model under a memory limit: oom-killed in init(), from workers the kernel kills', async () => {
    const name = await start('large-model', false, ['--memory', '512m', '--memory-swap', '512m']);
    const logs = await waitFor('two workers killed', async () => {
      const l = await orderedLogs(name);
      return (l.match(/was sent SIGKILL/g) ?? []).length >= 2 ? l : undefined;
    }, 90000);
    assert.deepEqual(analyze({ logs }).map((f) => [f.code, f.data?.phase]), [['oom-killed', 'init']]);
    // Docker says OOMKilled only once the container has stopped (and runsvdir then exits 0, not 137).
    await docker('stop', '-t', '2', name);
    const [oomKilled, exitCode] = (await docker('inspect', '-f', '{{.State.OOMKilled}} {{.State.ExitCode}}', name)).split(' ');
    assert.equal(oomKilled, 'true');
    const found = analyze({ logs: await orderedLogs(name), reason: 'OOMKilled', exitCode: Number(exitCode) });
    assert.deepEqual(found.map((f) => [f.code, f.data?.phase]), [['oom-killed', 'init']]);
  });
});
