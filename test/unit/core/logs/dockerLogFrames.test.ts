// Docker's multiplexed log stream split back into stdout and stderr, on the
// real bytes the engine sent for a container of the Azure ML minimal inference
// image (GET /containers/{id}/logs, timestamps on; test/fixtures/logpanel/
// capture.mjs) checked against `docker logs` of the same container, cut into
// network chunks at every possible place.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerLogDemuxer, demuxedText } from '../../../../src/core/logs/dockerLogFrames';
import { LogBuffer } from '../../../../src/core/logs/logBuffer';

const fixtures = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'logpanel');
const mux = new Uint8Array(fs.readFileSync(path.join(fixtures, 'init-raises.mux.bin')));
const expected = {
  stdout: fs.readFileSync(path.join(fixtures, 'init-raises.mux.stdout.txt'), 'utf8'),
  stderr: fs.readFileSync(path.join(fixtures, 'init-raises.mux.stderr.txt'), 'utf8'),
};

function demux(chunks: Uint8Array[]) {
  const d = new DockerLogDemuxer();
  const got = { stdout: '', stderr: '' };
  const decoder = new TextDecoder();
  let pieces = 0;
  for (const c of chunks) {
    for (const p of d.push(c)) {
      got[p.stream] += decoder.decode(p.bytes);
      pieces++;
    }
  }
  return { got, pieces, pending: d.pendingBytes };
}

describe('DockerLogDemuxer', () => {
  it('splits the real stream into what `docker logs` prints on stdout and stderr', () => {
    const { got, pending } = demux([mux]);
    assert.deepEqual(got, expected);
    assert.equal(pending, 0);
  });

  it('gives the same result for a cut at every byte, and for one byte at a time', () => {
    for (let cut = 1; cut < mux.length; cut++) {
      assert.deepEqual(demux([mux.subarray(0, cut), mux.subarray(cut)]).got, expected, `cut at ${cut}`);
    }
    const bytes = Array.from({ length: mux.length }, (_, i) => mux.subarray(i, i + 1));
    assert.deepEqual(demux(bytes).got, expected);
  });

  it('hands consecutive frames of one stream on as one piece', () => {
    const { pieces } = demux([mux]);
    // The capture has one frame per line, in a few runs of each stream.
    const frames = (expected.stdout + expected.stderr).split('\n').filter(Boolean).length;
    assert.ok(pieces < frames / 4, `${pieces} pieces for ${frames} frames`);
  });

  it('copies a partial frame it keeps, so the caller may reuse its chunk', () => {
    const d = new DockerLogDemuxer();
    const first = mux.slice(0, 20);
    assert.deepEqual(d.push(first), []);
    first.fill(0);
    const out = d.push(mux.slice(20));
    // The first frame's header names its stream (1 stdout, 2 stderr): runit's first line, on stdout.
    assert.equal(mux[0], 1);
    assert.equal(new TextDecoder().decode(out[0].bytes).split('\n')[0], expected.stdout.split('\n')[0]);
  });

  it('feeds a LogBuffer that ends with the same lines as the two captured streams', () => {
    const b = new LogBuffer({ timestamps: true });
    const d = new DockerLogDemuxer();
    for (let i = 0; i < mux.length; i += 7) for (const p of d.push(mux.subarray(i, i + 7))) b.append({ text: p.bytes, stream: p.stream });
    const lines = (s: string) => s.split('\n').filter(Boolean).map((l) => l.slice(l.indexOf(' ') + 1));
    assert.deepEqual(b.entries().filter((e) => e.stream === 'stdout').map((e) => e.text), lines(expected.stdout));
    assert.deepEqual(b.entries().filter((e) => e.stream === 'stderr').map((e) => e.text), lines(expected.stderr));
  });
});

describe('demuxedText', () => {
  it('gives both streams of a whole log answer, in stored order, without frame headers', () => {
    const text = demuxedText(mux);
    assert.equal(text.length, expected.stdout.length + expected.stderr.length);
    assert.ok(!text.includes('\u0001\u0000\u0000\u0000'));
    for (const line of [...expected.stdout.split('\n'), ...expected.stderr.split('\n')].filter(Boolean)) assert.ok(text.includes(line), line);
  });
  it('keeps a character cut between two frames whole', () => {
    const euro = new TextEncoder().encode('€\n');
    const frame = (stream: number, payload: Uint8Array) => {
      const f = new Uint8Array(8 + payload.length);
      f[0] = stream;
      new DataView(f.buffer).setUint32(4, payload.length);
      f.set(payload, 8);
      return f;
    };
    const a = frame(1, euro.slice(0, 2));
    const b = frame(1, euro.slice(2));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    assert.equal(demuxedText(both), '€\n');
  });
});
