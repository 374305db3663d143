// One Docker engine, kept in the service model: lists the containers once at
// (re)connect, then follows /events. When the events stream drops (daemon
// gone) the connection shows as unreachable at once and reconnects with
// back-off; when it is back the model is re-listed. No polling of state.
import type Dockerode from 'dockerode';
import type { DockerAddress } from '../../core/docker/dockerHost';
import { applyEvent, describeDockerError, lifecycleEvent, type DockerEvent } from '../../core/docker/dockerEvents';
import { containerRecord, type ContainerInspect } from '../../core/docker/dockerRecords';
import type { ServiceModel } from '../../core/model/serviceModel';
import { closeDockerClient, createDockerClient } from './engineClient';
import type { SshEngineError } from './sshEngineAgent';
import { l10n } from '../../core/l10n';

export interface EngineWatcherOptions {
  connectionId: string;
  address: DockerAddress;
  model: ServiceModel;
  pinned: () => ReadonlySet<string>;
  showAll: () => boolean;
  log?: (message: string) => void;
  /** Back-off bounds for reconnects, in ms. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** The retry delay after a failure that retrying soon will not fix (SSH keys, host keys). */
  lastingRetryMs?: number;
}

/** Watches one engine; dispose() ends the stream and every timer. */
export class EngineWatcher {
  readonly docker: Dockerode;
  private events?: NodeJS.ReadableStream & { destroy?: () => void };
  private retry?: NodeJS.Timeout;
  private backoff: number;
  private disposed = false;
  private everConnected = false;
  /** Per-container chains so one container's events apply in order. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Bumped at every (re)connect so late answers of an old one are dropped. */
  private generation = 0;

  constructor(private readonly options: EngineWatcherOptions) {
    this.docker = createDockerClient(options.address);
    this.backoff = options.minBackoffMs ?? 250;
  }

  start(): void {
    void this.connect();
  }

  /** Re-lists everything (the user asked, or a filter setting changed). */
  async refresh(): Promise<void> {
    await this.listAll(this.generation);
  }

  private setStatus(status: 'connecting' | 'connected' | 'unreachable' | 'reconnecting', extra: { version?: string; reason?: string; advice?: string } = {}): void {
    if (this.disposed) return;
    const { connectionId, address } = this.options;
    this.options.model.setConnection({ id: connectionId, kind: 'docker', label: address.label, status, ...extra });
  }

  private async connect(): Promise<void> {
    if (this.disposed) return;
    const generation = ++this.generation;
    this.setStatus(this.everConnected ? 'reconnecting' : 'connecting');
    try {
      const version = await this.docker.version();
      if (generation !== this.generation || this.disposed) return;
      // Subscribe before listing so nothing that happens during the list is lost.
      const stream = (await this.docker.getEvents({ filters: { type: ['container'] } })) as NodeJS.ReadableStream;
      if (generation !== this.generation || this.disposed) {
        (stream as { destroy?: () => void }).destroy?.();
        return;
      }
      this.events = stream;
      this.followEvents(stream, generation);
      await this.listAll(generation);
      this.everConnected = true;
      this.backoff = this.options.minBackoffMs ?? 250;
      this.setStatus('connected', { version: `Docker Engine ${version.Version} (API ${version.ApiVersion})` });
    } catch (err) {
      if (generation !== this.generation) return;
      this.lost(err as NodeJS.ErrnoException);
    }
  }

  private lost(err: { code?: string; message?: string; statusCode?: number }): void {
    if (this.disposed) return;
    this.generation++;
    (this.events as { destroy?: () => void } | undefined)?.destroy?.();
    this.events = undefined;
    this.chains.clear();
    // An ssh:// failure comes worded, with what to do.
    const problem = (err as Partial<SshEngineError>).problem;
    this.setStatus('unreachable', problem ? { reason: problem.reason, advice: problem.advice } : { reason: describeDockerError(err, this.options.address.label) });
    // A refused key or host key does not fix itself in seconds, and logging in
    // again and again is what gets an address banned (fail2ban): retry slowly.
    const delay = problem?.lasting ? Math.max(this.backoff, this.options.lastingRetryMs ?? 20000) : this.backoff;
    this.options.log?.(`Docker engine ${this.options.address.label} unreachable: ${problem ? problem.reason : err.code ?? err.message}; retrying in ${delay} ms`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), delay);
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 2000);
  }

  private followEvents(stream: NodeJS.ReadableStream, generation: number): void {
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (!line) continue;
        try {
          this.onEvent(JSON.parse(line) as DockerEvent, generation);
        } catch {
          this.options.log?.(`ignored a malformed Docker event line (${line.length} bytes)`);
        }
      }
    });
    const ended = (err?: NodeJS.ErrnoException) => {
      if (generation === this.generation) this.lost(err ?? { code: 'ECONNRESET', message: l10n.t('the events stream ended') });
    };
    stream.on('error', ended);
    stream.on('end', () => ended());
    stream.on('close', () => ended());
  }

  private onEvent(e: DockerEvent, generation: number): void {
    const ev = lifecycleEvent(e);
    if (!ev) return;
    this.enqueue(ev.id, async () => {
      const { model, connectionId } = this.options;
      if (ev.action === 'destroy') {
        model.remove(connectionId, ev.id);
        return;
      }
      const known = model.get(connectionId, ev.id);
      if (known) {
        const next = applyEvent(known, e, ev.action);
        if (next !== known) model.upsert(next);
      }
      await this.inspectInto(ev.id, generation);
    });
  }

  private enqueue(id: string, work: () => Promise<void>): void {
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev.then(work).catch((err: Error) => this.options.log?.(`Docker event for ${id.slice(0, 12)}: ${err.message}`));
    this.chains.set(id, next);
    void next.then(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
  }

  private async inspectInto(id: string, generation: number): Promise<void> {
    let inspect: ContainerInspect;
    try {
      inspect = (await this.docker.getContainer(id).inspect()) as unknown as ContainerInspect;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) this.options.model.remove(this.options.connectionId, id);
      return;
    }
    if (generation !== this.generation) return;
    this.apply(inspect);
  }

  private apply(inspect: ContainerInspect): void {
    const { model, connectionId } = this.options;
    const record = containerRecord(inspect, connectionId, { pinned: this.options.pinned(), showAll: this.options.showAll() });
    if (record) model.upsert(record);
    else model.remove(connectionId, inspect.Id);
  }

  private async listAll(generation: number): Promise<void> {
    const list = await this.docker.listContainers({ all: true });
    const inspected = await Promise.all(
      list.map((c) =>
        this.docker
          .getContainer(c.Id)
          .inspect()
          .then((i) => i as unknown as ContainerInspect)
          .catch(() => undefined),
      ),
    );
    if (generation !== this.generation) return;
    const opts = { pinned: this.options.pinned(), showAll: this.options.showAll() };
    const records = inspected.flatMap((i) => {
      const r = i && containerRecord(i, this.options.connectionId, opts);
      return r ? [r] : [];
    });
    this.options.model.replaceAll(this.options.connectionId, records);
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    clearTimeout(this.retry);
    (this.events as { destroy?: () => void } | undefined)?.destroy?.();
    this.chains.clear();
    closeDockerClient(this.docker);
  }
}
