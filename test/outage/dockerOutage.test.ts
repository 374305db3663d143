// The daemon goes away and comes back: the tree's model says unreachable,
// then recovers with no reload, and a followed log resumes with no line lost
// or repeated across the outage (dockerd runs with live-restore, so the
// container keeps logging while the daemon is down).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EngineWatcher } from '../../src/docker/client/engineWatcher';
import { dockerLogSource } from '../../src/docker/dockerLogSource';
import { ServiceModel } from '../../src/core/model/serviceModel';
import { LogBuffer } from '../../src/core/logs/logBuffer';
import { resolveDockerAddress } from '../../src/core/docker/dockerHost';
import type { LogSink } from '../../src/core/logs/logSource';
import { docker, removeLabelled, TEST_LABEL, uniqueName, waitFor } from '../support/docker';

const exec = promisify(execFile);
const repo = path.resolve(__dirname, '../../..');
const runLabel = `com.azureml-debug.test-run=${uniqueName('outage')}`;

function bufferSink(buffer: LogBuffer, errors: string[]): LogSink {
  return {
    data: (c) => buffer.append(c),
    restart: (i) => buffer.markRestart(i),
    end: () => buffer.end(),
    error: (e) => errors.push(e.message),
    resumeFrom: () => buffer.beginResume(),
  };
}

describe('Docker daemon outage (real dockerd stopped and started)', function () {
  this.timeout(120000);
  let model: ServiceModel;
  let watcher: EngineWatcher;

  before(async () => {
    const live = await docker('info', '-f', '{{.LiveRestoreEnabled}}');
    assert.equal(live, 'true', 'dockerd must run with live-restore (scripts/setup/docker.sh sets it)');
    model = new ServiceModel();
    watcher = new EngineWatcher({
      connectionId: 'docker', address: resolveDockerAddress(undefined, undefined), model,
      pinned: () => new Set(), showAll: () => false, minBackoffMs: 100, maxBackoffMs: 500,
    });
    watcher.start();
    await waitFor('connected', () => model.connection('docker')?.status === 'connected');
  });

  after(async () => {
    watcher.dispose();
    await exec('bash', [path.join(repo, 'scripts/setup/docker.sh')]);
    await removeLabelled(runLabel);
  });

  it('shows unreachable, recovers by itself, and the log resumes without a gap or a duplicate', async () => {
    const name = uniqueName('aml-counter');
    const id = await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
      '--label', `amlServiceName=${name}`, 'azureml-debug/rootfs:trixie',
      'sh', '-c', 'i=0; while [ $i -lt 100000 ]; do echo "line $i"; i=$((i+1)); sleep 0.02; done');
    await waitFor('listed', () => model.get('docker', id)?.state === 'running');
    const buffer = new LogBuffer({ timestamps: true });
    const errors: string[] = [];
    const states: string[] = [];
    const sink = bufferSink(buffer, errors);
    sink.state = (s) => states.push(s);
    const handle = dockerLogSource({ client: () => watcher.docker, model, connectionId: 'docker', containerId: id, title: name })
      .open({ follow: true, timestamps: true }, sink);
    try {
      await waitFor('first lines', () => buffer.length > 20);
      await exec('pkill', ['-TERM', '-x', 'dockerd']);
      await waitFor('unreachable', () => model.connection('docker')?.status === 'unreachable', 15000);
      assert.match(model.connection('docker')?.reason ?? '', /docker\.sock|dockerd/);
      await new Promise((r) => setTimeout(r, 1500)); // the container logs on while the daemon is down
      await exec('bash', [path.join(repo, 'scripts/setup/docker.sh')]);
      await waitFor('connected again', () => model.connection('docker')?.status === 'connected', 30000);
      assert.equal(model.get('docker', id)?.state, 'running');
      const after = buffer.length;
      await waitFor('lines after the outage', () => buffer.length > after + 50, 15000);
      const numbers = buffer.entries().filter((e) => e.kind === 'line').map((e) => Number(/^line (\d+)$/.exec(e.text)?.[1]));
      assert.ok(numbers.every((n) => Number.isInteger(n)), 'only counter lines');
      for (let i = 1; i < numbers.length; i++) {
        assert.equal(numbers[i], numbers[i - 1] + 1, `gap or duplicate at ${numbers[i - 1]} -> ${numbers[i]}`);
      }
      assert.equal(numbers[0], 0);
      assert.ok(states.includes('reconnecting'), `states: ${states.join(',')}`);
      assert.deepEqual(errors, []);
    } finally {
      handle.dispose();
    }
  });
});
