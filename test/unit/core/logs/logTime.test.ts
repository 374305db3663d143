// Log timestamps as sortable keys, and as Docker's `since`.
import * as assert from 'node:assert/strict';
import { isTransportTime, stripTransportTime, timeKey, toDockerSince, transportPrefix } from '../../../../src/core/logs/logTime';

describe('log time keys', () => {
  it('orders fixed, short and offset times as time', () => {
    assert.equal(timeKey('2026-11-23T18:37:45.091018611Z'), '2026-11-23T18:37:45.091018611Z');
    assert.equal(timeKey('2026-11-23T18:37:45.09Z'), '2026-11-23T18:37:45.090000000Z');
    assert.equal(timeKey('2026-11-23T18:37:45Z'), '2026-11-23T18:37:45.000000000Z');
    assert.equal(timeKey('2026-11-23T19:37:45.5+01:00'), '2026-11-23T18:37:45.500000000Z');
    assert.ok(timeKey('2026-11-23T18:37:45.09Z') < timeKey('2026-11-23T18:37:45.091Z'));
  });

  it('converts to Docker `since` keeping nanoseconds', () => {
    assert.equal(toDockerSince('2026-11-23T18:37:45.091018611Z'), `${Date.UTC(2026, 10, 23, 18, 37, 45) / 1000}.091018611`);
    assert.equal(toDockerSince('1970-01-01T00:00:01Z'), '1.000000000');
    assert.equal(toDockerSince('yesterday'), undefined);
  });

  it('reads and strips a transport stamp in every form the runtimes write, and nothing else', () => {
    for (const t of ['2026-11-23T18:37:45.091018611Z', '2026-11-23T18:37:45Z', '2026-11-23T18:37:45.09+01:00', '2026-11-23T18:37:45.1-05:30']) {
      assert.ok(isTransportTime(t), t);
      assert.equal(stripTransportTime(`${t} hello`), 'hello');
    }
    for (const t of ['2026-11-23 18:37:45', '2026-11-23T18:37:45.0910186110Z', '2026-11-23T18:37:45', 'hello']) assert.ok(!isTransportTime(t), t);
    // A stamp without the space after it is not a prefix; a line's own dates stay.
    assert.equal(stripTransportTime('2026-11-23T18:37:45Zhello'), '2026-11-23T18:37:45Zhello');
    assert.equal(stripTransportTime('2023-05-17 09:12:43,811 E [63] azmlinfsrv - x'), '2023-05-17 09:12:43,811 E [63] azmlinfsrv - x');
  });

  it('reads a node\'s CRI prefix: the stamp, the stream and whether the runtime split the line', () => {
    assert.deepEqual(transportPrefix('2024-01-09T09:31:41.873512345Z stdout F hello'), { length: 40, time: '2024-01-09T09:31:41.873512345Z', stream: 'stdout', partial: false });
    assert.deepEqual(transportPrefix('2024-01-09T09:31:41.873512345+00:00 stderr P hel'), { length: 45, time: '2024-01-09T09:31:41.873512345+00:00', stream: 'stderr', partial: true });
    assert.equal(stripTransportTime('2024-01-09T09:31:41.873512345Z stdout F hello'), 'hello');
    // An empty line may keep or lose the space after its tag.
    assert.equal(stripTransportTime('2024-01-09T09:31:41.873512345Z stdout F '), '');
    assert.equal(stripTransportTime('2024-01-09T09:31:41.873512345Z stdout F'), '');
    // A message that merely starts with a stream's name is not a tag.
    assert.equal(stripTransportTime('2024-01-09T09:31:41.873512345Z stdout Flushed'), 'stdout Flushed');
    assert.deepEqual(transportPrefix('2024-01-09T09:31:41.873512345Z hello'), { length: 31, time: '2024-01-09T09:31:41.873512345Z' });
  });
});
