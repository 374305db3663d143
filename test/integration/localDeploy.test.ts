// The local deployment workflow against the real engine and the Azure ML
// image (runit PID 1, nginx on 5001, azmlinfsrv, USER dockeruser): deploy a
// copy of the sample, score the sample request (checked against the model's
// own math), reload an edited score.py in place (same container), update a
// changed model with the environment left alone, delete leaving nothing; and
// bad inputs, each with a clear message and nothing half-made left, among
// them a folder the image's user cannot read.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { DeployLabels } from '../../src/core/deploy/deployPlan';
import { deleteService, freePort, reloadService, waitHealthy } from '../../src/docker/client/localService';
import { parse as parseYaml } from 'yaml';
import { deployLocal, updateLocal, makeSourceReadable, DeployInputError, ImageBuildError, loadDeployment, UnreadableSourceError, type DeploySettings } from '../../src/docker/client/localDeploy';
import { SAMPLE_IMAGE, TEST_LABEL, containerLogs, readableTempDir, uniqueName, docker as dockerCli } from '../support/docker';

const sample = path.resolve(__dirname, '../../../sample');
const client = new Dockerode({ socketPath: '/var/run/docker.sock' });
const settings = (over: Partial<DeploySettings> = {}): DeploySettings => ({
  baseImage: SAMPLE_IMAGE,
  providedPackages: ['azureml-defaults', 'azureml-inference-server-http'],
  port: 18890,
  healthTimeoutMs: 60_000,
  extraLabels: { 'com.azureml-debug.test': '1' },
  ...over,
});

function copySample(): string {
  const dir = readableTempDir('aml-deploy-');
  fs.cpSync(sample, dir, { recursive: true });
  return dir;
}

