// The log buffer against the real engine's `since`: a container of the
// sample image prints numbered lines on stdout and stderr while we cut the
// follow stream several times and reopen it from the buffer's resume point
// (toDockerSince, nanoseconds kept). Every line must arrive exactly once,
// in order. No vscode; dockerode and the coalescing demuxer as in the panel.
import * as assert from 'node:assert/strict';
import Dockerode from 'dockerode';
import { DockerLogDemuxer } from '../../src/core/logs/dockerLogFrames';
import { LogBuffer } from '../../src/core/logs/logBuffer';
import { toDockerSince } from '../../src/core/logs/logTime';
import { docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../support/docker';

const runLabel = `com.azureml-debug.test-run=${uniqueName('logresume')}`;
const total = 4000;

describe('log resume against the real Docker engine', function () {
  this.timeout(120000);
  const engine = new Dockerode({ socketPath: '/var/run/docker.sock' });

  after(async () => {
    await removeLabelled(runLabel);
  });

  it('loses and repeats no line across streams cut mid-flow and reopened with since', async () => {
    // Bursts of lines with equal-looking text on both streams, so dedupe has to use the timestamp.
    const script = [
      'import sys, time',
      `for i in range(${total}):`,
      "    s = sys.stderr if i % 7 == 0 else sys.stdout",
      "    s.write('2026-11-23 19:00:00,000 | root | INFO | tick %d\\n' % i); s.flush()",
      '    if i % 50 == 0: time.sleep(0.02)',
    ].join('\n');
    const id = await docker('run', '-d', '--name', uniqueName('aml-logresume'), '--label', TEST_LABEL, '--label', runLabel, SAMPLE_IMAGE, 'python3', '-c', script);
    const container = engine.getContainer(id);
    const buffer = new LogBuffer({ timestamps: true, capacity: 10000 });
    let cuts = 0;

    const follow = async (since: string | undefined, cutAfterLines: number | undefined): Promise<'cut' | 'end'> => {
      const stream = (await container.logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        ...(since ? { since: toDockerSince(since) as unknown as number } : {}),
      })) as unknown as NodeJS.ReadableStream & { destroy(): void };
      const frames = new DockerLogDemuxer();
      const start = buffer.endIndex;
      return new Promise((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => {
          // Feed half of a chunk before a cut, as a connection breaking mid-frame would.
          const cutNow = cutAfterLines !== undefined && buffer.endIndex - start >= cutAfterLines;
          const part = cutNow ? chunk.subarray(0, Math.max(1, chunk.length >> 1)) : chunk;
          for (const p of frames.push(part)) buffer.append({ text: p.bytes, stream: p.stream });
          if (cutNow) {
            stream.destroy();
            resolve('cut');
          }
        });
        stream.on('end', () => resolve('end'));
        stream.on('error', reject);
      });
    };

    let outcome = await follow(undefined, 300);
    while (outcome === 'cut') {
      cuts++;
      const since = buffer.beginResume();
      assert.ok(since, 'a resume point after lines were received');
      outcome = await follow(since, cuts < 4 ? 600 : undefined);
    }
    await waitFor('the container to finish', async () => (await container.inspect()).State.Status === 'exited');
    // The follow ends when the container stops; read anything after the last point once more.
    await follow(buffer.beginResume(), undefined);
    buffer.end();

    const ticks = buffer.entries().map((e) => Number(/tick (\d+)$/.exec(e.text)?.[1]));
    const stdoutTicks = ticks.filter((n) => n % 7 !== 0);
    const stderrTicks = ticks.filter((n) => n % 7 === 0);
    assert.equal(cuts, 4);
    assert.equal(ticks.length, total, 'every line exactly once');
    assert.deepEqual([...new Set(ticks)].length, total);
    assert.deepEqual(stdoutTicks, [...stdoutTicks].sort((a, b) => a - b), 'stdout in order');
    assert.deepEqual(stderrTicks, [...stderrTicks].sort((a, b) => a - b), 'stderr in order');
    assert.ok(buffer.entries().every((e, i) => (ticks[i] % 7 === 0) === (e.stream === 'stderr')), 'each line on its stream');
  });
});
