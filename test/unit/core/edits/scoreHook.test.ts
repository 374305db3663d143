// The score.py corpus: the debugpy hook lands after the docstring and
// __future__ imports as one insertion, the result compiles with the real
// python3 and keeps its docstring, a second insert changes nothing, and
// removing it gives back the original bytes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { debugHookLines, HOOK_BEGIN, HOOK_END, insertDebugHook, removeDebugHook } from '../../../../src/core/edits/scoreHook';
import { assertSameLineEnds, corpus, repoRoot, singleInsertion } from './textChecks';

const expected = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/score/expected.json'), 'utf8')) as Record<string, ['inserted' | 'unchanged', number]>;
const files = corpus('score', ['expected.json']);
const options = { host: '0.0.0.0', port: 5678, timeoutSeconds: 30 };
// The system interpreter directly: a version-manager shim (pyenv) costs seconds per call.
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Compiles `source` with python3 and returns the module docstring (null if none). */
function compilePython(source: string): { docstring: string | null } {
  const script = 'import ast, json, sys\nsrc = sys.stdin.buffer.read()\ncompile(src, "score.py", "exec")\nprint(json.dumps({"docstring": ast.get_docstring(ast.parse(src))}))';
  const r = spawnSync(python, ['-c', script], { input: Buffer.from(source, 'utf8'), encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 could not compile it: ${r.stderr}`);
  return JSON.parse(r.stdout) as { docstring: string | null };
}

describe('scoreHook (corpus)', () => {
  it('has at least 10 fixtures, each with an expectation', () => {
    assert.ok(files.length >= 10, `${files.length} fixtures`);
    assert.deepEqual(files.map(([f]) => f).sort(), Object.keys(expected).sort());
  });

  for (const [file, before] of files) {
    const [outcome, line] = expected[file];
    it(`${file}: ${outcome} at line ${line}`, () => {
      const r = insertDebugHook(before, options);
      assert.ok(!('error' in r));
      assert.equal(r.line, line);
      if (outcome === 'unchanged') {
        assert.equal(r.changed, false);
        assert.equal(r.text, before);
        return;
      }
      assert.equal(r.changed, true);
      const after = r.text;
      const inserted = singleInsertion(before, after);
      assert.ok(inserted.length > 0);
      assert.equal(after.split(HOOK_BEGIN).length, 2, 'one hook');
      assert.equal(after.split(HOOK_END).length, 2);
      assert.equal(after.split(/\r?\n/)[line - 1].startsWith(HOOK_BEGIN), true, 'hook starts at the expected line');
      assertSameLineEnds(before, after);
      // Real Python accepts it (a __future__ import after the hook would be a SyntaxError) and the docstring is still the docstring.
      assert.deepEqual(compilePython(after), compilePython(before));

      const again = insertDebugHook(after, options);
      assert.ok(!('error' in again) && !again.changed && again.text === after, 'inserted once');

      const removed = removeDebugHook(after);
      assert.ok(!('error' in removed) && removed.changed);
      assert.equal(Buffer.compare(Buffer.from(removed.text), Buffer.from(before)), 0, 'removal gives back the original bytes');
    });
  }
});

describe('scoreHook (details)', () => {
  it('writes port, host and timeout from the options; 0 waits forever', () => {
    const lines = debugHookLines({ host: '127.0.0.1', port: 5690, timeoutSeconds: 0 }).join('\n');
    assert.match(lines, /listen\(\("127\.0\.0\.1", 5690\)\)/);
    assert.match(lines, /wait_for_client\(\)/);
    assert.match(debugHookLines(options).join('\n'), /monotonic\(\) \+ 30/);
  });

  it('refuses options that would write broken Python', () => {
    assert.throws(() => debugHookLines({ host: '0.0.0.0")); import os; ("', port: 5678, timeoutSeconds: 1 }), RangeError);
    assert.throws(() => debugHookLines({ host: '::1', port: 70000, timeoutSeconds: 1 }), RangeError);
    assert.throws(() => debugHookLines({ host: 'localhost', port: 5678, timeoutSeconds: -1 }), RangeError);
  });

  it('says so when there is nothing to remove, and reports a hook missing its last line', () => {
    const none = removeDebugHook('import os\n');
    assert.ok(!('error' in none) && !none.changed && /no debug hook/.test(none.reason));
    const cut = removeDebugHook(`import os\n${HOOK_BEGIN}\ntry:\n    pass\n`);
    assert.ok('error' in cut);
    assert.equal(cut.line, 2);
  });

  it('looks for a listener of its own on Python\'s lines, not JavaScript\'s (issue 17)', () => {
    // Each U+2028 started a line for `^`, and the text up to the next \n was read from each: minutes for this one.
    const separators = 'x = 1\u2028'.repeat(40_000);
    const r = insertDebugHook(separators, options);
    assert.ok('changed' in r && r.changed && r.text.endsWith(separators));
    // To Python, U+2028 ends no line: the call is part of the comment.
    const commented = insertDebugHook('# note\u2028debugpy.listen(5678)\n', options);
    assert.ok('changed' in commented && commented.changed);
    const own = insertDebugHook('import debugpy\r\ndebugpy.listen(5678)\r\n', options);
    assert.ok('changed' in own && !own.changed && own.line === 2);
  });

  it('inserts nothing into a score.py past 256 KB, saying why, and still removes a hook from one', () => {
    const big = `import json\n${'#'.repeat(256 * 1024)}\n`;
    const r = insertDebugHook(big, options);
    assert.ok('error' in r && /^score\.py is larger than 256 KB; it was not read\./.test(r.error) && r.line === 1);
    const hooked = insertDebugHook(big.slice(0, 200_000), options);
    assert.ok('changed' in hooked && hooked.changed);
    const removed = removeDebugHook(hooked.text + '#'.repeat(100_000));
    assert.ok('changed' in removed && removed.changed);
  });

  it('keeps the hook after user edits elsewhere in the file and still removes it cleanly', () => {
    const before = '"""Doc."""\nimport json\n';
    const r = insertDebugHook(before, options);
    assert.ok(!('error' in r));
    const edited = `${r.text}\n\ndef run(raw):\n    return raw\n`;
    const removed = removeDebugHook(edited);
    assert.ok(!('error' in removed));
    assert.equal(removed.text, `${before}\n\ndef run(raw):\n    return raw\n`);
  });
});
