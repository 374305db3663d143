// The run() try/except debugging aid: the result is valid Python (checked by
// python3 itself), run() then returns its error instead of raising, and the
// edit leaves docstrings, multi-line strings and line ends alone.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUN_WRAP_MARKER, wrapRunInTryExcept } from '../../../../src/core/edits/runTryExcept';

const root = path.join(__dirname, '..', '..', '..', '..', '..');

/** Runs `source` as a module in python3, then `call`; returns stdout (throws on a Python error). */
function python(source: string, call: string): string {
  const program = `import sys\nns = {}\nexec(compile(sys.stdin.read(), 'score.py', 'exec'), ns)\n${call}\n`;
  const r = spawnSync('python3', ['-c', program], { input: source, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

function wrapped(text: string): string {
  const r = wrapRunInTryExcept(text);
  assert.ok(r.changed, JSON.stringify(r));
  assert.equal(r.text, text.slice(0, r.edit.offset) + r.edit.newText + text.slice(r.edit.offset + r.edit.length));
  return r.text;
}

describe('runTryExcept', function () {
  // Each case starts python3 once; on a loaded machine that alone can take seconds.
  this.timeout(60000);

  it('wraps the sample\'s run(): errors come back as {"error": ...} and good input still scores', () => {
    const text = fs.readFileSync(path.join(root, 'sample', 'score.py'), 'utf8');
    const out = wrapped(text);
    assert.ok(out.includes(RUN_WRAP_MARKER));
    const model = JSON.stringify({ name: 'm', bias: 1, weights: [1, 1, 1, 1] });
    const [bad, good] = python(out, `print(ns['run']('not json'))\nns['model'] = ${model}\nprint(ns['run']('{"data": [[1, 2, 3, 4]]}'))`).split('\n');
    assert.ok(bad.startsWith('{"error": "Expecting value'), bad);
    assert.equal(good, "{'predictions': [11], 'model': 'm'}");
  });

  it('wraps the run-raises fixture; the first body line is reported', () => {
    const text = fs.readFileSync(path.join(root, 'test', 'fixtures', 'apps', 'run-raises', 'score.py'), 'utf8');
    const r = wrapRunInTryExcept(text);
    assert.ok(r.changed);
    assert.equal(r.line, text.split('\n').findIndex((l) => l.startsWith('def run(')) + 2);
    assert.match(python(r.text, "print(ns['run']('{\"data\": [[1]]}'))"), /^\{"error": "list indices must be integers/);
  });

  it('keeps the docstring above the try, multi-line strings as they were, CRLF and tabs', () => {
    const text = [
      'def run(data,',
      '\t\tscale=1):  # scores',
      '\t"""Scores data.',
      '',
      '\tReturns a dict."""',
      '\ttemplate = """line one',
      'line two"""',
      '',
      '\treturn {"t": template, "v": 1 / scale}',
      '',
      'def other():',
      '\treturn 2',
      '',
    ].join('\r\n');
    const out = wrapped(text);
    assert.ok(!/[^\r]\n/.test(out), 'CRLF kept');
    assert.ok(out.startsWith('def run(data,\r\n\t\tscale=1):  # scores\r\n\t"""Scores data.\r\n\r\n\tReturns a dict."""\r\n\t# azureml-debug'));
    assert.ok(out.includes('\t\ttemplate = """line one\r\nline two"""'), out);
    const results = python(out, [
      "print(ns['run'](0, 0))",
      "print(repr(ns['run'](0)['t']))",
      "print(ns['other']())",
      "print(ns['run'].__doc__.splitlines()[0])",
    ].join('\n')).split('\n');
    assert.deepEqual(results, ["{'error': 'division by zero'}", "'line one\\nline two'", '2', 'Scores data.']);
  });

  it('does nothing twice, nor without a run(), nor on a one-line run()', () => {
    const text = fs.readFileSync(path.join(root, 'sample', 'score.py'), 'utf8');
    assert.deepEqual(wrapRunInTryExcept(wrapped(text)), { changed: false, reason: 'already-wrapped' });
    assert.deepEqual(wrapRunInTryExcept('def init():\n    pass\n# def run(x):\n'), { changed: false, reason: 'no-run' });
    assert.deepEqual(wrapRunInTryExcept('def run(x): return x\n'), { changed: false, reason: 'one-line-run' });
    assert.deepEqual(wrapRunInTryExcept('s = """\ndef run(x):\n    pass\n"""\n'), { changed: false, reason: 'no-run' });
  });
});

describe('runTryExcept on a large score.py (issue 17)', () => {
  it('wraps run() after and around 15,000 string lines, leaving every string line as it was', () => {
    // Each line asked every string of the file whether it was inside it:
    // quadratic, some 18 s for 80,000 such lines (the size limit keeps a script to fewer now).
    const strings = 'x = "a"\n'.repeat(15_000);
    const text = `${strings}def run(data):\n    s = """\n${strings}"""\n    return s\n`;
    const out = wrapped(text);
    assert.ok(out.startsWith(`${strings}def run(data):\n    ${RUN_WRAP_MARKER}\n    try:\n        s = """\n${strings}"""\n        return s\n    except`));
  });

  it('tells whether score.py imports json on any line without splitting it every way (issue 17)', () => {
    // `import\s+.*\bjson\b` split a line of `import` and spaces between its two runs: minutes for this one.
    const run = 'def run(data):\n    return data\n';
    for (const tail of [`import${' '.repeat(250_000)}`, `import\u2028`.repeat(35_000)]) {
      assert.ok(wrapped(run + tail).includes('        return {"error": str(e)}'), 'no json import: a dict comes back');
    }
    for (const imports of ['import json', 'import os, json', 'import simplejson as json', 'from json import dumps']) {
      assert.ok(wrapped(`${imports}\n${run}`).includes('return json.dumps({"error": str(e)})'), imports);
    }
    for (const imports of ['import jsonschema', 'x = 1  # import json', '    import json']) {
      assert.ok(wrapped(`${imports}\n${run}`).includes('return {"error": str(e)}'), imports);
    }
  });

  it('leaves a score.py past 256 KB alone, saying so', () => {
    const big = `def run(data):\n    return data\n${'#'.repeat(256 * 1024)}\n`;
    assert.deepEqual(wrapRunInTryExcept(big), { changed: false, reason: 'too-large' });
    assert.ok(wrapRunInTryExcept(big.slice(0, 200_000)).changed);
  });
});
