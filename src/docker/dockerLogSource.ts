// A LogSource for one Docker container: `docker logs` with timestamps,
// demultiplexed into stdout/stderr. It survives the two things that end a
// follow stream: the container exiting (it waits for the next start and
// marks the restart) and the daemon going away (it waits for the connection
// to come back and resumes from the last timestamp, so nothing is lost or
// repeated).
import type Dockerode from 'dockerode';
import type { LogOpenOptions, LogSink, LogSource, LogStreamHandle, PathMapping } from '../core/logs/logSource';
import { toDockerSince } from '../core/logs/logTime';
import type { ServiceModel } from '../core/model/serviceModel';
import { DockerLogDemuxer } from '../core/logs/dockerLogFrames';
import type { ServiceRecord } from '../core/model/serviceRecord';
import { APP_ROOT } from '../core/model/appRoot';
import { l10n } from '../core/l10n';

export interface DockerLogSourceOptions {
  client: () => Dockerode | undefined;
  model: ServiceModel;
  connectionId: string;
  containerId: string;
  title: string;
  description?: string;
  pathMappings?: () => readonly PathMapping[];
}

/** Creates the log source of one container. */
export function dockerLogSource(o: DockerLogSourceOptions): LogSource {
  return {
    id: `docker:${o.containerId}`,
    title: o.title,
    description: o.description,
    previous: 'restartMarks',
    pathMappings: o.pathMappings,
    open: (options, sink) => new DockerLogStream(o, options, sink),
  };
}

/**
 * The log source of a Docker service, one for every reader: the log panel's
 * tab and crash analysis's tail read the same stream. A bind-mounted app
 * folder maps exactly; otherwise the panel finds the file in the workspace.
 */
export function serviceLogSource(client: () => Dockerode | undefined, model: ServiceModel, record: ServiceRecord): LogSource {
  return dockerLogSource({
    client,
    model,
    connectionId: record.connectionId,
    containerId: record.id,
    title: record.name,
    description: `${record.image} · ${record.id.slice(0, 12)}`,
    pathMappings: () => (record.appSource ? [{ remoteRoot: record.appRoot ?? APP_ROOT, localRoot: record.appSource }] : []),
  });
}

class DockerLogStream implements LogStreamHandle {
  private stream?: NodeJS.ReadableStream & { destroy?: () => void };
  private disposed = false;
  private waiting?: { dispose(): void };
  /** StartedAt of the run being streamed, to notice a restart in between. */
  private runStartedAt?: string;

  constructor(private readonly o: DockerLogSourceOptions, private readonly options: LogOpenOptions, private readonly sink: LogSink) {
    void this.open(true);
  }

