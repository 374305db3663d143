// The output of one image build as a log source for the panel: lines are
// stamped as they arrive, replayed to a tab opened later, and the whole text
// is kept for the "image build failed" report (the seeds' image_build_log_uri).
import type { LogSink, LogSource, LogStreamHandle } from '../../core/logs/logSource';
import { l10n } from '../../core/l10n';

/** One build's output: append as it comes, finish when the build ends. */
export class BuildLog implements LogSource {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  private readonly lines: string[] = [];
  private readonly plain: string[] = [];
  private partial = '';
  private ended = false;
  private readonly sinks = new Set<LogSink>();

  constructor(service: string, image: string) {
    this.id = `build:${service}`;
    this.title = `build: ${service}`;
    this.description = l10n.t('docker build of {0}', image);
  }

  /** Adds builder output (may end mid-line). */
  append(text: string): void {
    this.plain.push(text);
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.emit(line);
  }

  /** The build ended: flush the last partial line and end every open tab's stream. */
  finish(): void {
    if (this.ended) return;
    if (this.partial) this.emit(this.partial);
    this.partial = '';
    this.ended = true;
    for (const s of this.sinks) s.end();
    this.sinks.clear();
  }

  /** Everything the builder said, as it said it. */
  text(): string {
    return this.plain.join('');
  }

  open(options: { timestamps: boolean }, sink: LogSink): LogStreamHandle {
    const stamp = options.timestamps;
    for (const l of this.lines) sink.data({ text: `${stamp ? l : l.slice(l.indexOf(' ') + 1)}\n`, stream: 'stdout' });
    if (this.ended) {
      sink.end();
      return { dispose: () => undefined };
    }
    const target = stamp ? sink : unstamped(sink);
    this.sinks.add(target);
    return { dispose: () => this.sinks.delete(target) };
  }

  private emit(line: string): void {
    const stamped = `${new Date().toISOString()} ${line.replace(/\r$/, '')}`;
    this.lines.push(stamped);
    for (const s of this.sinks) s.data({ text: `${stamped}\n`, stream: 'stdout' });
  }
}

function unstamped(sink: LogSink): LogSink {
  return {
    ...sink,
    data: (c) => sink.data({ ...c, text: typeof c.text === 'string' ? c.text.replace(/^\S+ /gm, '') : c.text }),
    restart: (i) => sink.restart(i),
    end: () => sink.end(),
    error: (e, r) => sink.error(e, r),
    resumeFrom: () => sink.resumeFrom(),
  };
}
