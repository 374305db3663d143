// The Docker side of the service model against the real engine: every
// lifecycle transition of a real sample container reaches the model, in order.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { EngineWatcher } from '../../src/docker/client/engineWatcher';
import { ServiceModel } from '../../src/core/model/serviceModel';
import { resolveDockerAddress } from '../../src/core/docker/dockerHost';
import type { ServiceRecord } from '../../src/core/model/serviceRecord';
import { docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor, waitHealthy } from '../support/docker';

const sample = path.resolve(__dirname, '../../../sample');
const runLabel = `com.azureml-debug.test-run=${uniqueName('watch')}`;

describe('Docker engine watcher (real engine)', () => {
  let model: ServiceModel;
  let watcher: EngineWatcher;

  before(async () => {
    model = new ServiceModel();
    watcher = new EngineWatcher({
      connectionId: 'docker:test',
      address: resolveDockerAddress(undefined, undefined),
      model,
      pinned: () => new Set(),
      showAll: () => false,
    });
    watcher.start();
    await waitFor('the engine to connect', () => model.connection('docker:test')?.status === 'connected');
  });

  after(async () => {
    watcher.dispose();
    model.dispose();
    await removeLabelled(runLabel);
  });

  it('reports the engine version once connected', () => {
    const conn = model.connection('docker:test');
    assert.equal(conn?.status, 'connected');
    assert.match(conn?.version ?? '', /^Docker Engine \d+\.\d+/);
  });

  it('sees start, stop, kill, start and restart of a sample container in order', async () => {
    const name = uniqueName('aml-lifecycle');
    const seen: string[] = [];
    let id = '';
    const sub = model.onDidChange((c) => {
      // Matched by name: the `added` change can arrive before `docker create` returns the id.
      if ((c.type === 'added' || c.type === 'updated' || c.type === 'removed') && c.service.name === name) {
        const s: ServiceRecord = c.service;
        const label = c.type === 'removed' ? 'removed' : s.exitCode !== undefined ? `${s.state}(${s.exitCode})` : s.state;
        if (seen[seen.length - 1] !== label) seen.push(label);
      }
    });
    try {
      id = await docker('create', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
        '-v', `${sample}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
      await waitFor('created', () => model.get('docker:test', id)?.state === 'created');
      await docker('start', id);
      // The start event shows it running at once; the inspect that follows adds the ports.
      await waitFor('running with its ports', () => model.get('docker:test', id)?.state === 'running' && model.get('docker:test', id)?.scoringPort);
      const running = model.get('docker:test', id)!;
      assert.equal(running.scoringPort?.containerPort, 5001);
      assert.equal(running.scoringPort?.hostIp, '127.0.0.1');
      assert.equal(running.appSource, sample);
      // gunicorn as PID 1 ignores SIGTERM until it has installed its handlers.
      await waitHealthy(running.scoringPort!.hostPort);
      await docker('stop', '-t', '10', id);
      await waitFor('exited after stop', () => model.get('docker:test', id)?.state === 'exited');
      await docker('start', id);
      await waitFor('running again', () => model.get('docker:test', id)?.state === 'running');
      await docker('kill', id);
      await waitFor('exited 137 after kill', () => model.get('docker:test', id)?.exitCode === 137);
      await docker('start', id);
      await waitFor('running after kill', () => model.get('docker:test', id)?.state === 'running');
      await docker('restart', '-t', '1', id);
      await waitFor('restart counted', () => seen.filter((s) => s === 'running').length >= 4);
      await docker('rm', '-f', id);
      await waitFor('removed', () => !model.get('docker:test', id));
      // Transitions in order; a stop of gunicorn ends with its exit code, kill with 137.
      const compact = seen.map((s) => s.replace(/\(\d+\)/, ''));
      assert.deepEqual(compact.slice(0, 2), ['created', 'running']);
      assert.equal(compact[2], 'exited');
      assert.equal(compact[3], 'running');
      assert.ok(seen.includes('exited(137)'), `kill not seen as exit 137 in ${seen.join(' ')}`);
      assert.ok(seen.indexOf('exited(137)') > 3, seen.join(' '));
      assert.equal(seen[seen.length - 1], 'removed');
    } finally {
      sub.dispose();
    }
  });

  it('learns a HEALTHCHECK\'s verdict from the health_status events: starting, then healthy, then unhealthy', async () => {
    const flag = `/tmp/unhealthy-${process.pid}`;
    const id = await docker('run', '-d', '--name', uniqueName('aml-health'), '--label', TEST_LABEL, '--label', runLabel,
      '-e', 'AZUREML_ENTRY_SCRIPT=score.py', '--health-cmd', `test ! -e ${flag}`, '--health-interval', '1s', '--health-retries', '1', '--health-start-period', '0s',
      '--entrypoint', 'sleep', SAMPLE_IMAGE, '300');
    const seen: string[] = [];
    const sub = model.onDidChange((c) => {
      const h = 'service' in c && c.service.id === id ? c.service.health : undefined;
      if (h && seen[seen.length - 1] !== h) seen.push(h);
    });
    try {
      await waitFor('healthy', () => (model.get('docker:test', id)?.health === 'healthy' ? true : undefined), 30000);
      await docker('exec', id, 'touch', flag);
      await waitFor('unhealthy', () => (model.get('docker:test', id)?.health === 'unhealthy' ? true : undefined), 30000);
      assert.deepEqual(seen.filter((h) => h !== 'starting'), ['healthy', 'unhealthy']);
    } finally {
      sub.dispose();
    }
  });

  it('does not list a container that is not Azure ML unless "show all" is on', async () => {
    const name = uniqueName('plain');
    const id = await docker('create', '--name', name, '--label', runLabel, 'azureml-debug/rootfs:trixie', 'sleep', '1');
    await watcher.refresh();
    assert.equal(model.get('docker:test', id), undefined);
    const all = new EngineWatcher({
      connectionId: 'docker:all', address: resolveDockerAddress(undefined, undefined), model,
      pinned: () => new Set(), showAll: () => true,
    });
    try {
      all.start();
      await waitFor('listed under show-all', () => model.get('docker:all', id));
      assert.equal(model.get('docker:all', id)?.reason, 'all');
    } finally {
      all.dispose();
    }
  });

  it('shows a container named with shell metacharacters and acts on it safely', async () => {
    // Docker names allow only [a-zA-Z0-9_.-]: the metacharacters go in the
    // service-name label, which is what the tree shows and commands act on.
    const evil = `a;touch /tmp/x-${process.pid} $(id) \`id\``;
    const name = uniqueName('aml-meta');
    const id = await docker('create', '--name', name, '--label', runLabel, '--label', `amlServiceName=${evil}`,
      '-v', `${sample}:/var/azureml-app:ro`, SAMPLE_IMAGE);
    const rec = await waitFor('listed', () => model.get('docker:test', id));
    assert.equal(rec.name, evil);
    assert.equal(rec.reason, 'azureml');
  });
});
