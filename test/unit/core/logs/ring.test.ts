// The fixed-capacity ring the log buffer rests on.
import * as assert from 'node:assert/strict';
import { Ring } from '../../../../src/core/logs/ring';

describe('Ring', () => {
  it('keeps the newest `capacity` items with absolute indexes', () => {
    const r = new Ring<number>(3);
    for (let i = 0; i < 10; i++) r.push(i);
    assert.equal(r.length, 3);
    assert.equal(r.firstIndex, 7);
    assert.equal(r.endIndex, 10);
    assert.deepEqual(r.since(0), [7, 8, 9]);
    assert.deepEqual(r.since(9), [9]);
    assert.equal(r.at(6), undefined);
    assert.equal(r.at(8), 8);
  });

  it('inserts in the middle, dropping the oldest when full', () => {
    const r = new Ring<string>(4);
    for (const s of ['a', 'b', 'c']) r.push(s);
    r.insertBefore(1, 'X');
    assert.deepEqual(r.since(0), ['a', 'X', 'b', 'c']);
    r.insertBefore(3, 'Y');
    assert.deepEqual(r.since(r.firstIndex), ['X', 'b', 'Y', 'c']);
    assert.equal(r.endIndex, 5);
    assert.throws(() => new Ring(0), RangeError);
  });

  it('hands back what it drops, and drops the oldest on shift()', () => {
    const r = new Ring<string>(2);
    assert.equal(r.push('a'), undefined);
    r.push('b');
    assert.equal(r.push('c'), 'a');
    assert.equal(r.shift(), 'b');
    assert.deepEqual([r.firstIndex, r.endIndex, r.length], [2, 3, 1]);
    assert.equal(r.insertBefore(2, 'X'), undefined);
    assert.equal(r.insertBefore(3, 'Y'), 'X');
    assert.deepEqual(r.since(0), ['Y', 'c']);
    r.shift();
    r.shift();
    assert.equal(r.shift(), undefined);
  });
});
