// Log entries in the form the panel's webview receives: app frames linked,
// the server's own frames and its copy of the entry script not; on the real
// sample-image output (test/fixtures/logpanel).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogBuffer } from '../../../src/core/logs/logBuffer';
import { rowChars, toWire } from '../../../src/logs/logWire';
import { chunksOf, hugeLine, stamp } from '../core/logs/hostileOutput';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'logpanel');
const stdout = fs.readFileSync(path.join(fixtures, 'init-raises.stdout.txt'), 'utf8');
const stderr = fs.readFileSync(path.join(fixtures, 'init-raises.stderr.txt'), 'utf8');
const errLines = stderr.split('\n').filter(Boolean);

describe('log wire form', () => {
  const b = new LogBuffer({ timestamps: true });
  b.append({ text: stdout, stream: 'stdout' });
  b.markRestart({ exitCode: 3, restartCount: 1 });
  b.append({ text: stderr, stream: 'stderr' });

  it('links app frames only, not the server or its copy of the entry script', () => {
    const wire = b.entries().map((e) => toWire(e, ['/var/azureml-app']));
    const linked = wire.filter((w) => w.k);
    assert.equal(linked.length, 1);
    assert.deepEqual(linked[0].k?.slice(2), ['/var/azureml-app/score.py', 16]);
    const w = linked[0];
    assert.equal(w.t.slice(w.k?.[0], w.k?.[1]), '"/var/azureml-app/score.py", line 16');
    assert.equal(w.b, 'f');
    assert.ok(wire.some((x) => x.r?.exitCode === 3));
    assert.equal(wire.filter((x) => x.e === 1).length, errLines.length);
    const main = toWire({ kind: 'line', text: '  File "/var/azureml-app/main.py", line 3, in run', stream: 'stdout', traceback: 'frame', frame: { path: '/var/azureml-app/main.py', line: 3, start: 7, end: 36 } }, ['/var/azureml-app']);
    assert.equal(main.k, undefined);
    // A v1 image's own files in the app root are the server's too, as crash analysis reads them.
    const v1 = toWire({ kind: 'line', text: '  File "/var/azureml-app/aml_blueprint.py", line 9, in run', stream: 'stdout', traceback: 'frame', frame: { path: '/var/azureml-app/aml_blueprint.py', line: 9, start: 7, end: 45 } }, ['/var/azureml-app']);
    assert.equal(v1.k, undefined);
  });

  it('sends a row of a 1 MB line cut to rowChars, saying how long the line was and that it goes on (issue 17)', () => {
    const line = hugeLine(1 << 20);
    const buffer = new LogBuffer({ timestamps: true });
    for (const c of chunksOf(`${stamp(1)} ${line.raw}\n${stamp(2)} after\n`, 9, 65536)) buffer.append({ stream: 'stdout', text: c });
    const entries = buffer.entries();
    const wire = entries.map((e) => toWire(e, ['/var/azureml-app']));
    const pieces = wire.slice(0, -1);
    assert.ok(pieces.every((w) => w.t.length <= rowChars && w.t.length > rowChars - 2));
    pieces.forEach((w, i) => {
      assert.equal(w.n, entries[i].text.length);
      assert.equal(w.t, entries[i].text.slice(0, w.t.length));
      assert.ok(!/[\ud800-\udbff]$/.test(w.t), 'no character cut in two');
    });
    assert.ok(pieces.slice(0, -1).every((w) => w.c === 1) && pieces[pieces.length - 1].c === undefined);
    // What travels is linear in rows, not in the line: ~2 Ki a row instead of 64 Ki.
    assert.ok(wire.reduce((n, w) => n + w.t.length, 0) <= wire.length * rowChars);
    assert.deepEqual(wire[wire.length - 1], { t: 'after', s: stamp(2) });
  });

  it('drops a frame link that falls beyond what a row shows', () => {
    const path = `/var/azureml-app/${'d/'.repeat(rowChars)}score.py`;
    const text = `  File "${path}", line 3, in init`;
    const w = toWire({ kind: 'line', text, stream: 'stderr', traceback: 'frame', frame: { path, line: 3, start: 7, end: 7 + path.length + 10 } }, ['/var/azureml-app']);
    assert.equal(w.k, undefined);
    assert.equal(w.n, text.length);
  });
});
