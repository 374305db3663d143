// Follows a container's stdout/stderr (docker logs --follow), splits it into
// lines for the Debug Console, their secrets masked as the log panel's are,
// and keeps the last lines, which are what a crash report shows (the
// traceback usually sits at the end).
import { PassThrough, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { demuxedText } from '../../core/logs/dockerLogFrames';
import { maskSecretsInText } from '../../core/model/secrets';

/** Where each chunk of output goes. */
export type OutputHandler = (text: string, category: 'stdout' | 'stderr') => void;

/** A running `logs --follow` with a ring of the last lines. */
export class ContainerOutput {
  private readonly lines: string[] = [];
  private stream?: Readable;
  private partial = { stdout: '', stderr: '' };

  constructor(private readonly maxLines = 60) {}

  /**
   * Starts following; `since` (seconds since the epoch) skips output produced
   * before then (0: everything the container wrote).
   */
  async follow(container: Dockerode.Container, modem: Dockerode['modem'], onOutput: OutputHandler, since = 0): Promise<void> {
    const stream = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      since,
    })) as unknown as Readable;
    this.stream = stream;
    const out = new PassThrough();
    const err = new PassThrough();
    out.on('data', (b: Buffer) => this.take(b.toString('utf8'), 'stdout', onOutput));
    err.on('data', (b: Buffer) => this.take(b.toString('utf8'), 'stderr', onOutput));
    modem.demuxStream(stream, out, err);
    stream.on('error', () => undefined);
  }

  /** The last lines seen, oldest first. */
  tail(): string[] {
    const pending = [this.partial.stdout, this.partial.stderr].filter((s) => s.length > 0).map(maskSecretsInText);
    return [...this.lines, ...pending];
  }

  stop(): void {
    this.stream?.destroy();
    this.stream = undefined;
  }

  // Whole lines only, so a secret cut between two chunks is masked whole; a
  // line shows once its newline has come.
  private take(text: string, category: 'stdout' | 'stderr', onOutput: OutputHandler): void {
    const joined = this.partial[category] + text;
    const parts = joined.split(/\r?\n/);
    this.partial[category] = parts.pop() ?? '';
    if (parts.length === 0) return;
    const masked = parts.map(maskSecretsInText);
    onOutput(`${masked.join('\n')}\n`, category);
    for (const line of masked) {
      this.lines.push(line);
      if (this.lines.length > this.maxLines) this.lines.shift();
    }
  }
}

/**
 * How long after a container's exit its last lines take to reach the engine's
 * log: the engine copies them from the process's pipes just after the exit,
 * and they are the ones that explain it (runit's finish line, which names the
 * server's code; a traceback's last line).
 */
const EXIT_LOG_SETTLE_MS = 300;

/** The last `n` lines of a container that has exited, once its last words have reached the log. */
export async function linesAfterExit(container: Dockerode.Container, n: number): Promise<string[]> {
  await new Promise((r) => setTimeout(r, EXIT_LOG_SETTLE_MS));
  return recentLines(container, n);
}

/** The last `n` lines a container wrote (both streams, interleaved as Docker stored them), masked. */
export async function recentLines(container: Dockerode.Container, n: number): Promise<string[]> {
  const buf = (await container.logs({ follow: false, stdout: true, stderr: true, tail: n })) as unknown as Buffer;
  // Without a TTY the answer is multiplexed: 8-byte frame headers before each chunk.
  return demuxedText(buf).split(/\r?\n/).filter((l) => l.length > 0).slice(-n).map(maskSecretsInText);
}
