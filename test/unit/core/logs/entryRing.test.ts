// The log buffer's ring held as columns gives back the very entries a plain
// ring of entry objects would, through growth, wrapping, drops and late
// inserts (random operations with a fixed seed, against Ring).
import * as assert from 'node:assert/strict';
import { EntryRing } from '../../../../src/core/logs/entryRing';
import type { LogEntry } from '../../../../src/core/logs/logBuffer';
import { Ring } from '../../../../src/core/logs/ring';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('EntryRing', () => {
  it('holds what a Ring of entries holds, through growth, wrapping, shifts and inserts', () => {
    // 4,100 spans two of the ring's blocks of 4,096 slots, the second only partly.
    for (const capacity of [1, 3, 64, 300, 4100]) {
      const rnd = random(capacity);
      const cols = new EntryRing(capacity);
      const ref = new Ring<LogEntry>(capacity);
      for (let step = 0; step < Math.max(2000, 3 * capacity); step++) {
        const r = rnd();
        const n = Math.floor(rnd() * 1e6);
        if (r < 0.75) {
          // A line cut out of a longer chunk, with and without a time.
          const chunk = `2026-11-23T18:37:45.${String(n).padStart(9, '0')}Z line ${n} ${'x'.repeat(n % 7)}\n`;
          const timed = n % 3 !== 0;
          const text = chunk.slice(31, -1);
          const frame = n % 11 === 0 ? { path: '/app/score.py', line: n % 50, func: 'run', start: 2, end: 9 } : undefined;
          const entry: LogEntry = {
            kind: 'line',
            text,
            time: timed ? chunk.slice(0, 30) : undefined,
            stream: n % 2 ? 'stderr' : 'stdout',
            level: (['error', undefined, 'info', 'debug', 'warning', 'critical'] as const)[n % 6],
            traceback: frame ? 'frame' : (['start', undefined, 'code', 'exception', 'chain'] as const)[n % 5],
            frame,
            cut: n % 4 === 0 ? true : undefined,
          };
          const line = { textSrc: chunk, textFrom: 31, textTo: chunk.length - 1, timeSrc: timed ? chunk : undefined, timeFrom: 0, timeTo: 30 };
          const dropped = cols.pushLine(line, entry.stream, entry.level, entry.traceback, entry.frame, entry.cut === true);
          assert.equal(dropped, ref.push(entry)?.text.length ?? 0);
        } else if (r < 0.85) {
          const mark: LogEntry = { kind: 'restart', text: '', time: `2026-11-23T18:40:00.${String(n).padStart(9, '0')}Z`, stream: 'stdout', restart: { restartCount: n } };
          assert.equal(cols.pushEntry(mark), ref.push(mark)?.text.length ?? 0);
        } else if (r < 0.95) {
          assert.equal(cols.shift(), ref.shift()?.text.length ?? 0);
        } else if (ref.length > 0) {
          const at = ref.firstIndex + (n % (ref.length + 1));
          const mark: LogEntry = { kind: 'restart', text: '', stream: 'stdout', restart: {} };
          assert.equal(cols.insertBefore(at, mark), ref.insertBefore(at, mark)?.text.length ?? 0);
        }
        assert.deepEqual([cols.firstIndex, cols.endIndex, cols.length], [ref.firstIndex, ref.endIndex, ref.length], `step ${step}`);
      }
      assert.deepEqual(cols.since(0), ref.since(0), `capacity ${capacity}`);
      for (let i = ref.firstIndex - 1; i <= ref.endIndex; i++) {
        assert.equal(cols.isRestart(i), ref.at(i)?.kind === 'restart');
        assert.equal(cols.timeAt(i), ref.at(i)?.time);
      }
    }
  });
});
