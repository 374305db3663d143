// Docker's pull stream folded into layers and bytes, on a real pull's output
// (test/fixtures/pull).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PullProgress, formatBytes } from '../../../../../src/core/docker/imagePull/pullProgress';

const fixture = path.resolve(__dirname, '../../../../../../test/fixtures/pull/docker-pull-one-new-layer.jsonl');

describe('pull progress', () => {
  it('counts layers present and bytes downloaded from a real pull stream', () => {
    const p = new PullProgress();
    const text = fs.readFileSync(fixture, 'utf8');
    // Fed in odd-sized chunks, as a socket delivers it.
    let rest = '';
    for (let i = 0; i < text.length; i += 97) rest = p.addText(rest + text.slice(i, i + 97));
    p.addText(`${rest}\n`);
    const s = p.snapshot();
    assert.equal(s.layersTotal, 8);
    assert.equal(s.layersDone, 8);
    assert.equal(s.bytesTotal, 8002680);
    assert.equal(s.bytesDone, 8002680);
    assert.match(s.status ?? '', /^Status: Downloaded newer image/);
    assert.equal(p.error, undefined);
  });

  it('reports a layer part-way, and an error line of the stream', () => {
    const p = new PullProgress();
    p.add({ status: 'Pulling from azureml/x', id: 't1' });
    p.add({ status: 'Pulling fs layer', id: 'a' });
    p.add({ status: 'Already exists', id: 'b' });
    p.add({ status: 'Downloading', id: 'a', progressDetail: { current: 1000, total: 4000 } });
    assert.deepEqual({ ...p.snapshot(), status: undefined }, { layersDone: 1, layersTotal: 2, bytesDone: 1000, bytesTotal: 4000, status: undefined });
    p.add({ errorDetail: { message: 'unexpected EOF' }, error: 'unexpected EOF' });
    assert.equal(p.error, 'unexpected EOF');
  });

  it('prints sizes as Docker does', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(8002680), '8.00 MB');
    assert.equal(formatBytes(312_000_000), '312.0 MB');
  });
});
