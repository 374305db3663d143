// The output of a container that is gone, kept as a log source: Update
// replaces a crashed container, and its last run's output (the traceback the
// user still has to read) stays in a tab of its own until they close it. The
// lines are the ones its log source gave (readTail), stamps and all.
import type { LogEntry } from '../core/logs/logBuffer';
import type { LogOpenOptions, LogSink, LogSource, LogStreamHandle } from '../core/logs/logSource';

export class KeptLog implements LogSource {
  readonly id: string;

  constructor(
    id: string,
    readonly title: string,
    private readonly entries: readonly LogEntry[],
    readonly description?: string,
  ) {
    this.id = `kept:${id}`;
  }

  open(options: LogOpenOptions, sink: LogSink): LogStreamHandle {
    // Line by line, in the order written: stdout and stderr stay interleaved as they were.
    for (const e of this.entries) {
      if (e.kind === 'line') sink.data({ text: `${options.timestamps && e.time ? `${e.time} ` : ''}${e.text}\n`, stream: e.stream });
    }
    sink.end();
    return { dispose: () => undefined };
  }
}
