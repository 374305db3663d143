// Following getLogs by snapshots: only the lines not seen yet, a repeated line
// not shown twice, and a fresh log (a restart) told from more output.
import * as assert from 'node:assert/strict';
import { snapshotDelta, snapshotLines } from '../../../../src/core/azure/logSnapshots';

describe('core/azure logSnapshots', () => {
  it('passes on the lines after the overlap', () => {
    assert.deepEqual(snapshotDelta(['a', 'b', 'c'], ['b', 'c', 'd', 'e']), { lines: ['d', 'e'], restarted: false });
    assert.deepEqual(snapshotDelta(['a', 'b', 'c'], ['a', 'b', 'c']), { lines: [], restarted: false });
    assert.deepEqual(snapshotDelta([], ['x']), { lines: ['x'], restarted: false });
  });

  it('takes the longest overlap, so repeated lines are not shown twice', () => {
    assert.deepEqual(snapshotDelta(['x', 'ping', 'ping'], ['ping', 'ping', 'pong']), { lines: ['pong'], restarted: false });
  });

  it('a snapshot that continues nothing is a new run', () => {
    assert.deepEqual(snapshotDelta(['old 1', 'old 2'], ['Azure ML Inferencing HTTP server v1.4.0']), { lines: ['Azure ML Inferencing HTTP server v1.4.0'], restarted: true });
    assert.deepEqual(snapshotDelta(['old'], []), { lines: [], restarted: false });
  });

  it('splits content into lines, a final newline ending the last', () => {
    assert.deepEqual(snapshotLines('a\r\nb\n'), ['a', 'b']);
    assert.deepEqual(snapshotLines(''), []);
  });
});
