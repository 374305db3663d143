// The seam between whatever produces a service's output (Docker logs, a pod's
// log, a file in a test) and whoever shows it (the log panel and its buffer).
// Pure types: a source knows nothing of VS Code, the panel nothing of Docker.

/** Which stream a chunk came from. */
export type LogStreamKind = 'stdout' | 'stderr';

/**
 * A piece of output. `text` may end mid-line (and, as bytes, mid-character):
 * the buffer joins pieces per stream. With `timestamps: true` each line the
 * source delivers starts with an RFC3339Nano time and one space, as Docker
 * and the Kubernetes API both write it (`2026-11-23T18:36:55.123456789Z msg`).
 */
export interface LogChunk {
  readonly text: string | Uint8Array;
  readonly stream: LogStreamKind;
}

/** What is known about a restart of the container whose output is shown. */
export interface RestartInfo {
  /** RFC3339 time the new run started (Docker State.StartedAt). When given,
   *  the mark is placed before the first line at or after it. */
  readonly at?: string;
  /** Exit code of the run that ended. */
  readonly exitCode?: number;
  /** Why the previous run ended, e.g. "OOMKilled", "Error". */
  readonly reason?: string;
  /** The container's restart count after this restart. */
  readonly restartCount?: number;
}

/** Connection state a source reports while it keeps a stream alive. */
export type LogSourceState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** Where a source delivers its output. Calls after `end` are ignored. */
export interface LogSink {
  /** A piece of output. */
  data(chunk: LogChunk): void;
  /** The container restarted: insert a boundary mark. */
  restart(info: RestartInfo): void;
  /** Optional progress of a source that reconnects by itself. */
  state?(state: LogSourceState, detail?: string): void;
  /** The stream ended for good (the container stopped and follow is off, or the source gave up). */
  end(): void;
  /** The stream failed; `retrying` says whether the source will try again by itself. */
  error(error: Error, retrying: boolean): void;
  /**
   * The RFC3339Nano timestamp of the last line received, or undefined when
   * none was. A source that reconnects by itself reopens with
   * `since: sink.resumeFrom()` and `timestamps: true`; the sink drops the
   * lines it already holds at that boundary (same timestamp and text), so
   * nothing is duplicated or lost.
   */
  resumeFrom(): string | undefined;
}

/** How to open a stream. */
export interface LogOpenOptions {
  /** Keep streaming new output (docker logs -f). */
  readonly follow: boolean;
  /** Prefix each line with its RFC3339Nano time (needed for resume and dedupe). */
  readonly timestamps: boolean;
  /** The previous run's output (Kubernetes `previous=true`). Only for sources whose `previous` is 'stream'. */
  readonly previous?: boolean;
  /** Only output at or after this RFC3339(Nano) time. */
  readonly since?: string;
  /** Only the last N lines of the existing output. */
  readonly tail?: number;
}

/** An open stream; disposing it ends the stream and frees its socket. */
export interface LogStreamHandle {
  dispose(): void;
}

/** Maps a folder inside the container to a folder on this machine. */
export interface PathMapping {
  /** e.g. `/var/azureml-app` */
  readonly remoteRoot: string;
  /** Absolute local folder, e.g. the workspace folder holding the entry script. */
  readonly localRoot: string;
}

/** A service whose output can be shown: a Docker container, a pod's container. */
export interface LogSource {
  /** Stable id; one panel tab per id. */
  readonly id: string;
  /** Short name for the tab. */
  readonly title: string;
  /** Longer text for a tooltip (image, pod, context). */
  readonly description?: string;
  /**
   * How "Previous" (the run before the crash) is obtained: 'stream' opens a
   * second stream with `previous: true` (Kubernetes); 'restartMarks' means
   * the runs share one log and the panel jumps to the restart marks (Docker).
   * Undefined: not offered.
   */
  readonly previous?: 'stream' | 'restartMarks';
  /** Starts streaming into `sink`. Must not throw; failures go to `sink.error`. */
  open(options: LogOpenOptions, sink: LogSink): LogStreamHandle;
  /** Where the container's files are on this machine, so traceback frames become links. */
  pathMappings?(): readonly PathMapping[] | Promise<readonly PathMapping[]>;
}
