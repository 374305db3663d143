// Follows a container's stdout/stderr (docker logs --follow), splits it into
// lines for the Debug Console and keeps the last lines, which are what a
// crash report shows (the traceback usually sits at the end).
import { PassThrough, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { demuxedText } from '../../core/logs/dockerLogFrames';

/** Where each chunk of output goes. */
export type OutputHandler = (text: string, category: 'stdout' | 'stderr') => void;

/** A running `logs --follow` with a ring of the last lines. */
export class ContainerOutput {
  private readonly lines: string[] = [];
  private stream?: Readable;
  private partial = { stdout: '', stderr: '' };

  constructor(private readonly maxLines = 60) {}

  /** Starts following; `sinceNow` skips output produced before this call. */
  async follow(container: Dockerode.Container, modem: Dockerode['modem'], onOutput: OutputHandler, sinceNow = false): Promise<void> {
    const stream = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      since: sinceNow ? Math.floor(Date.now() / 1000) : 0,
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
    const pending = [this.partial.stdout, this.partial.stderr].filter((s) => s.length > 0);
    return [...this.lines, ...pending];
  }

  stop(): void {
    this.stream?.destroy();
    this.stream = undefined;
  }

  private take(text: string, category: 'stdout' | 'stderr', onOutput: OutputHandler): void {
    onOutput(text, category);
    const joined = this.partial[category] + text;
    const parts = joined.split(/\r?\n/);
    this.partial[category] = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > this.maxLines) this.lines.shift();
    }
  }
}

/** The last `n` lines a container wrote (both streams, interleaved as Docker stored them). */
export async function recentLines(container: Dockerode.Container, n: number): Promise<string[]> {
  const buf = (await container.logs({ follow: false, stdout: true, stderr: true, tail: n })) as unknown as Buffer;
  // Without a TTY the answer is multiplexed: 8-byte frame headers before each chunk.
  return demuxedText(buf).split(/\r?\n/).filter((l) => l.length > 0).slice(-n);
}
