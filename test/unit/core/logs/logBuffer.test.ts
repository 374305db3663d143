// The log buffer on real `docker logs -t` output of the Azure ML minimal
// inference image (an init() that raises, and the same container restarting
// twice; test/fixtures/logpanel/capture.mjs): line
// splitting at any chunk boundary, levels, tracebacks and frame links,
// restart marks, resume without duplicates or losses, bounded memory.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogBuffer, type LogEntry } from '../../../../src/core/logs/logBuffer';
import type { LogStreamKind } from '../../../../src/core/logs/logSource';
import { ansiFlood, ansiLine, chunksOf, hugeLine, stamp } from './hostileOutput';

const fixtures = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'logpanel');

interface RawLine {
  stream: LogStreamKind;
  raw: string; // with timestamp prefix and newline
  time: string;
}

/** The two captured streams merged back in time order, as Docker sends them. */
function capture(name: string): RawLine[] {
  const read = (stream: LogStreamKind): RawLine[] =>
    fs
      .readFileSync(path.join(fixtures, `${name}.${stream}.txt`), 'utf8')
      .split(/(?<=\n)/)
      .map((raw) => ({ stream, raw, time: raw.slice(0, raw.indexOf(' ')) }));
  return [...read('stdout'), ...read('stderr')].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** Feeds lines as bytes cut into pieces of pseudo-random sizes (1..max). */
function feed(buffer: LogBuffer, lines: RawLine[], seed: number, max = 23): void {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648), s);
  for (const l of lines) {
    const bytes = new TextEncoder().encode(l.raw);
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + (rand() % max);
      buffer.append({ stream: l.stream, text: bytes.subarray(i, i + n) });
      i += n;
    }
  }
}

const texts = (es: LogEntry[]) => es.map((e) => (e.kind === 'restart' ? '<restart>' : e.text));

