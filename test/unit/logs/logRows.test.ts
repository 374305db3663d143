// Which entries of a tab's buffer are the panel's rows (src/core/logs/logRows.ts),
// fed as a stream feeds the buffer: chunks cut anywhere, the panel reading the
// rows after each. The filter and the drop of old entries must cost each
// entry once, however many chunks a burst takes (issue 17).
import * as assert from 'node:assert/strict';
import { LogBuffer } from '../../../src/core/logs/logBuffer';
import { LogRows } from '../../../src/core/logs/logRows';
import { compileFilter } from '../../../src/core/logs/logFilter';
import { rowChars, toWire } from '../../../src/logs/logWire';
import { cutNote } from '../../../src/logs/webview/cutNote';
import { ansiFlood, chunksOf } from '../core/logs/hostileOutput';

const strings = { cut: '{0} of {1} characters shown', continues: 'goes on below' };
const flood = [...chunksOf(ansiFlood(100_000), 11, 65536)];

describe('LogRows (the panel\'s rows over a tab\'s buffer)', function () {
  this.timeout(60_000); // megabytes through the buffer: a guard against a stuck loop, not a timing

  it('filters a burst of 100,000 lines as it arrives by testing each line once', () => {
    const b = new LogBuffer({ timestamps: true, capacity: 100_000 });
    const rows = new LogRows(b);
    rows.setFilter(compileFilter('café0 ').test);
    for (const c of flood) {
      b.append({ stream: 'stdout', text: c });
      assert.ok(rows.count >= 0); // the panel reads the rows after each chunk
    }
    assert.equal(rows.tested, b.length, 'one test per line, not one per line per chunk');
    const expected = b.entries().filter((e) => e.text.includes('café0 ')).length;
    assert.equal(rows.count, expected);
    assert.ok(expected > 0 && expected < b.length);
    assert.ok(b.entries().every((e) => !e.text.includes('\x1b')), 'no escape byte reaches a row');
  });

  it('lets go of what the buffer dropped, in bulk, keeping the row list within a quarter of the buffer', () => {
    const b = new LogBuffer({ timestamps: true, capacity: 20_000 });
    const rows = new LogRows(b);
    rows.setFilter(compileFilter('/größe3 /').test);
    for (const c of flood) {
      b.append({ stream: 'stdout', text: c });
      const held = b.entries().filter((e) => e.text.includes('Größe3 '));
      assert.equal(rows.count, held.length);
      if (held.length) assert.equal(b.at(rows.indexAt(rows.count - 1))?.text, held[held.length - 1].text);
      if (held.length) assert.equal(rows.indexAt(0) >= b.firstIndex, true, 'no row of a dropped entry');
    }
    assert.ok(rows.tested <= b.endIndex, 'no rescans');
    // rowOf finds a row by its entry, dropped ones before the first row.
    assert.equal(rows.rowOf(0), 0);
    assert.equal(rows.rowOf(rows.indexAt(5)), 5);
  });

  it('counts every entry without a filter, and a range alone without one', () => {
    const b = new LogBuffer({ timestamps: true, capacity: 1000 });
    for (const c of flood.slice(0, 3)) b.append({ stream: 'stdout', text: c });
    const rows = new LogRows(b);
    assert.equal(rows.count, b.length);
    assert.equal(rows.indexAt(0), b.firstIndex);
    rows.setRange({ from: b.firstIndex + 10, to: b.firstIndex + 20 });
    assert.equal(rows.count, 10);
    assert.equal(rows.indexAt(0), b.firstIndex + 10);
    rows.setRange(undefined);
    assert.equal(rows.count, b.length);
  });

  it('says in the row that a line was cut, with its size', () => {
    const long = toWire({ kind: 'line', text: 'z'.repeat(70_000), stream: 'stdout', cut: true }, []);
    assert.equal(long.t.length, rowChars);
    assert.equal(cutNote(long, strings), ` … ${(2048).toLocaleString()} of ${(70_000).toLocaleString()} characters shown; goes on below`);
    assert.equal(cutNote({ t: 'short' }, strings), '');
  });
});

describe('compileFilter (the filter box)', () => {
  it('reads text case-insensitively and /regex/ with its flags, never stateful', () => {
    assert.equal(compileFilter('').test, undefined);
    assert.equal(compileFilter('ERROR').test?.('an error here'), true);
    const re = compileFilter('/err(or)? \\d+/g');
    assert.equal(re.invalid, false);
    // With `g` kept, every other test() of a matching line would fail.
    assert.deepEqual([1, 2, 3].map(() => re.test?.('ERROR 42')), [true, true, true]);
    const bad = compileFilter('/(unclosed/');
    assert.deepEqual([bad.invalid, bad.test], [true, undefined]);
  });
});
