// Log entries in the form the panel's webview receives: app frames linked,
// the server's own frames and its copy of the entry script not; on the real
// sample-image output (test/fixtures/logpanel).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogBuffer } from '../../../src/core/logs/logBuffer';
import { toWire } from '../../../src/logs/logWire';

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
});
