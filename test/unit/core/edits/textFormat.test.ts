// A file's own line ends and indentation, as the edits read them.
import * as assert from 'node:assert/strict';
import { detectEol, detectFormat, detectIndent, layoutSample, lineColumnAt, lineColumns } from '../../../../src/core/edits/textFormat';

describe('textFormat detection', () => {
  it('finds tabs, 2 and 4 spaces and line ends', () => {
    assert.deepEqual(detectIndent('{\n\t"a": {\n\t\t"b": 1\n\t}\n}', { insertSpaces: true, tabSize: 4 }), { insertSpaces: false, tabSize: 4 });
    assert.deepEqual(detectIndent('{\n  "a": {\n    "b": 1\n  }\n}', { insertSpaces: false, tabSize: 4 }), { insertSpaces: true, tabSize: 2 });
    assert.deepEqual(detectIndent('{}', { insertSpaces: true, tabSize: 3 }), { insertSpaces: true, tabSize: 3 });
    assert.equal(detectEol('a\r\nb\r\n'), '\r\n');
    assert.equal(detectEol('a', '\r\n'), '\r\n');
  });
});

describe('textFormat on a large text (issue 17)', () => {
  it('reads the layout from the first 64 KB, whole lines: 4 MB of blank lines took 2 s of CPU', () => {
    const head = `{\n\t"a": 1\n}\n${'\n'.repeat(layoutSample)}`;
    const tail = '\r\n'.repeat(2 * 1024 * 1024);
    const fallback = { insertSpaces: true, tabSize: 4, eol: '\r\n' };
    // All of it would say CRLF: 65,539 LF against two million.
    assert.deepEqual(detectFormat(head + tail, fallback), { insertSpaces: false, tabSize: 4, eol: '\n' });
    const across = `${'x'.repeat(layoutSample - 1)}\r\n${'\n'.repeat(10)}`;
    assert.equal(detectEol(across), '\r\n', 'a CRLF across the sample\'s end is read whole, and what follows is not');
    assert.deepEqual(detectIndent(`${'\n'.repeat(layoutSample)}  a\n`, fallback), fallback, 'past the sample: not read');
  });
});

describe('textFormat positions', () => {
  it('gives, for offsets in any order, what lineColumnAt gives for each', () => {
    const text = 'ab\ncd\r\n\nef';
    const at = lineColumns(text);
    for (const offset of [0, 1, 2, 3, 7, 8, 9, 11, 20, 4, 0, 10]) assert.deepEqual(at(offset), lineColumnAt(text, offset), `offset ${offset}`);
  });
});