function post(port: number, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/score', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The sample model's prediction, computed here from model.json (bias + w·x, rounded to 4 places). */
function expected(modelFile: string, requestFile: string): number[] {
  const model = JSON.parse(fs.readFileSync(modelFile, 'utf8')) as { bias: number; weights: number[] };
  const rows = (JSON.parse(fs.readFileSync(requestFile, 'utf8')) as { data: number[][] }).data;
  return rows.map((row) => Math.round((model.bias + row.reduce((s, v, i) => s + v * model.weights[i], 0)) * 1e4) / 1e4);
}

async function leftovers(service: string): Promise<string[]> {
  const f = JSON.stringify({ label: [`${DeployLabels.service}=${service}`] });
  const containers = await client.listContainers({ all: true, filters: f } as unknown as Dockerode.ContainerListOptions);
  const images = await client.listImages({ all: true, filters: f } as unknown as Dockerode.ListImagesOptions);
  return [...containers.map((c) => `container ${c.Names[0]}`), ...images.map((i) => `image ${i.Id}`)];
}

async function ownedCount(): Promise<number> {
  const f = JSON.stringify({ label: [`${DeployLabels.owner}=deploy`] });
  const containers = await client.listContainers({ all: true, filters: f } as unknown as Dockerode.ContainerListOptions);
  const images = await client.listImages({ all: true, filters: f } as unknown as Dockerode.ListImagesOptions);
  return containers.length + images.length;
}

describe('Local deployment (real engine)', function () {
  this.timeout(300_000);
  const service = uniqueName('aml-local');
  const folder = copySample();
  const request = fs.readFileSync(path.join(sample, 'sample-request.json'), 'utf8');
  let containerId = '';
  let port = 0;
  let imageId = '';
  let startedAt = '';

  after(async () => {
    await deleteService(client, service, true).catch(() => undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('deploys the sample and serves the prediction the model computes', async () => {
    const progress: string[] = [];
    const out = await deployLocal(client, folder, service, settings(), { progress: (m) => progress.push(m) });
    assert.equal(out.health.ok, true, JSON.stringify(out.health));
    assert.ok(progress.includes('Checking container health...'));
    containerId = out.containerId;
    port = out.port;
    imageId = out.imageId;
    const res = await post(port, request);
    assert.equal(res.status, 200, res.body);
    startedAt = (await client.getContainer(containerId).inspect()).State.StartedAt;
    const body = JSON.parse(res.body) as { predictions: number[] };
    assert.deepEqual(body.predictions, expected(path.join(folder, 'model/model.json'), path.join(folder, 'sample-request.json')));
    const info = await client.getContainer(containerId).inspect();
    assert.equal(info.Config.Labels[DeployLabels.service], service);
    assert.equal(info.Config.Labels[DeployLabels.source], folder);
    assert.equal(info.Config.Labels[DeployLabels.version], '1');
    assert.deepEqual(info.HostConfig.PortBindings['5001/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(port) }]);
    // The environment skipped what the base has and what the server stands in for: numpy is in the image's env, so nothing is installed.
    assert.deepEqual(out.environment.provided.map((r) => r.name), ['azureml-defaults']);
    assert.deepEqual(out.environment.present.map((p) => p.req.name), ['numpy']);
    assert.deepEqual(out.environment.install, []);
    assert.ok(!out.build.log.includes('environment.sh'), out.build.log);
    // Healthy through nginx in front of azmlinfsrv, with runit as PID 1 and the image's own user.
    assert.equal(info.Config.User, 'dockeruser');
    const top = await dockerCli('top', containerId, '-o', 'pid,ppid,args');
    assert.match(top, /runsvdir \/var\/runit/);
    assert.match(top, /azmlinfsrv --entry_script score\.py/);
    const health = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(health.status, 200);
    assert.match(health.headers.get('server') ?? '', /^nginx/);
  });

  it('reloads an edited score.py in place: the answer changes, the image does not', async () => {
    const score = path.join(folder, 'score.py');
    fs.writeFileSync(score, fs.readFileSync(score, 'utf8').replace('return {"predictions": predictions, "model": model["name"]}', 'return {"predictions": predictions, "model": model["name"], "reloaded": True}'));
    const health = await reloadService(client, containerId, port, 'signal', 30_000);
    assert.equal(health.ok, true, JSON.stringify(health));
    const res = await post(port, request);
    assert.equal((JSON.parse(res.body) as { reloaded?: boolean }).reloaded, true, res.body);
    const info = await client.getContainer(containerId).inspect();
    assert.equal(info.Id, containerId);
    assert.equal(info.Image, imageId);
    // In place: the container never restarted (runsvdir was not signalled), runit started the server again.
    assert.equal(info.RestartCount, 0);
    assert.equal(info.State.StartedAt, startedAt);
    const log = await containerLogs(containerId);
    assert.match(log, /Exit code 0 is normal\. Restarting gunicorn\./);
    assert.equal(log.match(/Users's init has completed successfully/g)?.length, 2, log);
  });

  it('updates a changed model: new model served on the same port, environment layer reused', async () => {
    const modelFile = path.join(folder, 'model/model.json');
    const model = JSON.parse(fs.readFileSync(modelFile, 'utf8')) as { bias: number };
    model.bias += 10;
    fs.writeFileSync(modelFile, JSON.stringify(model));
    const out = await updateLocal(client, containerId, settings());
    assert.equal(out.health.ok, true, JSON.stringify(out.health));
    assert.equal(out.port, port);
    assert.equal(out.version, 2);
    assert.deepEqual(out.changed, ['model']);
    // The environment was not touched (the image's env has everything, so there is no step to run); the model step ran again.
    assert.ok(!out.build.ranSteps.some((s) => s.includes('environment.sh')), out.build.log);
    assert.ok(!out.build.cachedSteps.some((s) => s.startsWith('COPY ["model/"')), out.build.log);
    assert.match(out.build.log, /Using cache/);
    const res = await post(out.port, request);
    assert.deepEqual((JSON.parse(res.body) as { predictions: number[] }).predictions, expected(modelFile, path.join(folder, 'sample-request.json')));
    assert.notEqual(out.imageId, imageId);
    await assert.rejects(client.getImage(imageId).inspect(), 'the previous version image is removed');
    containerId = out.containerId;
  });

  it('deletes the service: no container or image of it is left', async () => {
    const removed = await deleteService(client, service, true);
    assert.equal(removed.containers, 1);
    assert.ok(removed.images >= 1);
    assert.deepEqual(await leftovers(service), []);
  });
});

describe('Local deployment: bad input (real engine)', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  const fresh = () => {
    const d = copySample();
    dirs.push(d);
    return d;
  };
  after(async () => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    for (const c of await client.listContainers({ all: true, filters: JSON.stringify({ label: [TEST_LABEL] }) } as unknown as Dockerode.ContainerListOptions)) {
      if (c.Labels[DeployLabels.owner] === 'deploy') await client.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    }
  });

  it('a folder with no entry script', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-empty-'));
    dirs.push(d);
    assert.throws(() => loadDeployment(d), (e: Error) => e instanceof DeployInputError && /No entry script/.test(e.message));
  });

  it('reads the conda specification written inline in inferenceconfig.json as it reads the file', () => {
    const d = fresh();
    const fromFile = loadDeployment(d).requirements;
    assert.ok(fromFile.length > 0);
    const config = JSON.parse(fs.readFileSync(path.join(d, 'inferenceconfig.json'), 'utf8')) as { environment: { python: Record<string, unknown> } };
    // What Environment.from_conda_specification serialises: the spec itself, the file key null.
    config.environment.python.condaDependenciesFile = null;
    config.environment.python.condaDependencies = parseYaml(fs.readFileSync(path.join(d, 'myenv.yml'), 'utf8'));
    fs.writeFileSync(path.join(d, 'inferenceconfig.json'), JSON.stringify(config, null, 2));
    fs.rmSync(path.join(d, 'myenv.yml'));
    const inline = loadDeployment(d);
    assert.deepEqual(inline.requirements, fromFile);
    assert.equal(inline.condaFile, undefined);
  });

  it('a broken inferenceconfig.json, placed at its line and column', () => {
    const d = fresh();
    fs.writeFileSync(path.join(d, 'inferenceconfig.json'), '{\n  "entryScript": "score.py"\n  "sourceDirectory": "."\n}\n');
    assert.throws(() => loadDeployment(d), (e: Error) => e instanceof DeployInputError && e.line === 3 && e.column === 3 && /not valid JSON/.test(e.message));
  });

  it('an environment file that does not parse', () => {
    const d = fresh();
    fs.writeFileSync(path.join(d, 'myenv.yml'), 'dependencies:\n  - pip:\n    - numpy\n  bad: [\n');
    assert.throws(() => loadDeployment(d), (e: Error) => e instanceof DeployInputError && /not valid YAML/.test(e.message) && e.file?.endsWith('myenv.yml') === true);
  });

  it('a missing base image: a clear message, nothing built', async () => {
    const before = await ownedCount();
    // A missing base image is pulled first (ensureImage); no registry answers here, and the pull failure says why.
    await assert.rejects(deployLocal(client, fresh(), uniqueName('aml-nobase'), settings({ baseImage: 'azureml-debug/no-such-image:1' })), (e: Error) =>
      e.name === 'ImagePullError' && /Could not pull "azureml-debug\/no-such-image:1"/.test(e.message));
    assert.equal(await ownedCount(), before);
  });

  it('a package no index has: the build fails fast with its name, nothing half-made left', async () => {
    const d = fresh();
    fs.writeFileSync(path.join(d, 'myenv.yml'), 'dependencies:\n  - pip:\n    - no-such-package-azureml-debug==1.0\n');
    const before = await ownedCount();
    const name = uniqueName('aml-badpkg');
    const started = Date.now();
    await assert.rejects(deployLocal(client, d, name, settings()), (e: Error) => e instanceof ImageBuildError && /no-such-package-azureml-debug/.test(e.log) && /could not install no-such-package-azureml-debug==1\.0/.test(e.log)
      // Into the image's env with its pip, as root (root owns the env), as an Azure ML build does: never apt-get.
      && /Step \d+\/\d+ : USER root/.test(e.log) && /Installing no-such-package-azureml-debug==1\.0 into \/opt\/miniconda\/envs\/amlenv with \/opt\/miniconda\/envs\/amlenv\/bin\/python -m pip/.test(e.log)
      && !/apt-get/.test(e.log));
    assert.ok(Date.now() - started < 120_000);
    assert.equal(await ownedCount(), before);
    assert.deepEqual(await leftovers(name), []);
  });

  it('a taken port: the next free one is used and said', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(18990, '127.0.0.1', r));
    const d = fresh();
    fs.writeFileSync(path.join(d, 'myenv.yml'), 'dependencies:\n  - python=3.11\n  - pip:\n    - flask\n');
    const name = uniqueName('aml-port');
    try {
      const out = await deployLocal(client, d, name, settings({ port: 18990 }));
      assert.equal(out.health.ok, true);
      assert.equal(out.portTaken, 18990);
      assert.ok(out.port > 18990);
    } finally {
      blocker.close();
      await deleteService(client, name, true);
    }
    assert.deepEqual(await leftovers(name), []);
  });

  it('a build cancelled half-way: nothing half-made left', async () => {
    const d = fresh();
    // A package the image lacks, so the environment step runs; with no index pip gives up in about a second, so the cancel comes as the step starts.
    fs.writeFileSync(path.join(d, 'myenv.yml'), 'dependencies:\n  - pip:\n    - scipy\n');
    const before = await ownedCount();
    const name = uniqueName('aml-cancel');
    const abort = new AbortController();
    let sawRun = false;
    await assert.rejects(
      deployLocal(client, d, name, settings(), {
        signal: abort.signal,
        output: (t) => {
          if (!sawRun && /Running in/.test(t)) {
            sawRun = true;
            abort.abort();
          }
        },
      }),
      (e: Error) => e instanceof ImageBuildError && e.cancelled,
    );
    assert.ok(sawRun, 'the environment step had started');
    assert.equal(await ownedCount(), before);
    const running = await dockerCli('ps', '-a', '--filter', `ancestor=${SAMPLE_IMAGE}`, '--format', '{{.Names}} {{.Command}}');
    assert.doesNotMatch(running, /environment\.sh/);
  });

  it('a crashing init(): reported with the exit code and the last lines, container left for its logs', async () => {
    const d = fresh();
    fs.writeFileSync(path.join(d, 'score.py'), 'def init():\n    raise RuntimeError("init broke on purpose")\n\ndef run(raw):\n    return raw\n');
    fs.writeFileSync(path.join(d, 'myenv.yml'), 'dependencies:\n  - pip:\n    - flask\n');
    const name = uniqueName('aml-crash');
    try {
      const out = await deployLocal(client, d, name, settings());
      assert.equal(out.health.ok, false);
      if (out.health.ok || out.health.reason !== 'crashed') throw new Error(JSON.stringify(out.health));
      // The server's exit code (init() failed), which runit reports before SIGHUPing runsvdir (the container's 111).
      assert.equal(out.health.exitCode, 3);
      assert.equal(out.health.containerExitCode, 111);
      assert.ok(out.health.lastLines.some((l) => l.includes('init broke on purpose')), out.health.lastLines.join('\n'));
      assert.equal((await client.getContainer(out.containerId).inspect()).State.Running, false);
    } finally {
      await deleteService(client, name, true);
    }
  });

  it('a folder the image user cannot read: said before anything runs, with the fixes, and each fix works', async () => {
    // mkdtemp makes a 0700 folder of this (root) process: dockeruser (uid 1000) cannot open it, and runsvdir would die with exit 100.
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-closed-'));
    dirs.push(d);
    fs.cpSync(sample, d, { recursive: true });
    fs.chmodSync(d, 0o700);
    const name = uniqueName('aml-closed');
    const before = await ownedCount();
    const me = `${process.getuid!()}:${process.getgid!()}`;
    await assert.rejects(deployLocal(client, d, name, settings()), (e: Error) => {
      assert.ok(e instanceof UnreadableSourceError, String(e));
      assert.equal(e.finding.path, d);
      assert.equal(e.finding.runAs, me);
      assert.match(e.message, new RegExp(`runs as "dockeruser", which cannot open the folder ${d.replace(/[.]/g, '\\.')}`));
      assert.match(e.message, new RegExp(`Run the container as your user \\(${me}\\), or make the folder readable to others`));
      assert.doesNotMatch(e.message, /runsvdir/);
      return true;
    });
    assert.equal(await ownedCount(), before, 'nothing built or started');
    try {
      // Fix 1: run as the host user; Update keeps it.
      const out = await deployLocal(client, d, name, settings({ runAs: me }));
      assert.equal(out.health.ok, true, JSON.stringify(out.health));
      assert.equal((await client.getContainer(out.containerId).inspect()).Config.User, me);
      const up = await updateLocal(client, out.containerId, settings());
      assert.equal(up.health.ok, true, JSON.stringify(up.health));
      assert.equal((await client.getContainer(up.containerId).inspect()).Config.User, me);
      await deleteService(client, name, true);
      // Fix 2: make the folder readable; the image's own user then runs it.
      assert.deepEqual(makeSourceReadable(d), [d]);
      assert.equal(fs.statSync(d).mode & 0o777, 0o755);
      const again = await deployLocal(client, d, name, settings());
      assert.equal(again.health.ok, true, JSON.stringify(again.health));
      assert.equal((await client.getContainer(again.containerId).inspect()).Config.User, 'dockeruser');
    } finally {
      await deleteService(client, name, true);
    }
  });

  it('a container that died of an unreadable folder is explained, not left as runsvdir\'s line', async () => {
    // What the pre-check cannot see (ACLs, a container started by hand): runsvdir exits 100 at once.
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-closed-run-'));
    dirs.push(d);
    fs.cpSync(sample, d, { recursive: true });
    fs.chmodSync(d, 0o700);
    const port = await freePort(18997);
    const id = await dockerCli('run', '-d', '--label', TEST_LABEL, '-v', `${d}:/var/azureml-app`, '-p', `127.0.0.1:${port}:5001`, SAMPLE_IMAGE);
    try {
      const health = await waitHealthy(client, id, port, 30_000);
      if (health.ok || health.reason !== 'crashed') throw new Error(JSON.stringify(health));
      assert.equal(health.exitCode, 100);
      assert.deepEqual(health.unreadable, { path: '/var/azureml-app' });
    } finally {
      await dockerCli('rm', '-f', id);
    }
  });
});
