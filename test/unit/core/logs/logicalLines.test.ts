// Crash analysis's logical lines: the same record grammar the panel reads
// levels with (logRecord), so a line is the same record on both roads.
import * as assert from 'node:assert/strict';
import { logicalLinesOf, logLines } from '../../../../src/core/logs/logicalLines';
import { levelOf, recordPrefix } from '../../../../src/core/logs/logRecord';

// One line of each shape an Azure ML container writes, as the runtime stamps it.
const shapes = [
  '[2026-11-23 18:37:58 +0000] [7] [ERROR] Exception in worker process',
  "2023-05-17 09:12:43,811 E [63] azmlinfsrv - User's init function failed",
  "2022-09-21 13:13:48,238 | root | INFO | Invoking user's init function",
  '2023-05-17T09:12:40,120158200+00:00 | gunicorn/run | Starting',
  '2026-11-29T15:45:19,350473570+00:00 - Exit code 3 is not normal. Killing image.',
  '2026/11/29 15:42:56 [error] 18#18: *1 connect() failed (111: Connection refused)',
  '2018-11-30 09:33:03,756 INFO spawned: gunicorn',
  '2022-01-01 10:00:00,123 - mylogger - WARNING - slow',
  'ERROR:root:model is old',
  '172.17.0.1 - - [23/Nov/2026:18:39:52 +0000] "POST /score HTTP/1.1" 500 77',
];

describe('logicalLines.logLines', () => {
  it('reads each record shape with the panel’s grammar: the same level, the pid kept', () => {
    for (const shape of shapes) {
      const [line] = logLines(`2026-11-23T18:37:45.091018611Z ${shape}`);
      assert.equal(line.record, true, shape);
      assert.equal(line.level, levelOf(shape), shape);
      assert.equal(line.text, shape.slice(recordPrefix(shape)!.length), shape);
    }
    assert.equal(logLines(shapes[0])[0].pid, 7);
    assert.equal(logLines(shapes[1])[0].pid, 63);
    assert.equal(logLines(shapes[5])[0].pid, 18);
    assert.equal(logLines(shapes[4])[0].level, 'error');
    assert.equal(logLines(shapes[3])[0].level, undefined);
  });

  it('keeps prints and traceback lines as plain text, colours and line ends removed', () => {
    const lines = logLines('\x1b[31mTraceback (most recent call last):\x1b[0m\r\n  File "/var/azureml-app/score.py", line 3, in init\rValueError: x');
    assert.deepEqual(
      lines.map((l) => [l.text, l.record]),
      [
        ['Traceback (most recent call last):', false],
        ['  File "/var/azureml-app/score.py", line 3, in init', false],
        ['ValueError: x', false],
      ],
    );
  });

  it('opens old v1 JSON records, nested messages and levels included', () => {
    const inner = JSON.stringify({ message: 'ERROR:root:boom\nsecond', level: 'error' });
    const lines = logLines(JSON.stringify({ message: inner, level: 'info' }));
    assert.deepEqual(
      lines.map((l) => [l.text, l.level]),
      [
        ['boom', 'error'],
        ['second', undefined],
      ],
    );
  });

  it('reads a line as a JSON record up to 64 KB, the log buffer\'s line, and a longer one as text (issue 17)', () => {
    // JSON.parse of 4 MB nested to its end took 1.6 s of CPU.
    const record = (message: string) => JSON.stringify({ message, level: 'error' });
    assert.deepEqual(logLines(record('x'.repeat(60_000))).map((l) => l.text.length), [60_000]);
    const long = record('x'.repeat(70_000));
    assert.deepEqual(logLines(long).map((l) => l.text), [long]);
    const nested = `{"message": ${'['.repeat(4_000_000)}}`;
    assert.deepEqual(logLines(nested).map((l) => l.text.length), [nested.length]);
  });

  it('reads a node\'s CRI lines: prefixes stripped, a split line joined per stream', () => {
    const lines = logLines([
      '2024-01-09T09:31:41.871000000Z stderr F 2024-01-09 09:31:41,871 E [31] azmlinfsrv - User\'s init function failed',
      '2024-01-09T09:31:41.873000000Z stdout P ValueError: 11 columns, ',
      '2024-01-09T09:31:41.873100000Z stderr F [2024-01-09 09:31:41 +0000] [9] [INFO] between the parts',
      '2024-01-09T09:31:41.873200000Z stdout F the model has 12',
    ].join('\n'));
    assert.deepEqual(
      lines.map((l) => [l.text, l.record]),
      [
        ["User's init function failed", true],
        ['between the parts', true],
        ['ValueError: 11 columns, the model has 12', false],
      ],
    );
    assert.equal(lines[0].pid, 31);
  });
});

describe('logicalLines: the last lines only (issue 17)', () => {
  it('reads only the last lines asked for, by any line end, whatever comes before', () => {
    // A progress bar's \r-ended updates: two million lines of 4 MB took 2 s of CPU to read whole.
    const bar = `${'10%\r'.repeat(1_000_000)}done\r\n`;
    assert.deepEqual(logLines(`${bar}INFO:root:ready`, 3).map((l) => l.text), ['10%', 'done', 'ready']);
    assert.deepEqual(logLines('a\r\nb\rc\nd', 3).map((l) => l.text), ['b', 'c', 'd']);
    assert.deepEqual(logLines('a\nb\n', 5).map((l) => l.text), logLines('a\nb\n').map((l) => l.text));
    const entries = [{ kind: 'line' as const, stream: 'stdout' as const, text: bar.slice(0, -2) }, { kind: 'line' as const, stream: 'stdout' as const, text: 'last' }];
    assert.deepEqual(logicalLinesOf(entries, 2).map((l) => l.text), ['done', 'last']);
  });
});
