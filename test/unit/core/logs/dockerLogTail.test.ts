// Docker log tails: multiplexed frames split into stdout and stderr, and the
// two merged back into write order by their timestamps.
import * as assert from 'node:assert/strict';
import { mergeByTimestamp, splitDockerLogs } from '../../../../src/core/logs/dockerLogTail';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

describe('Docker log tails', () => {
  it('splits multiplexed frames and merges the streams by timestamp', () => {
    const buf = Buffer.concat([
      frame(1, '2026-11-23T10:00:00.100000000Z boot\n2026-11-23T10:00:00.300000000Z init start\n'),
      frame(2, '2026-11-23T10:00:00.2Z warning\n2026-11-23T10:00:00.400000000Z Traceback (most recent call last):\n'),
      frame(1, '2026-11-23T10:00:00.5Z done\n'),
    ]);
    const split = splitDockerLogs(buf);
    assert.match(split.stderr, /warning/);
    assert.deepEqual(mergeByTimestamp(split).split('\n').map((l) => l.split(' ').slice(1).join(' ')), ['boot', 'warning', 'init start', 'Traceback (most recent call last):', 'done']);
  });
  it('keeps a TTY container\'s raw text and unstamped lines after their predecessor', () => {
    assert.deepEqual(splitDockerLogs(Buffer.from('plain text\n')), { stdout: 'plain text\n', stderr: '' });
    assert.equal(mergeByTimestamp({ stdout: '2026-11-23T10:00:01Z a\ncontinued\n', stderr: '2026-11-23T10:00:00Z b\n' }), '2026-11-23T10:00:00Z b\n2026-11-23T10:00:01Z a\ncontinued');
  });
});
