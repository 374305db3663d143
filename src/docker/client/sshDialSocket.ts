// One HTTP connection to a Docker engine over SSH: the socket Node's HTTP
// client writes to, carried by an exec channel running `docker system
// dial-stdio` on the host. It exists before the channel does (writes wait),
// keeps the remote's stderr and exit status so a channel that closes before
// docker said anything becomes "docker missing" or "dial-stdio failed", and
// gives up when docker does not answer in time.
import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import type { SshFailure } from '../../core/docker/sshProblems';

const STDERR_KEPT = 4096;

/** The socket the HTTP agent hands out; `attach` it to a channel, or `destroy` it with why there is none. */
export class SshDialSocket extends Duplex {
  private channel?: ClientChannel;
  private waiting: { chunk: Buffer; done: (err?: Error | null) => void }[] = [];
  private answered = false;
  private stderr = '';
  private exitCode?: number;
  private answerTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private idleMs = 0;

  /**
   * @param answerMs how long docker may stay silent after a write before it has said anything
   * @param fail turns a failure into the error the HTTP request rejects with
   */
  constructor(private readonly answerMs: number, private readonly fail: (f: SshFailure) => Error) {
    super({ allowHalfOpen: true });
  }

  /** Carries this socket over `channel` (closed at once when the socket is already gone). */
  attach(channel: ClientChannel): void {
    if (this.destroyed) {
      channel.close();
      return;
    }
    this.channel = channel;
    channel.on('data', (b: Buffer) => {
      this.answered = true;
      clearTimeout(this.answerTimer);
      this.touch();
      if (!this.push(b)) channel.pause();
    });
    channel.stderr.on('data', (b: Buffer) => {
      if (this.stderr.length < STDERR_KEPT) this.stderr += b.toString('utf8').slice(0, STDERR_KEPT - this.stderr.length);
    });
    channel.on('exit', (code: number | null) => {
      if (typeof code === 'number') this.exitCode = code;
    });
    channel.on('error', (err: Error) => this.destroy(this.fail({ kind: 'other', message: err.message })));
    channel.on('close', () => this.channelClosed());
    for (const w of this.waiting.splice(0)) this.send(w.chunk, w.done);
  }

  private channelClosed(): void {
    if (this.destroyed) return;
    if (!this.answered) {
      // docker never spoke: the remote's own words say why.
      const stderr = this.stderr.trim();
      if (this.exitCode === 127 || /\bdocker: (command )?not found/i.test(stderr)) this.destroy(this.fail({ kind: 'dockerMissing', stderr }));
      else if (stderr || (this.exitCode !== undefined && this.exitCode !== 0)) this.destroy(this.fail({ kind: 'dialFailed', exitCode: this.exitCode, stderr }));
      else this.destroy(this.fail({ kind: 'dropped' }));
      return;
    }
    this.push(null);
    this.destroy();
  }

  private send(chunk: Buffer, done: (err?: Error | null) => void): void {
    this.touch();
    if (!this.answered) {
      clearTimeout(this.answerTimer);
      this.answerTimer = setTimeout(() => this.destroy(this.fail({ kind: 'timeout', seconds: Math.round(this.answerMs / 1000), stage: 'answer' })), this.answerMs);
    }
    this.channel?.write(chunk, (err?: Error | null) => done(err));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.channel) this.send(chunk, done);
    else this.waiting.push({ chunk, done });
  }

  override _final(done: (err?: Error | null) => void): void {
    this.channel?.end();
    done();
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    clearTimeout(this.answerTimer);
    clearTimeout(this.idleTimer);
    for (const w of this.waiting.splice(0)) w.done(err ?? new Error('closed'));
    this.channel?.close();
    done(err);
  }

  // What Node's HTTP client and keep-alive agent call on a net.Socket.
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.idleMs = ms;
    // As net.Socket: 0 with a callback removes it (Node's HTTP client does so when a request ends).
    if (onTimeout) {
      if (ms === 0) this.removeListener('timeout', onTimeout);
      else this.once('timeout', onTimeout);
    }
    this.touch();
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs > 0 && !this.destroyed) {
      this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs);
      this.idleTimer.unref();
    }
  }

  setKeepAlive(): this {
    return this; // The SSH connection sends its own keepalives.
  }

  setNoDelay(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}
