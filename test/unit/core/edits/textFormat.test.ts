// A file's own line ends and indentation, as the edits read them.
import * as assert from 'node:assert/strict';
import { detectEol, detectIndent, lineColumnAt, lineColumns } from '../../../../src/core/edits/textFormat';

describe('textFormat detection', () => {
  it('finds tabs, 2 and 4 spaces and line ends', () => {
    assert.deepEqual(detectIndent('{\n\t"a": {\n\t\t"b": 1\n\t}\n}', { insertSpaces: true, tabSize: 4 }), { insertSpaces: false, tabSize: 4 });
    assert.deepEqual(detectIndent('{\n  "a": {\n    "b": 1\n  }\n}', { insertSpaces: false, tabSize: 4 }), { insertSpaces: true, tabSize: 2 });
    assert.deepEqual(detectIndent('{}', { insertSpaces: true, tabSize: 3 }), { insertSpaces: true, tabSize: 3 });
    assert.equal(detectEol('a\r\nb\r\n'), '\r\n');
    assert.equal(detectEol('a', '\r\n'), '\r\n');
  });
});

describe('textFormat positions', () => {
  it('gives, for offsets in any order, what lineColumnAt gives for each', () => {
    const text = 'ab\ncd\r\n\nef';
    const at = lineColumns(text);
    for (const offset of [0, 1, 2, 3, 7, 8, 9, 11, 20, 4, 0, 10]) assert.deepEqual(at(offset), lineColumnAt(text, offset), `offset ${offset}`);
  });
});
