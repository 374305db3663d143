// Reading a source's last lines once, through a LogBuffer, as crash analysis
// does: lines cut across chunks, timestamps kept for the analysis, the open
// stream disposed, and a source that fails or never answers ends the read.
import * as assert from 'node:assert/strict';
import { heldRunLines, readTail } from '../../../../src/core/logs/readTail';
import { LogBuffer } from '../../../../src/core/logs/logBuffer';
import type { LogOpenOptions, LogSink, LogSource } from '../../../../src/core/logs/logSource';
import { logicalLinesOf } from '../../../../src/core/logs/logicalLines';
import { analyze } from '../../../../src/core/crash/crashCauses';

/** A source that plays `script` against the sink it is opened with, and records what it was asked. */
function source(script: (sink: LogSink) => void): LogSource & { asked: LogOpenOptions[]; disposed: number } {
  const s = {
    id: 'test',
    title: 'test',
    asked: [] as LogOpenOptions[],
    disposed: 0,
    open(options: LogOpenOptions, sink: LogSink) {
      s.asked.push(options);
      script(sink);
      return { dispose: () => void s.disposed++ };
    },
  };
  return s;
}

describe('readTail', () => {
  it('cuts lines across chunks and streams, keeps their timestamps, and disposes the stream', async () => {
    const enc = new TextEncoder();
    const src = source((sink) => {
      sink.data({ text: enc.encode('2026-11-29T18:00:00.000000001Z Booting wor'), stream: 'stdout' });
      sink.data({ text: 'ker\n2026-11-29T18:00:00.000000002Z init()\n', stream: 'stdout' });
      sink.data({ text: '2026-11-29T18:00:00.000000003Z Traceback (most recent call last):\n', stream: 'stderr' });
      sink.end();
    });
    const entries = await readTail(src, { tail: 2000 });
    assert.deepEqual(entries.map((e) => e.text), ['Booting worker', 'init()', 'Traceback (most recent call last):']);
    assert.equal(entries[0].time, '2026-11-29T18:00:00.000000001Z');
    assert.deepEqual(src.asked, [{ follow: false, timestamps: true, tail: 2000 }]);
    await new Promise((r) => setImmediate(r));
    assert.equal(src.disposed, 1);
  });

  it('gives crash analysis masked lines, from which it still finds the cause', async () => {
    const at = (n: number) => `2026-11-29T18:00:0${n}.000000000Z`;
    const src = source((sink) => {
      sink.data({ text: `${at(1)} export AZURE_CLIENT_SECRET=cl1ent~secret\n${at(2)} 2024-01-09 09:31:41,871 | root | ERROR | User's init function failed\n`, stream: 'stdout' });
      sink.data({ text: `${at(3)} Traceback (most recent call last):\n${at(4)}   File "/var/azureml-app/score.py", line 30, in init\n`, stream: 'stderr' });
      sink.data({ text: `${at(5)}     connect(password="hunter2")\n${at(6)} ValueError: login failed with Authorization: Bearer 0pen.sesame.token\n`, stream: 'stderr' });
      sink.end();
    });
    const entries = await readTail(src, { tail: 100 });
    const all = entries.map((e) => e.text).join('\n');
    for (const s of ['cl1ent', 'hunter2', '0pen.sesame']) assert.ok(!all.includes(s), s);
    const [f] = analyze({ lines: logicalLinesOf(entries) });
    assert.equal(f.code, 'init-failed');
    assert.deepEqual(f.location, { path: '/var/azureml-app/score.py', line: 30 });
    assert.equal(f.data?.exception, 'ValueError: login failed with Authorization: Bearer ********');
  });

  it('puts a stderr line the engine stored early back where its stamp says it was written', async () => {
    const src = source((sink) => {
      sink.data({ text: '2026-11-29T18:00:00.000000001Z line 1\n2026-11-29T18:00:00.000000004Z line 4\n', stream: 'stdout' });
      sink.data({ text: '2026-11-29T18:00:00.000000002Z line 2\n', stream: 'stderr' });
      sink.data({ text: '2026-11-29T18:00:00.000000003Z line 3\n', stream: 'stdout' });
      sink.end();
    });
    assert.deepEqual((await readTail(src, { tail: 10 })).map((e) => e.text), ['line 1', 'line 2', 'line 3', 'line 4']);
  });

  it('asks for the previous run where told', async () => {
    const src = source((sink) => setTimeout(() => sink.end(), 5));
    assert.deepEqual(await readTail(src, { tail: 10, previous: true }), []);
    assert.equal(src.asked[0].previous, true);
  });

  it('rejects with the source\'s error when it will not retry, and not while it retries', async () => {
    const src = source((sink) => {
      sink.error(new Error('the daemon went away'), true);
      setTimeout(() => sink.error(new Error('previous terminated container not found'), false), 5);
    });
    await assert.rejects(readTail(src, { tail: 10 }), /previous terminated container not found/);
  });

  it('gives up on a source that never answers', async () => {
    await assert.rejects(readTail(source(() => undefined), { tail: 10, timeoutMs: 30 }), /no answer within/);
  });

  describe('heldRunLines (an open tab that holds the run)', () => {
    const held = (text: string) => {
      const b = new LogBuffer({ timestamps: true });
      b.append({ text, stream: 'stdout' });
      b.markRestart({ at: '2026-11-29T18:00:05Z' });
      b.end();
      return b.entries();
    };
    const log = Array.from({ length: 2500 }, (_, i) => `2026-11-29T18:00:06.${String(i).padStart(9, '0')}Z noise ${i}`).join('\n');
    const run = `2026-11-29T18:00:06Z Traceback (most recent call last):\n${log}\n`;

    it('gives every line of a run the tab holds, in write order, restart marks left out, even past the tail a fetch would read', () => {
      const lines = heldRunLines(held(run), '2026-11-29T18:00:05.5Z')!;
      assert.equal(lines.length, 2501);
      assert.equal(lines[0].text, 'Traceback (most recent call last):');
      assert.ok(lines.every((l) => l.kind === 'line'));
    });

    it('gives nothing when the tab cannot be shown to hold the run: it ended with an earlier one, printed nothing since, or the start is unknown', () => {
      assert.equal(heldRunLines(held(run), '2026-11-29T18:00:07Z'), undefined);
      assert.equal(heldRunLines(held(''), '2026-11-29T18:00:05Z'), undefined);
      assert.equal(heldRunLines(held(run), undefined), undefined);
      // A start in another offset is compared as a time, not as text.
      assert.equal(heldRunLines(held(run), '2026-11-29T19:00:05+01:00')?.length, 2501);
    });
  });
});

