// A log tab's lifetime and batching, driven by a LogSource that plays the
// real sample-image output (an in-memory source, the same contract Docker's
// and Kubernetes' sources implement).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogOpenOptions, LogSink, LogSource } from '../../../src/core/logs/logSource';
import { LogTab, logTabId, type LogTabUpdate } from '../../../src/logs/logTab';
import { rowChars } from '../../../src/logs/logWire';
import { ansiFlood, chunksOf, hugeLine, stamp } from '../core/logs/hostileOutput';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'logpanel');
const stdout = fs.readFileSync(path.join(fixtures, 'init-raises.stdout.txt'), 'utf8');
const stderr = fs.readFileSync(path.join(fixtures, 'init-raises.stderr.txt'), 'utf8');
// The real image writes runit's lines, the banner and azmlinfsrv's records on stdout, gunicorn's on stderr.
const outLines = stdout.split('\n').filter(Boolean);
const outTimes = outLines.map((l) => l.slice(0, l.indexOf(' ')));

/** A source that hands its sink to the test, and counts open streams. */
function replaySource() {
  const s = { open: 0, opened: [] as LogOpenOptions[], sink: undefined as LogSink | undefined };
  const source: LogSource = {
    id: 'replay:1',
    title: 'replay',
    previous: 'restartMarks',
    open(options, sink) {
      s.open++;
      s.opened.push(options);
      s.sink = sink;
      return { dispose: () => void s.open-- };
    },
  };
  return { source, s };
}

describe('LogTab', () => {
  it('opens with timestamps and a tail of its capacity, and frees the stream once on dispose', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 5000 }, () => undefined);
    tab.start();
    tab.start();
    assert.equal(s.open, 1);
    assert.deepEqual(s.opened[0], { follow: true, timestamps: true, previous: undefined, tail: 5000 });
    tab.dispose();
    tab.dispose();
    assert.equal(s.open, 0);
    // A late chunk from a closing socket is ignored.
    s.sink?.data({ text: stdout, stream: 'stdout' });
    assert.equal(tab.buffer.length, 0);
  });

  it('sends everything first, then only what is new, and everything again after resend()', () => {
    const { source, s } = replaySource();
    const changes: string[] = [];
    const tab = new LogTab(source, { capacity: 1000 }, (_t, what) => changes.push(what));
    tab.start();
    s.sink?.data({ text: stdout, stream: 'stdout' });
    assert.equal(tab.state, 'live');
    const first = tab.takeUpdate();
    assert.ok(first?.reset);
    assert.equal(first.entries.length, 127);
    assert.equal(tab.takeUpdate(), undefined);
    s.sink?.data({ text: stderr, stream: 'stderr' });
    const next = tab.takeUpdate();
    assert.equal(next?.reset, false);
    assert.equal(next?.first, 127);
    assert.equal(next?.entries.length, 8);
    tab.resend();
    assert.equal(tab.takeUpdate()?.entries.length, 135);
    assert.ok(changes.includes('entries') && changes.includes('state'));
  });

  it('resets the webview copy when a late restart mark is inserted or the ring wrapped', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 10 }, () => undefined);
    tab.start();
    s.sink?.data({ text: stdout, stream: 'stdout' });
    tab.takeUpdate();
    // A start within the ten lines the ring still holds (the banner azmlinfsrv flushes as it exits).
    s.sink?.restart({ at: outTimes[outTimes.length - 3], exitCode: 3 });
    const u = tab.takeUpdate();
    assert.ok(u?.reset);
    assert.equal(u.entries.filter((e) => e.kind === 'restart').length, 1);
    assert.equal(u.entries.length, 10);
  });

  it('reports errors and the end, and resumes through the sink', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 1000 }, () => undefined);
    tab.start();
    s.sink?.data({ text: stdout, stream: 'stdout' });
    s.sink?.error(new Error('connection reset'), true);
    assert.equal(tab.state, 'reconnecting');
    assert.equal(tab.detail, 'connection reset');
    assert.equal(s.sink?.resumeFrom(), '2026-11-29T15:45:19.358699266Z');
    s.sink?.data({ text: stdout.split('\n').slice(-2).join('\n'), stream: 'stdout' });
    assert.equal(tab.buffer.length, outLines.length, 'the resent boundary line is dropped');
    s.sink?.end();
    assert.equal(tab.state, 'ended');
  });

  it('masks a secret in what a failing source says, as in its lines', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 100 }, () => undefined);
    tab.start();
    s.sink?.error(new Error('GET https://reg.example/v2/?sig=AbCdEf123%3D failed: 403'), false);
    assert.equal(tab.state, 'error');
    assert.equal(tab.detail, 'GET https://reg.example/v2/?sig=******** failed: 403');
  });

  it('names a previous-run tab apart and asks the source for the previous stream', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 100, previous: true }, () => undefined);
    tab.start();
    assert.equal(tab.id, logTabId('replay:1', true));
    assert.notEqual(tab.id, logTabId('replay:1', false));
    assert.deepEqual(s.opened[0], { follow: false, timestamps: true, previous: true, tail: 100 });
  });

  it('hands a backlog of 100,000 ANSI lines to the webview in bounded batches, each entry once, in order (issue 17)', function () {
    this.timeout(60_000); // megabytes through the buffer: a guard against a stuck loop, not a timing
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 50_000 }, () => undefined);
    tab.start();
    for (const c of chunksOf(ansiFlood(100_000), 3, 65536)) s.sink?.data({ text: c, stream: 'stdout' });
    const batch = { entries: 5000, chars: 1 << 20 };
    const updates: LogTabUpdate[] = [];
    for (let u = tab.takeUpdate(batch); u; u = tab.takeUpdate(batch)) updates.push(u);
    assert.equal(tab.hasUpdate, false);
    assert.equal(updates.length, 10, 'ten messages of 5,000, not one of 50,000');
    assert.ok(updates[0].reset && updates.slice(1).every((u) => !u.reset));
    assert.ok(updates.every((u) => u.entries.length <= batch.entries));
    const sent = updates.flatMap((u) => u.entries);
    assert.equal(sent.length, 50_000);
    assert.deepEqual(sent, tab.buffer.entries());
    updates.forEach((u, i) => assert.equal(u.first, (i === 0 ? tab.buffer.firstIndex : updates[i - 1].first + updates[i - 1].entries.length)));
  });

  it('counts a long line as the row it becomes in a batch, and starts over from the oldest when the ring wrapped mid-way', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 100 }, () => undefined);
    tab.start();
    s.sink?.data({ text: `${stamp(1)} ${hugeLine(1 << 20).raw}\n`, stream: 'stdout' });
    const first = tab.takeUpdate({ entries: 5000, chars: 4 * rowChars });
    assert.equal(first?.entries.length, 4, 'sixteen 64 Ki pieces weigh a row each');
    for (let i = 0; i < 200; i++) s.sink?.data({ text: `${stamp(10 + i)} line ${i}\n`, stream: 'stdout' });
    const next = tab.takeUpdate({ entries: 5000, chars: 1 << 20 });
    assert.ok(next?.reset);
    assert.equal(next.first, tab.buffer.firstIndex);
    assert.equal(next.entries.length, 100);
  });
});
