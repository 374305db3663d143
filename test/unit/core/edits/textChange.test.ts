// minimalReplacement: one replacement that rebuilds the new text, never
// splitting CRLF or surrogate pairs.
import * as assert from 'node:assert/strict';
import { minimalReplacement } from '../../../../src/core/edits/textChange';

function apply(before: string, after: string): string {
  const r = minimalReplacement(before, after);
  return before.slice(0, r.start) + r.text + before.slice(r.end);
}

describe('textChange.minimalReplacement', () => {
  const cases: [string, string][] = [
    ['abc', 'abc'],
    ['', 'x'],
    ['x', ''],
    ['a\r\nb', 'a\r\nX\r\nb'],
    ['a\r\n', 'a\r\n\r\n'],
    ['{\r\n}\r\n', '{\r\n  "a": 1\r\n}\r\n'],
    ['x😀y', 'x😁y'],
    ['aaaa', 'aaaaaa'],
  ];
  for (const [before, after] of cases) {
    it(`${JSON.stringify(before)} -> ${JSON.stringify(after)}`, () => {
      assert.equal(apply(before, after), after);
      const r = minimalReplacement(before, after);
      for (const at of [r.start, r.end]) {
        assert.ok(!(before[at - 1] === '\r' && before[at] === '\n'), 'CRLF split');
        const c = before.charCodeAt(at - 1);
        assert.ok(!(c >= 0xd800 && c <= 0xdbff), 'surrogate split');
      }
    });
  }

  it('is minimal for a pure insertion', () => {
    assert.deepEqual(minimalReplacement('ab', 'aXb'), { start: 1, end: 1, text: 'X' });
  });
});
