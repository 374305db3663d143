// Faults mid-operation (issue 17): the real dockerd stopped or killed while
// Deploy Locally builds and while a debug session runs. These drive the same
// functions the commands and the shipped adapter (dist/debugAdapter.js over
// DAP) run, not the editor's gestures: this tier stops the one Docker engine
// the host tier's code-server and its other suites share, so it runs alone,
// outside the editor. Each case is one the user meets when Docker Desktop
// restarts or the daemon crashes.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { deployLocal, ImageBuildError, type DeploySettings } from '../../src/docker/client/localDeploy';
import { buildImage } from '../../src/docker/client/localImageBuild';
import { deleteService } from '../../src/docker/client/localService';
import { EngineWatcher } from '../../src/docker/client/engineWatcher';
import { resolveDockerAddress } from '../../src/core/docker/dockerHost';
import { ServiceModel } from '../../src/core/model/serviceModel';
import { TestDapClient } from '../support/dapClient';
import { startPrivateDockerd } from '../support/privateDockerd';
import { SAMPLE_IMAGE, TEST_LABEL, docker, readableTempDir, removeLabelled, uniqueName, waitFor } from '../support/docker';

const exec = promisify(execFile);
const repo = path.resolve(__dirname, '../../..');
const runLabel = `com.azureml-debug.test-run=${uniqueName('faults')}`;
const labels = Object.fromEntries([TEST_LABEL, runLabel].map((l) => l.split('=') as [string, string]));

async function stopDockerd(signal: 'TERM' | 'KILL'): Promise<void> {
  await exec('pkill', [`-${signal}`, '-x', 'dockerd']);
  await waitFor('dockerd gone', async () => {
    try {
      await exec('pgrep', ['-x', 'dockerd']);
      return undefined;
    } catch {
      return true;
    }
  }, 30000);
}

const startDockerd = () => exec('bash', [path.join(repo, 'scripts/setup/docker.sh')]);

/** A copy of sample/v2 whose environment is a build context with a slow step. */
function slowBuildProject(endpoint: string): string {
  const dir = readableTempDir('aml-faults-');
  fs.cpSync(path.join(repo, 'sample/v2'), dir, { recursive: true });
  for (const f of ['deployment.yml', 'endpoint.yml']) {
    const file = path.join(dir, f);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/sample-endpoint/g, endpoint));
  }
  fs.writeFileSync(path.join(dir, 'environment', 'Dockerfile.slow'), `FROM ${SAMPLE_IMAGE}\nRUN sleep 20 && echo built > /tmp/built\n`);
  const yml = path.join(dir, 'deployment.yml');
  fs.writeFileSync(yml, fs.readFileSync(yml, 'utf8').replace(/environment:\n(  .*\n)+/, 'environment:\n  build:\n    path: environment\n    dockerfile_path: Dockerfile.slow\n'));
  return dir;
}

const settings: DeploySettings = {
  baseImage: 'azureml-debug/not-used-by-v2:1',
  providedPackages: ['azureml-defaults', 'azureml-inference-server-http'],
  port: 18950,
  healthTimeoutMs: 60_000,
  extraLabels: labels,
};

