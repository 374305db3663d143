// Log entries as plain text for "Open as document": one line per entry,
// timestamps and a filter on demand, restart marks as a ruled line; on the
// real sample-image output (test/fixtures/logpanel).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { logText } from '../../../../src/core/logs/logText';
import { LogBuffer } from '../../../../src/core/logs/logBuffer';

const fixtures = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'logpanel');
const stdout = fs.readFileSync(path.join(fixtures, 'init-raises.stdout.txt'), 'utf8');
const stderr = fs.readFileSync(path.join(fixtures, 'init-raises.stderr.txt'), 'utf8');
// The real image writes runit's lines, the banner and azmlinfsrv's records on stdout, gunicorn's on stderr.
const outLines = stdout.split('\n').filter(Boolean);
const errLines = stderr.split('\n').filter(Boolean);

describe('log text form', () => {
  const b = new LogBuffer({ timestamps: true });
  b.append({ text: stdout, stream: 'stdout' });
  b.markRestart({ exitCode: 3, restartCount: 1 });
  b.append({ text: stderr, stream: 'stderr' });

  it('writes one line per entry, timestamps and filter on demand', () => {
    const label = (i: { exitCode?: number }) => `Restarted (exit ${i.exitCode})`;
    const text = logText(b.entries(), { timestamps: false, restartLabel: label });
    const lines = text.split('\n');
    assert.equal(lines.length, outLines.length + 1 + errLines.length + 1);
    assert.equal(lines[outLines.length], '──────── Restarted (exit 3) ────────');
    assert.equal(lines[81], '  File "/var/azureml-app/score.py", line 16, in init');
    assert.equal(lines[0], '2026-11-29T15:45:15,724277589+00:00 - nginx/run ', 'runit\'s own stamp is text, not a timestamp');
    const withTs = logText(b.entries(), { timestamps: true, restartLabel: label, filter: 'valueerror' });
    assert.deepEqual(withTs.split('\n'), [
      // The server's own traceback ("Error while fetching model IDs") ends in a ValueError too.
      "2026-11-29T15:45:18.802341505Z ValueError: invalid literal for int() with base 10: 'model.json'",
      '2026-11-29T15:45:18.812196271Z     raise ValueError("weights are not normalised: expected 4 features, found 3")',
      '2026-11-29T15:45:18.812199106Z ValueError: weights are not normalised: expected 4 features, found 3',
      '──────── Restarted (exit 3) ────────',
      '',
    ]);
    // A /regex/ in the panel's filter box keeps the same lines in the document as in the panel.
    const regex = logText(b.entries(), { timestamps: false, restartLabel: label, filter: '/^valueerror: weights/' });
    assert.deepEqual(regex.split('\n'), ['ValueError: weights are not normalised: expected 4 features, found 3', '──────── Restarted (exit 3) ────────', '']);
  });
});
