// A log tab's lifetime, its quick first read, and the rows the panel sends
// its webview (LogView), driven by a LogSource that plays the real
// sample-image output (an in-memory source, the same contract Docker's and
// Kubernetes' sources implement).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogOpenOptions, LogSink, LogSource } from '../../../src/core/logs/logSource';
import { LogTab, logTabId, previewLines } from '../../../src/logs/logTab';
import { LogView } from '../../../src/logs/logView';
import { rowChars, type WireRows } from '../../../src/logs/logWire';
import { ansiFlood, chunksOf, hugeLine, stamp } from '../core/logs/hostileOutput';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'logpanel');
const stdout = fs.readFileSync(path.join(fixtures, 'init-raises.stdout.txt'), 'utf8');
// The real image writes runit's lines, the banner and azmlinfsrv's records on stdout (gunicorn's go to stderr).
const outLines = stdout.split('\n').filter(Boolean);
const outTimes = outLines.map((l) => l.slice(0, l.indexOf(' ')));

/** A source that hands its sink to the test, and counts open streams. */
function replaySource() {
  const s = { open: 0, opened: [] as LogOpenOptions[], sink: undefined as LogSink | undefined, sinks: [] as LogSink[] };
  const source: LogSource = {
    id: 'replay:1',
    title: 'replay',
    previous: 'restartMarks',
    open(options, sink) {
      s.open++;
      s.opened.push(options);
      s.sink = sink;
      s.sinks.push(sink);
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
    assert.equal(s.open, 2, 'the stream, and the quick read of its last lines');
    assert.deepEqual(s.opened[1], { follow: true, timestamps: true, previous: undefined, tail: 5000 });
    tab.dispose();
    tab.dispose();
    assert.equal(s.open, 0);
    // A late chunk from a closing socket is ignored.
    s.sink?.data({ text: stdout, stream: 'stdout' });
    assert.equal(tab.buffer.length, 0);
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

});

/** The rows message after feeding; the view must have one to send. */
function take(view: LogView): WireRows {
  const m = view.take([]);
  assert.ok(m, 'a message to send');
  return m;
}

describe('LogView (what the webview is sent)', function () {
  this.timeout(60_000); // megabytes through the buffer: a guard against a stuck loop, not a timing

  it('sends the rows in sight and a margin, never the whole log: 100,000 ANSI lines, following', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 50_000 }, () => undefined);
    tab.start();
    const view = new LogView();
    view.attach(tab);
    view.viewport(0, 40, true, undefined);
    s.sinks[0].end(); // the quick read found nothing yet
    for (const c of chunksOf(ansiFlood(100_000), 3, 65536)) s.sinks[1].data({ text: c, stream: 'stdout' });
    const m = take(view);
    assert.equal(m.count, 50_000);
    assert.equal(m.follow, true);
    assert.equal(m.rows.length, 40 * 3, 'the sight and two screens above it');
    assert.equal(m.from + m.rows.length, m.count, 'ending with the newest row');
    assert.equal(m.indexes.at(-1), tab.buffer.endIndex - 1);
    assert.equal(m.rows.at(-1)?.t, tab.buffer.at(tab.buffer.endIndex - 1)?.text);
    assert.equal(view.take([]), undefined, 'nothing new, nothing sent');
    // A new line: sent again, the last row is it.
    s.sinks[1].data({ text: `${stamp(999_999)} the newest\n`, stream: 'stdout' });
    view.changed();
    assert.equal(take(view).rows.at(-1)?.t, 'the newest');
  });

  it('keeps the same entry at the top while older ones drop, and a new filter keeps it where it can', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: previewLines }, () => undefined);
    tab.start();
    const view = new LogView();
    view.attach(tab);
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `${stamp(from + i)} line ${from + i}${(from + i) % 10 === 0 ? ' tenth' : ''}\n`).join('');
    s.sinks[0].data({ text: lines(0, 500), stream: 'stdout' });
    take(view);
    // Scrolled up to row 250 (line 250), paused.
    view.viewport(250, 20, false, tab.buffer.firstIndex + 250);
    let m = take(view);
    assert.equal(m.rows[m.indexes.indexOf(tab.buffer.firstIndex + 250)].t, 'line 250 tenth');
    // 150 more lines: 150 older ones drop; line 250 is now row 100, and the webview is told to scroll there.
    s.sinks[0].data({ text: lines(500, 150), stream: 'stdout' });
    view.changed();
    m = take(view);
    assert.equal(m.top, 100);
    assert.equal(m.rows[100 - m.from].t, 'line 250 tenth');
    // A filter: line 250 is a tenth, and stays the top row (row 10 of the tenths from line 150).
    view.setFilter('tenth');
    m = take(view);
    assert.equal(m.count, 50);
    assert.equal(m.top, 10);
    assert.equal(m.rows[10 - m.from].t, 'line 250 tenth');
    // A drag of the scroll bar past the rows sent names no entry: the row it lands on is kept from then on.
    view.setFilter('');
    take(view);
    view.viewport(400, 20, false, undefined);
    m = take(view);
    assert.equal(m.rows[400 - m.from].t, 'line 550 tenth');
    s.sinks[0].data({ text: lines(650, 100), stream: 'stdout' });
    view.changed();
    m = take(view);
    assert.equal(m.top, 300);
    assert.equal(m.rows[300 - m.from].t, 'line 550 tenth');
  });

  it('brings the last restart into sight, then the run before it alone, then all again', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: previewLines }, () => undefined);
    tab.start();
    const view = new LogView();
    view.attach(tab);
    assert.equal(view.reveal('lastRestart'), false);
    assert.equal(take(view).notice, 'noRestart');
    s.sinks[0].data({ text: stdout, stream: 'stdout' });
    s.sinks[0].restart({ at: outTimes[60], exitCode: 3 });
    assert.equal(view.reveal('lastRestart'), true);
    let m = take(view);
    assert.equal(m.follow, false);
    const mark = tab.buffer.lastRestartIndex();
    assert.equal(m.flash, mark);
    assert.equal(m.indexes[(m.top ?? -1) - m.from + 1], mark, 'the mark one row below the top');
    // The panel hidden and shown again: a new webview is told the same place.
    view.resync();
    const again = take(view);
    assert.deepEqual([again.follow, again.top, again.indexes], [false, m.top, m.indexes]);
    view.reveal('previousRun');
    m = take(view);
    assert.equal(m.range, true);
    assert.equal(m.count, (mark as number) - tab.buffer.firstIndex);
    view.reveal('all');
    m = take(view);
    assert.deepEqual([m.range, m.follow, m.count], [false, true, tab.buffer.length]);
  });

  it('opens a long history on a quick read of its last lines, until the main stream has caught up', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 50_000 }, () => undefined);
    tab.start();
    assert.deepEqual(s.opened[0], { follow: false, timestamps: true, tail: previewLines });
    const [quick, main] = s.sinks;
    const view = new LogView();
    view.attach(tab);
    view.viewport(0, 30, true, undefined);
    quick.data({ text: stdout.split('\n').slice(-40).join('\n'), stream: 'stdout' });
    quick.end();
    let m = take(view);
    assert.deepEqual([m.loading, m.count, m.rows.at(-1)?.t], [true, 39, outLines.at(-1)?.slice(outLines.at(-1)!.indexOf(' ') + 1)]);
    // The main stream's first part, short of the quick read's last line: still the quick read.
    main.data({ text: stdout.split('\n').slice(0, 50).join('\n') + '\n', stream: 'stdout' });
    assert.equal(tab.loadingHistory, true);
    main.data({ text: stdout.split('\n').slice(50).join('\n'), stream: 'stdout' });
    assert.equal(tab.loadingHistory, false, 'caught up: the quick read is let go');
    assert.equal(s.open, 1, 'and its stream closed');
    view.changed();
    m = take(view);
    assert.deepEqual([m.loading, m.count], [false, outLines.length]);
  });

  it('lets the quick read go when the source fails it or has nothing, and asks for none on a short tab', () => {
    const failing = replaySource();
    const tab = new LogTab(failing.source, { capacity: 50_000 }, () => undefined);
    tab.start();
    failing.s.sinks[0].error(new Error('refused'), false);
    assert.equal(tab.loadingHistory, false);
    assert.equal(tab.state, 'connecting', 'the main stream speaks for the source');
    const empty = replaySource();
    const quiet = new LogTab(empty.source, { capacity: 50_000 }, () => undefined);
    quiet.start();
    empty.s.sinks[0].end();
    assert.equal(quiet.loadingHistory, false);
    const short = replaySource();
    new LogTab(short.source, { capacity: previewLines }, () => undefined).start();
    assert.equal(short.s.opened.length, 1);
  });

  it('counts a long line as one row cut to rowChars', () => {
    const { source, s } = replaySource();
    const tab = new LogTab(source, { capacity: 100 }, () => undefined);
    tab.start();
    const view = new LogView();
    view.attach(tab);
    s.sinks[0].data({ text: `${stamp(1)} ${hugeLine(1 << 20).raw}\n`, stream: 'stdout' });
    const m = take(view);
    assert.equal(m.count, tab.buffer.length);
    assert.ok(m.rows.every((r) => r.t.length <= rowChars));
  });
});
