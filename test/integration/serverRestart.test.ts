// Reload and Restart send SIGHUP only where it reloads: PID 1 the gunicorn
// master (the sample image). Behind an init process (`docker run --init`, like
// runit's runsvdir in Azure ML images) nothing is signalled: the debug
// session's Restart says why, and a local deployment's Reload restarts the
// container instead. Real Docker engine, real gunicorn.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { hupGunicorn } from '../../src/docker/client/serverSignal';
import { reloadService } from '../../src/docker/client/localService';
import { DockerAttachHost } from '../../src/docker/client/debugAttachHost';
import { SAMPLE_IMAGE, TEST_LABEL, containerLogs, docker, removeLabelled, uniqueName, waitFor } from '../support/docker';

const runLabel = `com.azureml-debug.testrun=${uniqueName('hup')}`;
const sample = path.resolve(__dirname, '../../../sample');

/** A free port on 127.0.0.1: a fixed one, as local deployments have (a restart keeps it). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startSample(...extra: string[]): Promise<{ id: string; port: number }> {
  const port = await freePort();
  const id = await docker('run', '-d', ...extra, '--label', TEST_LABEL, '--label', runLabel, '-v', `${sample}:/var/azureml-app:ro`,
    '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', `127.0.0.1:${port}:5001`, SAMPLE_IMAGE);
  await waitFor('gunicorn booted', async () => ((await containerLogs(id)).includes('Booting worker') ? true : undefined), 30000);
  return { id, port };
}

describe('SIGHUP only to a gunicorn PID 1 (real Docker engine)', function () {
  this.timeout(90000);
  const client = new Dockerode();

  after(async () => {
    await removeLabelled(runLabel);
  });

  it('signals the sample image\'s gunicorn master: workers re-fork, the container keeps running', async () => {
    const { id } = await startSample();
    const startedAt = await docker('inspect', '-f', '{{.State.StartedAt}}', id);
    assert.deepEqual(await hupGunicorn(client.getContainer(id)), { sent: true });
    await waitFor('gunicorn handling the HUP', async () => ((await containerLogs(id)).includes('Handling signal: hup') ? true : undefined));
    assert.equal(await docker('inspect', '-f', '{{.State.Running}} {{.State.StartedAt}}', id), `true ${startedAt}`);
  });

  it('behind an init process: sends nothing, Restart in a debug session says why, Reload restarts the container', async () => {
    const { id, port } = await startSample('--init');
    const startedAt = await docker('inspect', '-f', '{{.State.StartedAt}}', id);
    const result = await hupGunicorn(client.getContainer(id));
    assert.equal(result.sent, false);
    assert.match(result.pid1 ?? '', /docker-init/);

    const host = new DockerAttachHost(client, { container: id });
    await host.start(() => undefined);
    await assert.rejects(host.restartServer(), /PID 1 of this container is not the gunicorn master \(it is ".*docker-init.*"\), so the server cannot be restarted in place/);
    await host.dispose();
    assert.doesNotMatch(await containerLogs(id), /Handling signal: hup/);
    assert.equal(await docker('inspect', '-f', '{{.State.StartedAt}}', id), startedAt, 'untouched');

    const health = await reloadService(client, id, port, 'signal', 30000);
    assert.equal(health.ok, true, JSON.stringify(health));
    assert.notEqual(await docker('inspect', '-f', '{{.State.StartedAt}}', id), startedAt, 'restarted instead');
  });
});
