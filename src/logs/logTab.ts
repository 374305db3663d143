// One tab of the log panel: a source's open stream feeding its own bounded
// buffer, and the bookkeeping of what was already sent to the webview.
// No vscode import: the panel owns the UI; this owns the stream's lifetime.
import { LogBuffer, type LogEntry } from '../core/logs/logBuffer';
import type { LogSink, LogSource, LogSourceState, LogStreamHandle } from '../core/logs/logSource';
import { maskSecretsInText } from '../core/model/secrets';
import { rowChars } from './logWire';

/** Where a tab's stream stands, as shown beside its title. */
export type LogTabState = LogSourceState | 'error';

/** Options for opening a tab. */
export interface LogTabOptions {
  /** Entries kept. */
  readonly capacity: number;
  /** The previous run's output (sources whose `previous` is 'stream'). */
  readonly previous?: boolean;
}

/** What the webview has not seen yet: everything again (`reset`) or the new entries. */
export interface LogTabUpdate {
  readonly reset: boolean;
  /** Absolute index of `entries[0]`. */
  readonly first: number;
  readonly entries: LogEntry[];
}

/** The most one update carries; what is left waits for the next. */
export interface LogTabBatch {
  readonly entries: number;
  /** Characters of text, each line counted as the row it becomes (at most rowChars). */
  readonly chars: number;
}

/** The id of the tab showing a source (or its previous run). */
export function logTabId(sourceId: string, previous: boolean): string {
  return previous ? `${sourceId}#previous` : sourceId;
}

/** A source's stream and its buffer. */
export class LogTab {
  readonly id: string;
  readonly buffer: LogBuffer;
  private handle: LogStreamHandle | undefined;
  private disposed = false;
  private stateValue: LogTabState = 'connecting';
  private detailValue: string | undefined;
  private sentEnd = -1; // -1: nothing sent, the next update is a reset
  private sentGeneration = 0;

  constructor(
    readonly source: LogSource,
    readonly options: LogTabOptions,
    private readonly changed: (tab: LogTab, what: 'entries' | 'state') => void,
  ) {
    this.id = logTabId(source.id, options.previous === true);
    this.buffer = new LogBuffer({ capacity: options.capacity, timestamps: true });
    this.buffer.onChange(() => this.changed(this, 'entries'));
  }

  /** The tab's title: the source's, marked for a previous run. */
  get title(): string {
    return this.source.title;
  }
  get state(): LogTabState {
    return this.stateValue;
  }
  /** Why the stream failed or what it is waiting for. */
  get detail(): string | undefined {
    return this.detailValue;
  }

  /** Opens the stream. Timestamps are always asked for: resume and dedupe need them; the panel hides them on demand. */
  start(): void {
    if (this.handle || this.disposed) return;
    const previous = this.options.previous === true;
    try {
      this.handle = this.source.open(
        { follow: !previous, timestamps: true, previous: previous || undefined, tail: this.options.capacity },
        this.sink(),
      );
    } catch (err) {
      this.setState('error', err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * The entries the webview has not received yet, oldest first, at most
   * `batch` of them; marks them sent. A reset starts again from the oldest
   * entry held; the entries after a batch come as plain updates.
   */
  takeUpdate(batch: LogTabBatch = { entries: Infinity, chars: Infinity }): LogTabUpdate | undefined {
    const b = this.buffer;
    const reset = this.sentEnd < 0 || this.sentGeneration !== b.generation || this.sentEnd < b.firstIndex;
    const first = reset ? b.firstIndex : this.sentEnd;
    if (!reset && first === b.endIndex) return undefined;
    // Read entry by entry up to the batch: a backlog of 50,000 is not copied to send 5,000.
    const entries: LogEntry[] = [];
    let chars = 0;
    for (let i = first; i < b.endIndex && entries.length < batch.entries && (entries.length === 0 || chars < batch.chars); i++) {
      const e = b.at(i) as LogEntry;
      entries.push(e);
      chars += Math.min(e.text.length, rowChars);
    }
    this.sentEnd = first + entries.length;
    this.sentGeneration = b.generation;
    return { reset, first, entries };
  }

  /** The webview lacks entries the buffer holds: a takeUpdate() would return some. */
  get hasUpdate(): boolean {
    const b = this.buffer;
    return this.sentEnd < 0 || this.sentGeneration !== b.generation || this.sentEnd < b.firstIndex || this.sentEnd < b.endIndex;
  }

  /** The webview lost its copy (recreated, or this tab was hidden): send everything next time. */
  resend(): void {
    this.sentEnd = -1;
  }

  /** Ends the stream and frees its socket; later calls from the source are ignored. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.buffer.onChange(undefined);
    const h = this.handle;
    this.handle = undefined;
    h?.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private setState(state: LogTabState, detail?: string): void {
    this.stateValue = state;
    // A source's error is the engine's or the server's words, shown beside the title: masked as the lines are.
    this.detailValue = detail === undefined ? undefined : maskSecretsInText(detail);
    this.changed(this, 'state');
  }

  private sink(): LogSink {
    // Sources may call back after dispose (a late chunk on a closing socket): ignore those.
    const live = () => !this.disposed;
    return {
      data: (chunk) => {
        if (!live()) return;
        this.buffer.append(chunk);
        if (this.stateValue !== 'live') this.setState('live');
      },
      restart: (info) => {
        if (live()) this.buffer.markRestart(info);
      },
      state: (state, detail) => {
        if (live()) this.setState(state, detail);
      },
      end: () => {
        if (!live()) return;
        this.buffer.end();
        this.setState('ended');
      },
      error: (error, retrying) => {
        if (live()) this.setState(retrying ? 'reconnecting' : 'error', error.message);
      },
      resumeFrom: () => (live() ? this.buffer.beginResume() : undefined),
    };
  }
}
