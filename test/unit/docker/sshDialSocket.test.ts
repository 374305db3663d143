// The socket an ssh:// engine's HTTP requests ride on: writes wait for the
// channel, a channel that closes before docker spoke is explained from the
// remote's exit status and stderr, and a docker that never answers is given
// up on. A stand-in channel plays the SSH side.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import { SshDialSocket } from '../../../src/docker/client/sshDialSocket';
import type { SshFailure } from '../../../src/core/docker/sshProblems';

class FakeChannel extends PassThrough {
  readonly stderr = new EventEmitter();
  readonly written: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.written.push(chunk.toString());
    done();
  }
  close(): void {
    this.emit('close');
  }
}

class Failure extends Error {
  constructor(readonly failure: SshFailure) {
    super(failure.kind);
  }
}

const socket = (answerMs = 1000) => new SshDialSocket(answerMs, (f) => new Failure(f));
const errorOf = (s: SshDialSocket) => new Promise<SshFailure>((r) => s.once('error', (e: Failure) => r(e.failure)));

describe('SshDialSocket', () => {
  it('holds writes until the channel is there, then passes bytes both ways', async () => {
    const s = socket();
    s.write('GET /_ping HTTP/1.1\r\n\r\n');
    const ch = new FakeChannel();
    s.attach(ch as unknown as ClientChannel);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ch.written, ['GET /_ping HTTP/1.1\r\n\r\n']);
    const got = new Promise<string>((r) => s.once('data', (b: Buffer) => r(b.toString())));
    ch.emit('data', Buffer.from('HTTP/1.1 200 OK'));
    assert.equal(await got, 'HTTP/1.1 200 OK');
    s.destroy();
  });

  it('a channel that exits 127 before docker spoke means docker is missing, in the remote shell\'s words', async () => {
    const s = socket();
    const ch = new FakeChannel();
    s.attach(ch as unknown as ClientChannel);
    const failed = errorOf(s);
    ch.stderr.emit('data', Buffer.from('sh: 1: docker: not found\n'));
    ch.emit('exit', 127);
    ch.close();
    assert.deepEqual(await failed, { kind: 'dockerMissing', stderr: 'sh: 1: docker: not found' });
  });

  it('another exit before docker spoke is dial-stdio failing, with its exit code', async () => {
    const s = socket();
    const ch = new FakeChannel();
    s.attach(ch as unknown as ClientChannel);
    const failed = errorOf(s);
    ch.stderr.emit('data', Buffer.from('Cannot connect to the Docker daemon\n'));
    ch.emit('exit', 1);
    ch.close();
    assert.deepEqual(await failed, { kind: 'dialFailed', exitCode: 1, stderr: 'Cannot connect to the Docker daemon' });
  });

  it('gives up on a docker that says nothing after a request', async () => {
    const s = socket(50);
    s.attach(new FakeChannel() as unknown as ClientChannel);
    const failed = errorOf(s);
    s.write('GET /version HTTP/1.1\r\n\r\n');
    assert.deepEqual(await failed, { kind: 'timeout', seconds: 0, stage: 'answer' });
  });

  it('drops a timeout callback on setTimeout(0, cb), as net.Socket does (Node\'s HTTP client does it at the end of each request on a kept-alive socket)', () => {
    const s = socket();
    const cb = () => undefined;
    for (let i = 0; i < 20; i++) {
      s.setTimeout(1000, cb);
      s.setTimeout(0, cb);
    }
    assert.equal(s.listenerCount('timeout'), 0);
    s.destroy();
  });

  it('ends quietly when the channel closes after docker answered', async () => {
    const s = socket();
    const ch = new FakeChannel();
    s.attach(ch as unknown as ClientChannel);
    s.on('data', () => undefined);
    let error: Error | undefined;
    s.on('error', (e: Error) => (error = e));
    ch.emit('data', Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
    ch.close();
    await new Promise((r) => s.once('close', r));
    assert.equal(error, undefined);
  });
});