  private async open(first: boolean): Promise<void> {
    if (this.disposed) return;
    const docker = this.o.client();
    const conn = this.o.model.connection(this.o.connectionId);
    if (!docker || conn?.status !== 'connected') {
      this.sink.state?.('reconnecting', conn?.reason);
      this.waitForChange();
      return;
    }
    const container = docker.getContainer(this.o.containerId);
    let info: Awaited<ReturnType<Dockerode.Container['inspect']>>;
    try {
      info = await container.inspect();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        this.sink.error(new Error(l10n.t('The container no longer exists.')), false);
        this.sink.end();
        return;
      }
      this.sink.state?.('reconnecting', (err as Error).message);
      this.waitForChange();
      return;
    }
    if (this.disposed) return;
    const startedAt = info.State.StartedAt;
    if (this.runStartedAt && startedAt !== this.runStartedAt) {
      this.sink.restart({ at: startedAt, restartCount: info.RestartCount, exitCode: this.lastExitCode });
    } else if (first && info.RestartCount > 0) {
      this.sink.restart({ at: startedAt, restartCount: info.RestartCount });
    }
    this.runStartedAt = startedAt;
    const resume = first ? this.options.since : this.sink.resumeFrom();
    const since = resume ? toDockerSince(resume) : undefined;
    let raw: NodeJS.ReadableStream;
    try {
      raw = (await container.logs({
        follow: this.options.follow as true,
        stdout: true,
        stderr: true,
        timestamps: true,
        ...(since ? { since: since as unknown as number } : {}),
        ...(first && this.options.tail !== undefined ? { tail: this.options.tail } : {}),
      })) as unknown as NodeJS.ReadableStream;
    } catch (err) {
      this.sink.state?.('reconnecting', (err as Error).message);
      this.waitForChange();
      return;
    }
    if (this.disposed) {
      (raw as { destroy?: () => void }).destroy?.();
      return;
    }
    if (Buffer.isBuffer(raw)) {
      // Without follow, Docker answers with the whole output at once (dockerode resolves a Buffer).
      const bytes = new Uint8Array(raw);
      if (info.Config.Tty) this.sink.data({ text: bytes, stream: 'stdout' });
      else for (const p of new DockerLogDemuxer().push(bytes)) this.sink.data({ text: p.bytes, stream: p.stream });
      this.sink.end();
      return;
    }
    this.stream = raw;
    this.sink.state?.('live');
    // Our own demuxer merges consecutive frames of one stream into one piece,
    // so a run of lines costs the buffer one append. (A Buffer is a Uint8Array.)
    const frames = new DockerLogDemuxer();
    const deliver = info.Config.Tty
      ? (b: Buffer) => this.sink.data({ text: b, stream: 'stdout' })
      : (b: Buffer) => {
          for (const p of frames.push(b)) this.sink.data({ text: p.bytes, stream: p.stream });
        };
    // The engine flushes every frame (one line), and a 'data' listener gets
    // each on its own; read() hands over all that has arrived as one chunk,
    // so the faster a log comes the more lines one append carries
    // (scripts/bench/logThroughput.mjs, issue 18).
    raw.on('readable', () => {
      let b: Buffer | null;
      while (!this.disposed && (b = raw.read() as Buffer | null) !== null) deliver(b);
    });
    let done = false;
    const ended = () => {
      if (done || this.disposed) return;
      done = true;
      this.stream = undefined;
      if (!this.options.follow) {
        this.sink.end();
        return;
      }
      // The container stopped or the daemon went away: wait for either to come back.
      const rec = this.o.model.get(this.o.connectionId, this.o.containerId);
      this.lastExitCode = rec?.exitCode;
      if (rec && rec.state !== 'running') {
        this.sink.state?.('ended', rec.exitCode !== undefined ? l10n.t('exited with code {0}; follows again when it starts', rec.exitCode) : l10n.t('stopped; follows again when it starts'));
      }
      this.waitForChange();
    };
    raw.on('end', ended);
    raw.on('close', ended);
    raw.on('error', ended);
  }

  private lastExitCode?: number;

  /** Re-opens once the connection is up and the container runs again. */
  private waitForChange(): void {
    this.waiting?.dispose();
    let told = false;
    const check = () => {
      if (this.disposed) return;
      const conn = this.o.model.connection(this.o.connectionId);
      const rec = this.o.model.get(this.o.connectionId, this.o.containerId);
      if (conn?.status !== 'connected') {
        if (!told) this.sink.state?.('reconnecting', conn?.reason);
        told = true;
        return;
      }
      if (!rec) {
        // Removed while we waited (or not listed): one inspect tells which.
        if (this.waiting) void this.reopen();
        return;
      }
      if (rec.state === 'running' || rec.startedAt !== this.runStartedAt) void this.reopen();
    };
    this.waiting = this.o.model.onDidChange(check);
    check();
  }

  private async reopen(): Promise<void> {
    this.waiting?.dispose();
    this.waiting = undefined;
    await this.open(false);
  }

  dispose(): void {
    this.disposed = true;
    this.waiting?.dispose();
    this.stream?.destroy?.();
    this.stream = undefined;
  }
}
