// One tab of the log panel: a source's open stream feeding its own bounded
// buffer. A tab that opens on a long history also reads its last screens
// apart (a short `tail` request beside the main one) and shows those until
// the main stream has caught up with them: the newest lines are in sight at
// once, not after the daemon has sent 100,000 older ones (issue 18).
// No vscode import: the panel owns the UI; this owns the streams' lifetime.
import { LogBuffer } from '../core/logs/logBuffer';
import type { LogSink, LogSource, LogSourceState, LogStreamHandle } from '../core/logs/logSource';
import { maskSecretsInText } from '../core/model/secrets';
import { timeKey } from '../core/logs/logTime';

/** Where a tab's stream stands, as shown beside its title. */
export type LogTabState = LogSourceState | 'error';

/** Options for opening a tab. */
export interface LogTabOptions {
  /** Entries kept. */
  readonly capacity: number;
  /** The previous run's output (sources whose `previous` is 'stream'). */
  readonly previous?: boolean;
}

/** Lines the quick first read of a history asks for: more than a tall panel shows. */
export const previewLines = 500;

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
  private preview: { buffer: LogBuffer; handle?: LogStreamHandle; ended: boolean } | undefined;

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
    if (!previous && this.options.capacity > previewLines) {
      try {
        this.startPreview();
      } catch {
        this.dropPreview(); // the main stream reports what is wrong with the source
      }
    }
    try {
      this.handle = this.source.open(
        { follow: !previous, timestamps: true, previous: previous || undefined, tail: this.options.capacity },
        this.sink(),
      );
    } catch (err) {
      this.dropPreview();
      this.setState('error', err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * The buffer the panel shows: the quick read of the history's last lines
   * while the main stream is still short of them, else the tab's own.
   */
  get shown(): LogBuffer {
    return this.preview ? this.preview.buffer : this.buffer;
  }

  /** The panel shows the quick read: older lines are still on their way. */
  get loadingHistory(): boolean {
    return this.preview !== undefined;
  }

  private startPreview(): void {
    const buffer = new LogBuffer({ capacity: previewLines, timestamps: true });
    const preview: NonNullable<LogTab['preview']> = { buffer, ended: false };
    this.preview = preview;
    const mine = () => !this.disposed && this.preview === preview;
    const handle = this.source.open({ follow: false, timestamps: true, tail: previewLines }, {
      data: (chunk) => {
        if (!mine()) return;
        buffer.append(chunk);
        if (!this.settlePreview()) this.changed(this, 'entries');
      },
      restart: () => undefined,
      end: () => {
        if (!mine()) return;
        preview.ended = true;
        this.settlePreview();
      },
      // The main stream says what went wrong; the panel shows it alone.
      error: () => mine() && this.dropPreview(),
      resumeFrom: () => undefined,
    });
    // A source may answer inside open(): the read can be over, and let go, already.
    if (this.preview === preview) preview.handle = handle;
    else handle.dispose();
  }

  /** Lets the quick read go once the main stream holds what it showed, or it has nothing to show; true when it went. */
  private settlePreview(): boolean {
    const p = this.preview;
    if (!p) return false;
    const shown = p.buffer.lastTimestamp;
    const held = this.buffer.lastTimestamp;
    const caughtUp = shown !== undefined && held !== undefined && timeKey(held) >= timeKey(shown);
    if (!caughtUp && this.stateValue !== 'ended' && !(p.ended && shown === undefined)) return false;
    this.dropPreview();
    return true;
  }

  private dropPreview(): void {
    const p = this.preview;
    if (!p) return;
    this.preview = undefined;
    p.handle?.dispose();
    this.changed(this, 'entries');
  }

  /** Ends the stream and frees its socket; later calls from the source are ignored. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.buffer.onChange(undefined);
    this.preview?.handle?.dispose();
    this.preview = undefined;
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
        this.settlePreview();
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
        this.dropPreview();
      },
      error: (error, retrying) => {
        if (live()) this.setState(retrying ? 'reconnecting' : 'error', error.message);
      },
      resumeFrom: () => (live() ? this.buffer.beginResume() : undefined),
    };
  }
}
