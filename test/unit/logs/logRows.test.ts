// The webview's copy of a tab (src/logs/webview/logRows.ts), fed as the
// panel feeds it: batches of wire entries. The filter and the drop of old
// entries must cost each entry once, however many batches a burst takes (issue 17).
import * as assert from 'node:assert/strict';
import { LogBuffer } from '../../../src/core/logs/logBuffer';
import { rowChars, toWire, type WireEntry } from '../../../src/logs/logWire';
import { cutNote, LogRows } from '../../../src/logs/webview/logRows';
import { ansiFlood, chunksOf } from '../core/logs/hostileOutput';

const strings = { cut: '{0} of {1} characters shown', continues: 'goes on below' };

/** The wire entries of 100,000 ANSI lines, cut anywhere on the way in. */
function floodEntries(): WireEntry[] {
  const b = new LogBuffer({ timestamps: true, capacity: 100_000 });
  for (const c of chunksOf(ansiFlood(100_000), 11, 65536)) b.append({ stream: 'stdout', text: c });
  return b.entries().map((e) => toWire(e, []));
}

describe('LogRows (the webview copy)', function () {
  this.timeout(60_000); // megabytes through the buffer: a guard against a stuck loop, not a timing
  const wire = floodEntries();

  it('filters a burst of 100,000 lines in 5,000-line batches by testing each line once', () => {
    const rows = new LogRows();
    rows.setFilter((t) => t.includes('café0 '));
    rows.reset('t', 0, []);
    for (let i = 0; i < wire.length; i += 5000) {
      rows.append(wire.slice(i, i + 5000), 0);
      // The view reads the rows after each batch (render, status line).
      assert.ok(rows.count >= 0);
    }
    assert.equal(rows.tested, wire.length, 'one test per line, not one per line per batch');
    const expected = wire.filter((e) => e.t.includes('café0 ')).length;
    assert.equal(rows.count, expected);
    assert.ok(expected > 0 && expected < wire.length);
    assert.ok(wire.every((e) => !e.t.includes('\x1b')), 'no escape byte reaches a row');
  });

  it('drops what the buffer no longer holds, in bulk, keeping the copy within a quarter of the buffer', () => {
    const rows = new LogRows();
    rows.setFilter((t) => t.includes('Größe3 '));
    rows.reset('t', 0, []);
    const held = 20_000; // a buffer of 20,000 entries
    let most = 0;
    for (let i = 0; i < wire.length; i += 2500) {
      rows.append(wire.slice(i, i + 2500), Math.max(0, i + 2500 - held));
      most = Math.max(most, rows.entries.length);
      assert.equal(rows.count, rows.entries.filter((e) => e.t.includes('Größe3 ')).length);
    }
    assert.ok(most <= held * 1.25 + 2500, `${most} entries kept`);
    assert.equal(rows.first + rows.entries.length, wire.length);
    assert.equal(rows.indexAt(rows.count - 1), wire.length - 1 - [...wire].reverse().findIndex((e) => e.t.includes('Größe3 ')));
    assert.ok(rows.tested <= wire.length + held * 1.25, 'no rescans');
  });

  it('says in the row that a line was cut, with its size', () => {
    const long = toWire({ kind: 'line', text: 'z'.repeat(70_000), stream: 'stdout', cut: true }, []);
    assert.equal(long.t.length, rowChars);
    assert.equal(cutNote(long, strings), ` … ${(2048).toLocaleString()} of ${(70_000).toLocaleString()} characters shown; goes on below`);
    assert.equal(cutNote({ t: 'short' }, strings), '');
  });
});
