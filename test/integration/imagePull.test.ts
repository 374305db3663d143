// Pulling a missing image through the product's pull code, from a real
// registry (docker-registry 2.8 with htpasswd) on 127.0.0.1: the replica
// pushed there under another name, then the replica plus one fresh layer so
// bytes really travel; progress in layers and bytes, Cancel, and each failure
// said in words: 401 after `docker logout` (with the login hint), a tag that
// does not exist, and a registry port nothing listens on.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import type { PullSnapshot } from '../../src/core/docker/imagePull/pullProgress';
import { ensureImage, imageIdIfPresent, ImagePullError } from '../../src/docker/client/imagePull';
import { SAMPLE_IMAGE, TEST_LABEL } from '../support/docker';
import { freePort } from '../support/ports';
import { startRegistry, type LocalRegistry } from '../support/registry';

const exec = promisify(execFile);
const client = new Dockerode({ socketPath: '/var/run/docker.sock' });

describe('image pull from a real registry', function () {
  // The first push sends the whole replica (~310 MB) into the empty registry: ~35 s on the 2-core machine.
  this.timeout(240_000);
  let registry: LocalRegistry;
  // Our own Docker config folder: the user's ~/.docker is never touched.
  let config: string;
  let replica: string;
  let fresh: string;
  const pushed: string[] = [];

  /** The docker CLI with our config folder; `input` goes to stdin. */
  async function cli(args: string[], input?: string): Promise<string> {
    const p = exec('docker', ['--config', config, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    if (input !== undefined) p.child.stdin?.end(input);
    try {
      return (await p).stdout.trim();
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`docker ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
    }
  }
  const login = () => cli(['login', registry.host, '--username', registry.user, '--password-stdin'], registry.password);
  const removeLocal = async (image: string) => {
    await client.getImage(image).remove({ noprune: false }).catch(() => undefined);
    assert.equal(await imageIdIfPresent(client, image), undefined, `${image} is still on the engine`);
  };
  const pull = (image: string, more: { onProgress?: (p: PullSnapshot) => void; signal?: AbortSignal } = {}) =>
    ensureImage(client, image, { dockerConfigDir: config, intervalMs: 0, ...more });
  /** Neither a message nor a progress report may carry the password. */
  const noSecret = (text: string) => assert.ok(!text.includes(registry.password), 'the password reached a message');

  before(async () => {
    registry = await startRegistry();
    config = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-docker-config-'));
    assert.match(await login(), /Login Succeeded/);
    replica = `${registry.host}/azureml/minimal-py312-inference-copy:latest`;
    await cli(['tag', SAMPLE_IMAGE, replica]);
    pushed.push(replica);
    const started = Date.now();
    await cli(['push', replica]);
    console.log(`      (pushed the replica to ${registry.host} in ${Date.now() - started} ms)`);
    // The replica plus one layer of 16 MB of random bytes: a layer the engine really downloads.
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-pull-ctx-'));
    fs.writeFileSync(path.join(ctx, 'noise'), randomBytes(16_000_000));
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${SAMPLE_IMAGE}\nLABEL ${TEST_LABEL}\nCOPY noise /opt/pull-test-noise\n`);
    fresh = `${registry.host}/azureml/pull-test:${randomBytes(4).toString('hex')}`;
    await cli(['build', '-q', '-t', fresh, ctx]);
    fs.rmSync(ctx, { recursive: true, force: true });
    pushed.push(fresh);
    await cli(['push', fresh]);
  });

  after(async () => {
    if (config) await cli(['logout', registry.host]).catch(() => undefined);
    for (const image of pushed) await client.getImage(image).remove({ noprune: false }).catch(() => undefined);
    await registry?.stop();
    if (config) fs.rmSync(config, { recursive: true, force: true });
  });

  it('pulls the replica under another name with the docker login credentials', async () => {
    await removeLocal(replica);
    const seen: PullSnapshot[] = [];
    const started = Date.now();
    const got = await pull(replica, { onProgress: (p) => seen.push(p) });
    console.log(`      (pulled ${replica} in ${Date.now() - started} ms; its layers were already on the engine)`);
    assert.equal(got.pulled, true);
    assert.equal(got.imageId, (await client.getImage(SAMPLE_IMAGE).inspect()).Id);
    // Every layer is on the engine already (under the real name), so the engine names none:
    // the stream is "Pulling from", "Digest", "Status: Downloaded newer image".
    assert.match(seen[seen.length - 1].status ?? '', /^Status: Downloaded newer image for/);
    // Present already: nothing pulled, no progress.
    const again = await pull(replica, { onProgress: () => assert.fail('no pull expected') });
    assert.equal(again.pulled, false);
  });

  it('pulls a layer the engine lacks, reporting bytes as they come', async () => {
    await removeLocal(fresh);
    const seen: PullSnapshot[] = [];
    const started = Date.now();
    const got = await pull(fresh, { onProgress: (p) => seen.push(p) });
    console.log(`      (pulled ${fresh} in ${Date.now() - started} ms: ${seen.length} progress reports)`);
    assert.equal(got.pulled, true);
    const last = seen[seen.length - 1];
    assert.equal(last.layersDone, last.layersTotal);
    assert.ok(last.bytesTotal > 15_000_000 && last.bytesDone === last.bytesTotal, JSON.stringify(last));
    assert.ok(seen.some((p) => p.bytesDone > 0 && p.bytesDone < p.bytesTotal), 'no report showed the layer part-way');
    for (const p of seen) noSecret(JSON.stringify(p));
  });

  it('Cancel stops the pull and leaves no image', async () => {
    await removeLocal(fresh);
    const abort = new AbortController();
    const err = await pull(fresh, { signal: abort.signal, onProgress: (p) => p.layersTotal > 0 && abort.abort() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ImagePullError && err.cancelled, String(err));
    // The engine ends the pull with the closed connection; give it a moment to drop what it had.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await imageIdIfPresent(client, fresh), undefined);
  });

  it('a tag the registry does not have: not found, in words', async () => {
    const err = await pull(`${registry.host}/azureml/pull-test:no-such-tag`).catch((e: unknown) => e);
    assert.ok(err instanceof ImagePullError, String(err));
    assert.equal(err.failure?.kind, 'notFound');
    assert.match(err.message, /has no such image or tag/);
    noSecret(err.message);
  });

  it('logged out: 401, with the docker login hint', async () => {
    await removeLocal(fresh);
    await cli(['logout', registry.host]);
    try {
      const err = await pull(fresh).catch((e: unknown) => e);
      assert.ok(err instanceof ImagePullError, String(err));
      assert.equal(err.failure?.kind, 'auth');
      assert.deepEqual(err.failure?.loginCommands, [`docker login ${registry.host}`]);
      assert.match(err.message, new RegExp(`refused access.*docker login ${registry.host.replace(/\./g, '\\.')}`));
      assert.match(err.failure?.detail ?? '', /no basic auth credentials/);
      assert.equal(await imageIdIfPresent(client, fresh), undefined);
    } finally {
      await login();
    }
  });

  it('a registry port nothing listens on: unreachable, in words', async () => {
    const closed = `127.0.0.1:${await freePort()}/azureml/minimal-py312-inference:latest`;
    const err = await pull(closed).catch((e: unknown) => e);
    assert.ok(err instanceof ImagePullError, String(err));
    assert.equal(err.failure?.kind, 'unreachable');
    assert.equal(err.failure?.reason, 'refused');
    assert.match(err.message, /nothing answered at 127\.0\.0\.1:\d+/);
  });
});