describe('LogBuffer on real sample-image output', () => {
  const lines = capture('init-raises');

  it('splits lines across any chunk boundary, keeping streams and times', () => {
    const whole = new LogBuffer({ timestamps: true });
    for (const l of lines) whole.append({ stream: l.stream, text: l.raw });
    for (const seed of [1, 7, 42, 99]) {
      const cut = new LogBuffer({ timestamps: true });
      feed(cut, lines, seed);
      assert.deepEqual(cut.entries(), whole.entries(), `seed ${seed}`);
    }
    const es = whole.entries();
    assert.equal(es.length, 135);
    // runit's first line (PID 1 is runsvdir; nginx starts beside the server).
    assert.equal(es[0].text, '2026-11-29T15:45:15,724277589+00:00 - nginx/run ');
    assert.equal(es[0].stream, 'stdout');
    assert.equal(es[0].time, '2026-11-29T15:45:15.732986852Z');
    assert.equal(whole.lastTimestamp, '2026-11-29T15:45:19.358699266Z');
    // Docker's RFC 3339 prefixes go; runit's own stamps (a comma before the nanoseconds) are the line's text.
    assert.ok(es.every((e) => !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /.test(e.text)), 'timestamp prefixes are stripped');
    assert.ok(es.some((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d+\+00:00 - gunicorn\/run /.test(e.text)));
  });

  it('reads levels and sets the traceback apart, linking its frames', () => {
    const b = new LogBuffer({ timestamps: true });
    feed(b, lines, 3);
    const es = b.entries();
    const by = (t: string) => es.find((e) => e.text.includes(t)) as LogEntry;
    assert.equal(by('Starting up app insights').level, 'info');
    assert.equal(by("User's init function failed").level, 'error');
    assert.equal(by('Worker exiting').level, 'info');
    assert.equal(by('Killing image').level, 'error');
    const out = es.filter((e) => e.stream === 'stdout');
    const start = out.findIndex((e) => e.traceback === 'start' && e.text.includes('Encountered Exception'));
    assert.match(out[start].text, / E \[\d+\] azmlinfsrv - Encountered Exception Traceback/);
    // Python 3.13 marks the failing expression with a line of carets under the source line.
    assert.deepEqual(
      out.slice(start, start + 11).map((e) => e.traceback),
      ['start', 'frame', 'code', 'code', 'frame', 'code', 'exception', undefined, 'chain', undefined, 'start'],
    );
    const server = '/opt/miniconda/envs/amlenv/lib/python3.13/site-packages/azureml_inference_server_http/server/';
    const frames = es.filter((e) => e.frame).map((e) => [e.frame?.path, e.frame?.line, e.frame?.func]);
    assert.deepEqual(frames, [
      // The server's own traceback ("Error while fetching model IDs"), before init() runs.
      [`${server}appinsights_client.py`, 230, '_get_model_ids'],
      [`${server}user_script.py`, 119, 'invoke_init'],
      ['/var/azureml-app/score.py', 16, 'init'],
      [`${server}aml_blueprint.py`, 109, 'setup'],
      [`${server}user_script.py`, 121, 'invoke_init'],
    ]);
    assert.equal(by('ValueError: weights').level, 'error');
    // Lines of the other stream inside the traceback's time span do not break it.
    assert.equal(by('Worker exiting').traceback, undefined);
    assert.equal(by('Model Directory Contents').traceback, undefined);
  });

  it('joins a multi-byte character split between chunks and drops CR of CRLF', () => {
    const b = new LogBuffer();
    const bytes = new TextEncoder().encode('poids normalisés ✓\r\nnext\n');
    for (let i = 0; i < bytes.length; i++) b.append({ stream: 'stdout', text: bytes.subarray(i, i + 1) });
    assert.deepEqual(texts(b.entries()), ['poids normalisés ✓', 'next']);
  });

  it('turns what is left at the end into a last line', () => {
    const b = new LogBuffer();
    b.append({ stream: 'stdout', text: 'a\nno newline' });
    assert.deepEqual(texts(b.entries()), ['a']);
    b.end();
    assert.deepEqual(texts(b.entries()), ['a', 'no newline']);
  });
});

describe('LogBuffer bounds', () => {
  it('keeps the newest `capacity` lines of an endless stream', () => {
    const b = new LogBuffer({ capacity: 1000 });
    for (let i = 0; i < 200; i++) {
      let chunk = '';
      for (let j = 0; j < 1000; j++) chunk += `line ${i * 1000 + j}\n`;
      b.append({ stream: 'stdout', text: chunk });
    }
    assert.equal(b.length, 1000);
    assert.equal(b.firstIndex, 199_000);
    assert.equal(b.at(b.firstIndex)?.text, 'line 199000');
    assert.equal(b.at(b.endIndex - 1)?.text, 'line 199999');
  });

  it('cuts a line that never ends instead of growing', () => {
    const b = new LogBuffer({ maxLineLength: 1024 });
    const piece = 'x'.repeat(100);
    for (let i = 0; i < 50; i++) b.append({ stream: 'stdout', text: piece });
    b.append({ stream: 'stdout', text: '\n' });
    const es = b.entries();
    assert.equal(es.length, 5);
    assert.ok(es.slice(0, 4).every((e) => e.cut && e.text.length === 1024));
    assert.equal(es[4].text.length, 5000 - 4096);
    assert.equal(es[4].cut, undefined);
  });
});

describe('LogBuffer restart marks', () => {
  const lines = capture('init-raises-restarts');
  const starts = (JSON.parse(fs.readFileSync(path.join(fixtures, 'init-raises-restarts.starts.json'), 'utf8')) as { starts: string[] }).starts;

  const check = (b: LogBuffer) => {
    const es = b.entries();
    const marks = b.restartIndexes();
    assert.equal(marks.length, 2);
    // runsvdir starts nginx and the server side by side: either writes the run's first line.
    for (const m of marks) assert.match(b.at(m + 1)?.text ?? '', / - (?:nginx|gunicorn)\/run $/);
    assert.equal(es.filter((e) => e.kind === 'line').length, lines.length);
    assert.equal(b.lastRestartIndex(), marks[1]);
    const prev = b.previousRun();
    assert.deepEqual(prev, { from: marks[0] + 1, to: marks[1] });
    const run = b.since(prev.from).slice(0, prev.to - prev.from);
    assert.match(run[0].text, / - (?:nginx|gunicorn)\/run $/);
    assert.equal(run.filter((e) => e.traceback === 'start' && e.text.includes('Encountered Exception')).length, 1);
    assert.match(run[run.length - 1].text, /Exit code 3 is not normal\. Killing image\./);
  };

  it('places marks known before the lines at the first line of each run', () => {
    const b = new LogBuffer({ timestamps: true });
    b.markRestart({ at: starts[1], exitCode: 3, restartCount: 1 });
    b.markRestart({ at: starts[2], exitCode: 3, restartCount: 2 });
    feed(b, lines, 5);
    check(b);
    assert.equal(b.at(b.lastRestartIndex() as number)?.restart?.restartCount, 2);
  });

  it('inserts marks that arrive late, once each, and tells readers to re-read', () => {
    const b = new LogBuffer({ timestamps: true });
    feed(b, lines, 6);
    const gen = b.generation;
    b.markRestart({ at: starts[2], exitCode: 3 });
    b.markRestart({ at: starts[1], exitCode: 3 });
    b.markRestart({ at: starts[1], exitCode: 3 });
    assert.ok(b.generation > gen);
    check(b);
  });

  it('appends a mark with no time, or when lines carry no time, where the output is', () => {
    const b = new LogBuffer();
    b.append({ stream: 'stdout', text: 'run 1\n' });
    b.markRestart({ at: starts[1], exitCode: 3 });
    b.append({ stream: 'stdout', text: 'run 2\n' });
    b.markRestart({ reason: 'Error' });
    assert.deepEqual(texts(b.entries()), ['run 1', '<restart>', 'run 2', '<restart>']);
  });
});

describe('LogBuffer resume after a broken stream', () => {
  const lines = capture('init-raises-restarts');
  const stamp = (l: RawLine) => l.raw.slice(0, l.raw.indexOf(' '));

  /** What Docker sends for `since`: every line stamped at or after it. */
  const resend = (since: string, all: RawLine[]) => all.filter((l) => stamp(l) >= since);

  it('drops the lines held at the boundary and the half line, losing none', () => {
    const reference = new LogBuffer({ timestamps: true });
    feed(reference, lines, 1);
    for (const breakAt of [1, 9, 17, 30, lines.length - 1]) {
      const b = new LogBuffer({ timestamps: true });
      feed(b, lines.slice(0, breakAt), 2);
      // The connection breaks in the middle of the next line.
      const half = lines[breakAt];
      b.append({ stream: half.stream, text: half.raw.slice(0, 40) });
      const since = b.beginResume();
      assert.equal(since, stamp(lines[breakAt - 1]));
      feed(b, resend(since as string, lines), 3);
      assert.deepEqual(b.entries(), reference.entries(), `break at ${breakAt}`);
    }
  });

  it('keeps identical lines with the same time that were not yet received', () => {
    const t = '2026-11-23T18:40:13.000000000Z';
    const same = `${t} tick\n`;
    const b = new LogBuffer({ timestamps: true });
    b.append({ stream: 'stdout', text: same });
    const since = b.beginResume();
    assert.equal(since, t);
    b.append({ stream: 'stdout', text: same + same + `${t} tick\n`.replace('tick', 'tock') });
    b.append({ stream: 'stdout', text: '2026-11-23T18:40:14.000000000Z tick\n' });
    assert.deepEqual(texts(b.entries()), ['tick', 'tick', 'tock', 'tick']);
  });

  it('copes with a source whose `since` has whole seconds only (Kubernetes sinceTime)', () => {
    const reference = new LogBuffer({ timestamps: true });
    feed(reference, lines, 1);
    const b = new LogBuffer({ timestamps: true });
    feed(b, lines.slice(0, 20), 2);
    const since = b.beginResume() as string;
    const second = `${since.slice(0, 19)}Z`;
    feed(b, lines.filter((l) => `${stamp(l).slice(0, 19)}Z` >= second), 3);
    assert.deepEqual(b.entries(), reference.entries());
  });

  it('has nothing to resume from before the first stamped line', () => {
    const b = new LogBuffer({ timestamps: true });
    assert.equal(b.beginResume(), undefined);
  });
});

describe('LogBuffer on a node\'s CRI log', () => {
  it('shows each line as the panel shows docker\'s: stamp read, stream and tag gone, a split line whole', () => {
    const b = new LogBuffer({ timestamps: true });
    const raw = [
      '2024-01-09T09:31:41.871000000Z stderr F 2024-01-09 09:31:41,871 E [31] azmlinfsrv - User\'s init function failed',
      '2024-01-09T09:31:41.873000000Z stdout P ValueError: 11 columns, ',
      '2024-01-09T09:31:41.873200000Z stdout F the model has 12',
      '2024-01-09T09:31:41.874000000Z stdout P never ended',
    ].join('\n');
    // A node's log file holds both streams: the source hands it over as one.
    for (const piece of raw.match(/[^]{1,17}/g) ?? []) b.append({ stream: 'stdout', text: piece });
    b.end();
    assert.deepEqual(
      b.entries().map((e) => [e.text, e.stream, e.time, e.level]),
      [
        ["2024-01-09 09:31:41,871 E [31] azmlinfsrv - User's init function failed", 'stderr', '2024-01-09T09:31:41.871000000Z', 'error'],
        ['ValueError: 11 columns, the model has 12', 'stdout', '2024-01-09T09:31:41.873200000Z', undefined],
        ['never ended', 'stdout', undefined, undefined],
      ],
    );
  });
});

describe('LogBuffer keeps secrets out of every reader', () => {
  const t = (n: number) => `2026-11-23T18:40:${String(n).padStart(2, '0')}.000000000Z`;

  it('masks a secret whole however the chunks cut it, and leaves the traceback readable', () => {
    const raw = [
      `${t(1)} export AZURE_CLIENT_SECRET=cl1ent~secret.value`,
      `${t(2)} sending Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXBhcnQ`,
      `${t(3)} Traceback (most recent call last):`,
      `${t(4)}   File "/var/azureml-app/score.py", line 9, in init`,
      `${t(5)} KeyError: 'AZUREML_MODEL_DIR'`,
    ].join('\n');
    const whole = new LogBuffer({ timestamps: true });
    whole.append({ stream: 'stderr', text: `${raw}\n` });
    const bytes = new TextEncoder().encode(`${raw}\n`);
    const cut = new LogBuffer({ timestamps: true });
    for (let i = 0; i < bytes.length; i += 5) cut.append({ stream: 'stderr', text: bytes.subarray(i, i + 5) });
    for (const b of [whole, cut]) {
      const entries = b.entries();
      assert.deepEqual(texts(entries).slice(0, 2), ['export AZURE_CLIENT_SECRET=********', 'sending Authorization: Bearer ********']);
      assert.ok(!texts(entries).join('\n').includes('cl1ent') && !texts(entries).join('\n').includes('eyJ'));
      assert.equal(entries[4].text, "KeyError: 'AZUREML_MODEL_DIR'");
      assert.equal(entries[4].traceback, 'exception');
    }
  });

  it('masks a CRI line the runtime split, once joined', () => {
    const b = new LogBuffer({ timestamps: true });
    b.append({ stream: 'stdout', text: `${t(1)} stdout P AML_APP_INSIGHTS_KEY=1234abcd\n${t(2)} stdout F -5678-90ef ready\n${t(3)} stdout P DB_PASSWORD=hun` });
    b.end();
    assert.deepEqual(texts(b.entries()), ['AML_APP_INSIGHTS_KEY=******** ready', 'DB_PASSWORD=********']);
  });

  it('drops a resent line that holds a secret, as any other, on resume', () => {
    const line = `${t(1)} token: s3cr3t-value\n`;
    const b = new LogBuffer({ timestamps: true });
    b.append({ stream: 'stdout', text: line });
    b.beginResume();
    b.append({ stream: 'stdout', text: `${line}${t(2)} next\n` });
    assert.deepEqual(texts(b.entries()), ['token: ********', 'next']);
  });
});

// Issue 17: what the panel must survive. Assertions on the work done (entries
// made, characters held, bytes leaked), never on time.
describe('LogBuffer on hostile output (issue 17)', function () {
  // Megabytes through the whole buffer: a guard against a stuck loop, loose for a busy machine.
  this.timeout(60_000);
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  it('takes 100,000 lines full of ANSI escapes, cut anywhere, as their text: no escape byte, levels read, UTF-8 whole', () => {
    const n = 100_000;
    const b = new LogBuffer({ timestamps: true, capacity: n });
    const chunks = chunksOf(ansiFlood(n), 17, 4096);
    for (const c of chunks) b.append({ stream: 'stdout', text: c });
    b.end();
    const es = b.entries();
    assert.equal(es.length, n, 'one entry per line');
    for (let i = 0; i < n; i += 997) assert.equal(es[i].text, ansiLine(i).text, `line ${i}`);
    assert.ok(es.every((e) => !e.text.includes('\x1b') && !lone.test(e.text)), 'no escape byte, no split character');
    // The level sits behind a colour code: read once the code is gone.
    assert.ok(es.every((e) => e.level === 'info'));
    assert.equal(es[n - 1].time, stamp(n - 1));
  });

  it('cuts a 1 MB line that never ends into bounded pieces, never inside an escape or a character, and goes on after it', () => {
    const line = hugeLine(1 << 20);
    const after = `${stamp(2)} next line\n`;
    const b = new LogBuffer({ timestamps: true });
    for (const c of chunksOf(`${stamp(1)} ${line.raw}\n${after}`, 5, 65536)) b.append({ stream: 'stdout', text: c });
    const es = b.entries();
    const pieces = es.slice(0, -1);
    assert.ok(pieces.length >= 16 && pieces.length <= 20, `${pieces.length} pieces`);
    assert.ok(pieces.every((e) => e.text.length <= 64 * 1024));
    assert.ok(pieces.slice(0, -1).every((e) => e.cut) && !pieces[pieces.length - 1].cut);
    // The pieces put together are the line's text: nothing of an escape shows, no character is split.
    assert.equal(pieces.map((e) => e.text).join(''), line.text);
    assert.ok(pieces.every((e) => !lone.test(e.text)));
    assert.equal(es[es.length - 1].text, 'next line');
  });

  it('moves a cut back to before an escape or a character it would split', () => {
    for (const [raw, text] of [
      [`a${'😀'.repeat(500)}`, `a${'😀'.repeat(500)}`],
      ['\x1b[38;5;196mX\x1b]0;t\x07'.repeat(100), 'X'.repeat(100)],
    ]) {
      const b = new LogBuffer({ maxLineLength: 100 });
      b.append({ stream: 'stdout', text: `${raw}\n` });
      const es = b.entries();
      assert.ok(es.length > 1);
      assert.equal(es.map((e) => e.text).join(''), text);
      assert.ok(es.every((e) => !lone.test(e.text)));
    }
  });

  it('holds at most `maxChars` characters of an endless stream of long lines', () => {
    const b = new LogBuffer({ maxChars: 1 << 20 });
    const piece = 'y'.repeat(10_000);
    for (let i = 0; i < 1000; i++) b.append({ stream: 'stdout', text: piece }); // 10 MB, no newline
    const held = b.entries().reduce((n, e) => n + e.text.length, 0);
    assert.ok(held <= 1 << 20, `${held} characters held`);
    assert.ok(held > (1 << 20) - 64 * 1024);
    assert.equal(b.endIndex - b.firstIndex, b.length);
    assert.ok(b.firstIndex > 0, 'the oldest pieces went');
  });
});

describe('LogBuffer decodes bytes as one streaming TextDecoder would', () => {
  // Chunks ending in ASCII after such a chunk are decoded without the streaming
  // decoder (issue 18): its BOM, split characters and bad bytes must not tell.
  it('drops only the stream-opening BOM, and keeps split and invalid characters the same, at any cut', () => {
    const parts = [[0xef, 0xbb, 0xbf], [...new TextEncoder().encode('café 😀 日本\n')], [0xef, 0xbb, 0xbf, 0x41, 0x0a], [0x80, 0xc3, 0x41, 0xf0, 0x9f, 0x0a], [0xe6, 0x97], [0xa5, 0x0a]];
    let s = 5;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648), s);
    for (let round = 0; round < 300; round++) {
      const bytes = Uint8Array.from(Array.from({ length: 12 }, () => parts[rand() % parts.length]).flat());
      const expected = new TextDecoder('utf-8').decode(bytes).split('\n');
      const b = new LogBuffer();
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + (rand() % 9);
        b.append({ stream: 'stdout', text: bytes.subarray(i, i + n) });
        i += n;
      }
      b.end();
      assert.deepEqual(texts(b.entries()), expected.at(-1) === '' ? expected.slice(0, -1) : expected, `round ${round}`);
    }
  });
});