describe('faults mid-operation (real dockerd stopped and killed)', function () {
  this.timeout(300_000);
  const client = new Dockerode({ socketPath: '/var/run/docker.sock' });
  const folders: string[] = [];
  let model: ServiceModel;
  let watcher: EngineWatcher;

  before(async () => {
    model = new ServiceModel();
    watcher = new EngineWatcher({
      connectionId: 'docker', address: resolveDockerAddress(undefined, undefined), model,
      pinned: () => new Set(), showAll: () => false, minBackoffMs: 100, maxBackoffMs: 500,
    });
    watcher.start();
    await waitFor('connected', () => model.connection('docker')?.status === 'connected');
  });

  // A failed case must not leave the engine down for the next one.
  afterEach(() => startDockerd());

  after(async () => {
    watcher.dispose();
    await startDockerd();
    await removeLabelled(runLabel);
    for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
  });

  for (const signal of ['KILL', 'TERM'] as const) {
    it(`dockerd ${signal === 'KILL' ? 'killed' : 'stopped'} during Deploy Locally's build: says so (not "your step failed"), tags nothing, leaves no build container, and a retry builds`, async () => {
      const endpoint = uniqueName(`bk${signal.toLowerCase()}`).toLowerCase();
      const dir = slowBuildProject(endpoint);
      folders.push(dir);
      const tag = `${endpoint}:blue-environment`;
      const before = new Set((await docker('ps', '-aq', '--no-trunc')).split('\n').filter(Boolean));
      let output = '';
      let stopping: Promise<void> | undefined;
      const failed = await deployLocal(client, path.join(dir, 'deployment.yml'), undefined, settings, {
        output: (t) => {
          output += t;
          if (!stopping && /Running in/.test(output)) stopping = stopDockerd(signal);
        },
      }).then(() => undefined, (e: unknown) => e);
      await stopping;
      assert.ok(failed instanceof ImageBuildError, `the deploy failed with an ImageBuildError: ${String(failed)}`);
      assert.match(failed.message, /^Docker stopped during the build.*nothing was tagged\. The step that was running \(RUN sleep 20 && echo built > \/tmp\/built\) was cut off; it did not fail\./);
      assert.doesNotMatch(failed.message, /returned a non-zero code/);

      await startDockerd();
      await waitFor('the tree reconnects', () => model.connection('docker')?.status === 'connected', 30000);
      assert.equal(await docker('images', '-q', tag), '', 'no image carries the tag');
      // The builder's step container, left by a killed daemon, is removed once Docker is back.
      await waitFor('no build container left', async () => {
        const now = (await docker('ps', '-aq', '--no-trunc')).split('\n').filter((id) => id && !before.has(id));
        return now.length === 0 ? true : undefined;
      }, 30000);

      const out = await deployLocal(client, path.join(dir, 'deployment.yml'), undefined, { ...settings, port: settings.port + (signal === 'KILL' ? 1 : 2) });
      try {
        assert.equal(out.health.ok, true, JSON.stringify(out.health));
        assert.equal(await docker('exec', out.containerId, 'cat', '/tmp/built'), 'built');
      } finally {
        await deleteService(client, out.service, true).catch(() => undefined);
        await docker('rmi', '-f', tag).catch(() => undefined);
      }
    });
  }

  /** A debug session of a copy of the sample through the shipped adapter, attached to its worker. */
  async function debugSession(): Promise<{ parent: TestDapClient; worker: TestDapClient; id: string }> {
    const app = readableTempDir('aml-faults-app-');
    folders.push(app);
    fs.cpSync(path.join(repo, 'sample'), app, { recursive: true });
    const parent = new TestDapClient({});
    await parent.start();
    await parent.configure('launch', { name: 'faults', appFolder: app, image: SAMPLE_IMAGE, modelDir: '/var/azureml-app', scoringPort: 0, debugPort: 0, labels });
    const worker = await parent.nextChild();
    const id = (await parent.event('azuremlContainer')).body as { id: string };
    return { parent, worker, id: id.id };
  }

  it('dockerd stopped during a debug session: the session ends saying why, and its container (live-restore kept it running) is removed once Docker is back', async () => {
    const { parent, worker, id } = await debugSession();
    try {
      // The debugger's connection runs through Docker's port proxy, which goes with the daemon.
      await stopDockerd('TERM');
      await parent.event('terminated', () => true, 30000);
      assert.match(parent.output(), /The connection to debugpy closed and Docker is not answering: the session ends\. Docker is not reachable \(E[A-Z]+\)/);
      assert.doesNotMatch(parent.output(), /The container exited with code/);
      assert.match(parent.output(), /Docker is not answering, so the debug container [0-9a-f]{12} could not be removed now; it is removed as soon as Docker answers again/);
      await startDockerd();
      await waitFor('the container removed', async () => ((await docker('ps', '-aq', '--filter', `id=${id}`)) === '' ? true : undefined), 30000);
      await waitFor('and not in the tree', () => (model.get('docker', id) ? undefined : true), 15000);
    } finally {
      for (const c of [worker, parent]) await c.stop().catch(() => undefined);
    }
  });

  it('the container dies with a killed dockerd: the session ends, saying Docker is not answering, and the container is listed when it is back', async () => {
    const { parent, worker, id } = await debugSession();
    try {
      const pid = await docker('inspect', '-f', '{{.State.Pid}}', id);
      await stopDockerd('KILL');
      // Without live-restore (Docker Desktop's default) the containers die with the daemon.
      await exec('kill', ['-KILL', pid]);
      await parent.event('terminated', () => true, 30000);
      assert.match(parent.output(), /The connection to debugpy closed and Docker is not answering: the session ends\. Docker is not reachable \(E[A-Z]+\)/);
      assert.doesNotMatch(parent.output(), /The container exited with code/);
      await startDockerd();
      await waitFor('the container listed, or removed', async () => ((await docker('ps', '-aq', '--filter', `id=${id}`)) === '' || model.get('docker', id) ? true : undefined), 30000);
    } finally {
      for (const c of [worker, parent]) await c.stop().catch(() => undefined);
    }
  });

  it("a full disk during a build (a private dockerd on a 160 MiB tmpfs): says the disk is full and how to free it, changes none of the user's files, and the engine stays usable", async () => {
    const d2 = await startPrivateDockerd(160);
    const m2 = new ServiceModel();
    const w2 = new EngineWatcher({
      connectionId: 'docker2', address: resolveDockerAddress(`unix://${d2.socket}`, undefined), model: m2,
      pinned: () => new Set(), showAll: () => false, minBackoffMs: 100, maxBackoffMs: 500,
    });
    const dir = slowBuildProject(uniqueName('full').toLowerCase());
    folders.push(dir);
    const dockerfile = path.join(dir, 'environment', 'Dockerfile.slow');
    fs.writeFileSync(dockerfile, `FROM ${d2.baseImage}\nRUN dd if=/dev/zero of=/big bs=1M count=400\n`);
    const digest = () => {
      const h = createHash('sha256');
      for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort()) {
        h.update(f).update(fs.readFileSync(f));
      }
      return h.digest('hex');
    };
    try {
      w2.start();
      await waitFor('the private engine listed', () => m2.connection('docker2')?.status === 'connected');
      const before = digest();
      const failed = await deployLocal(d2.docker, path.join(dir, 'deployment.yml'), undefined, settings).then(() => undefined, (e: unknown) => e);
      assert.ok(failed instanceof ImageBuildError, String(failed));
      assert.match(failed.message, /^Docker ran out of disk space during the build \(no space left on device\)\. Free space with `docker system prune`.*your files were not changed\. Docker said: The command .* returned a non-zero code: 1$/);
      assert.equal(digest(), before, "the user's files are as they were");
      // The failed step's layer is gone with its container: the disk has room again, the engine answers and builds.
      assert.equal(m2.connection('docker2')?.status, 'connected');
      const { stdout } = await exec('df', ['--output=pcent', d2.dataRoot]);
      assert.ok(Number(/(\d+)%/.exec(stdout)?.[1]) < 50, `the data root is freed: ${stdout}`);
      fs.writeFileSync(dockerfile, `FROM ${d2.baseImage}\nRUN dd if=/dev/zero of=/small bs=1M count=5\n`);
      const built = await buildImage(d2.docker, { dir: path.join(dir, 'environment'), dockerfile: 'Dockerfile.slow' }, 'retry:1', () => undefined);
      assert.ok(built.imageId);
    } finally {
      w2.dispose();
      await d2.stop();
    }
  });
});
