// Restarting a scoring server in place, on the real image (runit's runsvdir as
// PID 1, azmlinfsrv under it): a debug Restart sends the azmlinfsrv master
// SIGHUP (new workers import score.py again, the master and the container
// stay), a local Reload ends the master and runit starts a new server. Where
// PID 1 is the server itself, SIGHUP to the container does it; behind another
// init process nothing is signalled: the debug session's Restart says why, and
// a local deployment's Reload restarts the container instead.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { restartServerInPlace } from '../../src/docker/client/serverRestart';
import { reloadService } from '../../src/docker/client/localService';
import { DockerAttachHost } from '../../src/docker/client/debugAttachHost';
import { SAMPLE_IMAGE, TEST_LABEL, containerLogs, docker, removeLabelled, uniqueName, waitFor, waitHealthy } from '../support/docker';
import { freePort } from '../support/ports';

const runLabel = `com.azureml-debug.testrun=${uniqueName('restart')}`;
const sample = path.resolve(__dirname, '../../../sample');


const count = (text: string, what: string) => text.split(what).length - 1;

async function startSample(runArgs: string[] = [], command: string[] = []): Promise<{ id: string; port: number }> {
  const port = await freePort();
  const id = await docker('run', '-d', ...runArgs, '--label', TEST_LABEL, '--label', runLabel, '-v', `${sample}:/var/azureml-app:ro`,
    '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', `127.0.0.1:${port}:5001`, SAMPLE_IMAGE, ...command);
  await waitFor('a worker serving', async () => ((await containerLogs(id)).includes('ready for serving traffic') ? true : undefined), 60000);
  return { id, port };
}

describe('restarting the scoring server in place (real Docker, real Azure ML image)', function () {
  this.timeout(120000);
  const client = new Dockerode();

  after(async () => {
    await removeLabelled(runLabel);
  });

  it('under runit: "workers" HUPs the azmlinfsrv master (new worker, same master and container), "restart" has runit start a new server', async () => {
    const { id, port } = await startSample();
    const startedAt = await docker('inspect', '-f', '{{.State.StartedAt}}', id);
    const workers = await restartServerInPlace(client.getContainer(id), 'workers');
    assert.equal(workers.sent, true);
    assert.equal(workers.server.kind, 'azmlinfsrv-under-runit');
    await waitFor('gunicorn handling the HUP', async () => ((await containerLogs(id)).includes('Handling signal: hup') ? true : undefined));
    await waitFor('init() run again by a new worker', async () => (count(await containerLogs(id), "Users's init has completed successfully") >= 2 ? true : undefined), 30000);
    assert.equal(count(await containerLogs(id), 'Starting AzureML Inference Server HTTP'), 1, 'the master lived on');

    assert.equal((await restartServerInPlace(client.getContainer(id), 'restart')).sent, true);
    await waitFor('runit starting the server again', async () => (count(await containerLogs(id), 'Starting AzureML Inference Server HTTP') >= 2 ? true : undefined), 30000);
    await waitHealthy(port, 60000);
    assert.equal(await docker('inspect', '-f', '{{.State.Running}} {{.State.StartedAt}}', id), `true ${startedAt}`, 'the container was never restarted');
    assert.doesNotMatch(await containerLogs(id), /Killing image/);
  });

  it('with azmlinfsrv as the container\'s command: SIGHUP to PID 1 re-forks the workers', async () => {
    const { id } = await startSample(['--entrypoint', 'azmlinfsrv'], ['--entry_script', 'score.py', '--port', '5001']);
    const result = await restartServerInPlace(client.getContainer(id), 'workers');
    assert.deepEqual([result.sent, result.server.kind], [true, 'gunicorn-master-as-pid1']);
    await waitFor('gunicorn handling the HUP', async () => ((await containerLogs(id)).includes('Handling signal: hup') ? true : undefined));
    assert.equal(await docker('inspect', '-f', '{{.State.Running}}', id), 'true');
  });

  it('behind another init process: sends nothing, Restart in a debug session says why, Reload restarts the container', async () => {
    const { id, port } = await startSample(['--init']);
    const startedAt = await docker('inspect', '-f', '{{.State.StartedAt}}', id);
    const result = await restartServerInPlace(client.getContainer(id), 'workers');
    assert.equal(result.sent, false);
    assert.match(result.server.pid1 ?? '', /docker-init/);

    const host = new DockerAttachHost(client, { container: id });
    await host.start(() => undefined);
    await assert.rejects(host.restartServer(), /cannot be restarted in place: PID 1 is ".*docker-init.*"/);
    await host.dispose();
    assert.doesNotMatch(await containerLogs(id), /Handling signal: hup/);
    assert.equal(await docker('inspect', '-f', '{{.State.StartedAt}}', id), startedAt, 'untouched');

    const health = await reloadService(client, id, port, 'signal', 60000);
    assert.equal(health.ok, true, JSON.stringify(health));
    assert.notEqual(await docker('inspect', '-f', '{{.State.StartedAt}}', id), startedAt, 'restarted instead');
  });
});
