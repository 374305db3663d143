// Crash analysis reads a failing container's last lines through the log
// panel's own source (dockerLogSource, not follow) and a LogBuffer
// (readTail), against the real engine: Docker answers a non-follow request
// with one buffer, which must come out as the lines, both streams, in the
// engine's order, each stream as written, with their timestamps, the tail only.
import * as assert from 'node:assert/strict';
import Dockerode from 'dockerode';
import { readTail } from '../../src/core/logs/readTail';
import { ServiceModel } from '../../src/core/model/serviceModel';
import { dockerLogSource } from '../../src/docker/dockerLogSource';
import { docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../support/docker';

const runLabel = `com.azureml-debug.test-run=${uniqueName('logtail')}`;

describe('reading a container\'s tail as crash analysis does (real Docker engine)', function () {
  this.timeout(60000);
  const engine = new Dockerode({ socketPath: '/var/run/docker.sock' });
  const model = new ServiceModel();
  model.setConnection({ id: 'docker', kind: 'docker', label: 'Docker', status: 'connected' });

  after(async () => {
    model.dispose();
    await removeLabelled(runLabel);
  });

  it('gives the last lines of both streams in the order written, with their timestamps', async () => {
    const script = [
      'import sys, time',
      // 20 ms apart: the engine reads the two streams apart, so lines closer than a few
      // milliseconds on different streams can be stamped out of order (seen at 2 ms).
      'for i in range(120):',
      "    s = sys.stderr if i % 3 == 0 else sys.stdout",
      "    s.write('line %d\\n' % i); s.flush(); time.sleep(0.02)",
      "sys.stderr.write('ValueError: weights are not normalised\\n')",
      'sys.exit(3)',
    ].join('\n');
    const id = await docker('run', '-d', '--name', uniqueName('aml-logtail'), '--label', TEST_LABEL, '--label', runLabel, '--entrypoint', 'python3', SAMPLE_IMAGE, '-c', script);
    await waitFor('the container to exit', async () => ((await docker('inspect', '-f', '{{.State.Running}}', id)) === 'false' ? true : undefined), 30000);
    const source = dockerLogSource({ client: () => engine, model, connectionId: 'docker', containerId: id, title: 'tail' });
    const entries = await readTail(source, { tail: 50 });
    const texts = entries.map((e) => e.text);
    assert.equal(texts.length, 50, 'the tail only');
    // The engine stamps each stream's lines as it reads that stream: on a loaded machine two lines of different
    // streams 20 ms apart can be stamped out of order. What is ours: the tail comes in the engine's order (its
    // stamps never go back), each stream in the order written, and no line is lost.
    const numbered = (t: string) => (t.startsWith('line ') ? Number(t.slice(5)) : 1000);
    assert.deepEqual([...texts].sort((a, b) => numbered(a) - numbered(b)), [...Array.from({ length: 49 }, (_, k) => `line ${71 + k}`), 'ValueError: weights are not normalised'], 'every line of the tail');
    for (let i = 1; i < entries.length; i++) assert.ok((entries[i].time ?? '') >= (entries[i - 1].time ?? ''), `in the engine's order at ${i}`);
    for (const stream of ['stdout', 'stderr']) {
      const n = entries.filter((e) => e.stream === stream).map((e) => numbered(e.text));
      assert.deepEqual(n, [...n].sort((a, b) => a - b), `${stream} in the order written`);
    }
    const error = entries.find((e) => e.text.startsWith('ValueError'))!;
    assert.equal(error.stream, 'stderr');
    assert.match(error.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/, 'the engine\'s stamp kept');
  });
});
