// A debug container's output in the Debug Console: whole lines, their secrets
// masked (a secret cut between two chunks too), and the last lines kept for
// the crash report masked the same way.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { ContainerOutput, recentLines } from '../../../src/docker/client/containerOutput';

describe('ContainerOutput', () => {
  it('gives the Debug Console whole lines with their secrets masked, and keeps them masked', async () => {
    const streams: { out?: PassThrough; err?: PassThrough } = {};
    const container = { logs: () => Promise.resolve(new PassThrough()) } as unknown as Dockerode.Container;
    const modem = { demuxStream: (_s: unknown, out: PassThrough, err: PassThrough) => Object.assign(streams, { out, err }) } as unknown as Dockerode['modem'];
    const shown: [string, string][] = [];
    const output = new ContainerOutput();
    await output.follow(container, modem, (text, category) => void shown.push([text, category]));
    streams.out?.write('Booting worker\nexport AZURE_CLIENT_SECRET=cl1e');
    streams.out?.write('nt~secret\nDB_PASSWORD=hun');
    streams.err?.write('Authorization: Bearer 0pen.sesame.token\n');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(shown, [
      ['Booting worker\n', 'stdout'],
      ['export AZURE_CLIENT_SECRET=********\n', 'stdout'],
      ['Authorization: Bearer ********\n', 'stderr'],
    ]);
    assert.deepEqual(output.tail(), ['Booting worker', 'export AZURE_CLIENT_SECRET=********', 'Authorization: Bearer ********', 'DB_PASSWORD=********']);
  });

  it('reads a container\'s last lines masked (the crash report\'s evidence)', async () => {
    const frame = (text: string) => Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, text.length]), Buffer.from(text)]);
    const container = { logs: () => Promise.resolve(Buffer.concat([frame('init()\n'), frame('AML_APP_INSIGHTS_KEY=1234abcd\n')])) } as unknown as Dockerode.Container;
    assert.deepEqual(await recentLines(container, 10), ['init()', 'AML_APP_INSIGHTS_KEY=********']);
  });
});
