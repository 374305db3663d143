// Azure ML v2 locally, against the real engine and the real-shaped image:
// Deploy Locally from sample/v2's deployment.yml makes the container the
// CLI's `az ml online-deployment create --local` makes (its name, image tag,
// labels, mounts and variables, as azure-sdk-for-python's _local_endpoints
// lays them out) and it answers /score; a container made exactly as the CLI
// makes it is listed as "endpoint / deployment" with its code folder mapped;
// what cannot run here is refused on its line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { CliLabels } from '../../src/core/deploy/localEndpoint';
import { containerRecord } from '../../src/core/docker/dockerRecords';
import { deleteService } from '../../src/docker/client/localService';
import { deployLocal, DeployInputError, loadDeployment } from '../../src/docker/client/localDeploy';
import { SAMPLE_IMAGE, docker as dockerCli, readableTempDir, uniqueName, waitFor } from '../support/docker';
import { v2DeploySettings } from '../support/v2Deploy';

const sample = path.resolve(__dirname, '../../../sample/v2');
const client = new Dockerode({ socketPath: '/var/run/docker.sock' });
const settings = v2DeploySettings(18790);

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

/** A copy of sample/v2 whose endpoint has a name of its own (the container name is `<endpoint>.<deployment>`). */
function copySample(endpoint: string): string {
  const dir = readableTempDir('aml-v2-');
  fs.cpSync(sample, dir, { recursive: true });
  for (const f of ['deployment.yml', 'endpoint.yml']) {
    const file = path.join(dir, f);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/sample-endpoint/g, endpoint));
  }
  return dir;
}

describe('Azure ML v2 deployments locally (real engine)', function () {
  this.timeout(300_000);
  const endpoint = uniqueName('ep').toLowerCase();
  const folder = copySample(endpoint);
  const service = `${endpoint}.blue`;
  const request = fs.readFileSync(path.join(sample, 'sample-request.json'), 'utf8');
  const cliMade: string[] = [];

  after(async () => {
    await deleteService(client, service, true).catch(() => undefined);
    for (const id of cliMade) await dockerCli('rm', '-f', id).catch(() => undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('deploys deployment.yml as the CLI lays it out, and it answers the sample request', async () => {
    const out = await deployLocal(client, path.join(folder, 'deployment.yml'), undefined, settings);
    assert.equal(out.health.ok, true, JSON.stringify(out.health));
    assert.equal(out.service, service);
    const info = await client.getContainer(out.containerId).inspect();
    assert.equal(info.Name, `/${endpoint}.blue`);
    // Built on environment.image, tagged <endpoint>:<deployment> as the CLI tags it.
    assert.deepEqual((await client.getImage(out.imageId).inspect()).RepoTags, [`${endpoint}:blue`]);
    const labels = info.Config.Labels;
    assert.equal(labels[CliLabels.localEndpoint], '');
    assert.equal(labels[CliLabels.endpoint], endpoint);
    assert.equal(labels[CliLabels.deployment], 'blue');
    assert.equal(labels[CliLabels.port], '5001');
    assert.deepEqual(JSON.parse(labels[CliLabels.endpointData]), { name: endpoint, auth_mode: 'key' });
    const data = JSON.parse(labels[CliLabels.deploymentData]) as { name: string; endpoint_name: string; code_configuration: { scoring_script: string } };
    assert.deepEqual([data.name, data.endpoint_name, data.code_configuration.scoring_script], ['blue', endpoint, 'score.py']);
    const env = new Map(info.Config.Env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    assert.equal(env.get('AZUREML_MODEL_DIR'), '/var/azureml-app/azureml-models/sample-model/1');
    assert.equal(env.get('AML_APP_ROOT'), '/var/azureml-app/onlinescoring/');
    assert.equal(env.get('AZUREML_ENTRY_SCRIPT'), 'score.py');
    // The parent of model.path (the yml's folder here) at AZUREML_MODEL_DIR; the code folder under its own name.
    const binds = new Map(info.Mounts.map((m) => [m.Destination.replace(/\/$/, ''), m.Source]));
    assert.equal(binds.get('/var/azureml-app/azureml-models/sample-model/1'), folder);
    assert.equal(binds.get('/var/azureml-app/onlinescoring'), path.join(folder, 'onlinescoring'));
    // Published on 127.0.0.1 only (the CLI publishes every port on all interfaces).
    assert.deepEqual(info.HostConfig.PortBindings['5001/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(out.port) }]);
    const res = await post(out.port, request);
    assert.equal(res.status, 200, res.body);
    const model = JSON.parse(fs.readFileSync(path.join(folder, 'model/model.json'), 'utf8')) as { bias: number; weights: number[]; name: string };
    const rows = (JSON.parse(request) as { data: number[][] }).data;
    const want = rows.map((row) => Math.round((model.bias + row.reduce((s, v, i) => s + v * model.weights[i], 0)) * 1e4) / 1e4);
    assert.deepEqual(JSON.parse(res.body), { predictions: want, model: model.name });
    // Our own record of it reads as the CLI's endpoint / deployment, its code folder mapped where the server runs it.
    const record = containerRecord(info, 'docker', { pinned: new Set(), showAll: false })!;
    assert.equal(record.name, `${endpoint} / blue`);
    assert.deepEqual([record.appSource, record.appRoot], [path.join(folder, 'onlinescoring'), '/var/azureml-app/onlinescoring']);
  });

  it('lists a container made exactly as `az ml online-deployment create --local` makes it as "endpoint / deployment"', async () => {
    const ep = uniqueName('cli').toLowerCase();
    // docker_client.create_deployment: labels, the model's parent and the code folder mounted, tty, every port published.
    const id = await dockerCli(
      'run', '-d', '--name', `${ep}.green`, '-t', '-P',
      '--label', 'azureml-local-endpoint=', '--label', `endpoint=${ep}`, '--label', 'deployment=green',
      '--label', `endpoint-data=${JSON.stringify({ name: ep })}`, '--label', `deployment-data=${JSON.stringify({ name: 'green', endpoint_name: ep })}`, '--label', 'azureml-port=5001',
      '-v', `${folder}:/var/azureml-app/azureml-models//sample-model/1:z`, '-v', `${path.join(folder, 'onlinescoring')}:/var/azureml-app/onlinescoring/`,
      '-e', 'AZUREML_MODEL_DIR=/var/azureml-app/azureml-models//sample-model/1', '-e', 'AML_APP_ROOT=/var/azureml-app/onlinescoring/', '-e', 'AZUREML_ENTRY_SCRIPT=score.py',
      SAMPLE_IMAGE,
    );
    cliMade.push(id);
    const info = await client.getContainer(id).inspect();
    const record = containerRecord(info, 'docker', { pinned: new Set(), showAll: false })!;
    assert.equal(record.reason, 'azureml');
    assert.equal(record.name, `${ep} / green`);
    assert.deepEqual([record.appSource, record.appRoot], [path.join(folder, 'onlinescoring'), '/var/azureml-app/onlinescoring']);
    // Published on all interfaces by the CLI: the scoring port is still found, and the server answers through it.
    const port = record.scoringPort!.hostPort;
    const res = await waitFor('the CLI-made container to answer', async () => {
      const r = await post(port, request).catch(() => undefined);
      return r?.status === 200 ? r : undefined;
    }, 60_000);
    const model = JSON.parse(fs.readFileSync(path.join(folder, 'model/model.json'), 'utf8')) as { name: string };
    assert.equal((JSON.parse(res.body) as { model: string }).model, model.name);
  });

  it('behaving like Azure, mounts the model as Azure lays it out: model.path under its own name, nothing beside it', async () => {
    const like = uniqueName('like').toLowerCase();
    const dir = copySample(like);
    try {
      const out = await deployLocal(client, path.join(dir, 'deployment.yml'), undefined, { ...settings, port: settings.port + 7, behaveLikeAzure: true });
      assert.equal(out.health.ok, true, JSON.stringify(out.health));
      // What the server's own process sees in AZUREML_MODEL_DIR: the model folder, not the project around it.
      const listing = await dockerCli('exec', out.containerId, 'sh', '-c', 'cd "$AZUREML_MODEL_DIR" && find . | sort');
      assert.deepEqual(listing.split('\n').filter(Boolean), ['.', './model', './model/model.json']);
      assert.equal((await post(out.port, request)).status, 200);
    } finally {
      await deleteService(client, `${like}.blue`, true).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deploys an environment whose conda_file is written inline in deployment.yml, with the packages of the file', async () => {
    const inl = uniqueName('inl').toLowerCase();
    const dir = copySample(inl);
    const yml = path.join(dir, 'deployment.yml');
    const fromFile = loadDeployment(yml).requirements;
    // conda_file as a mapping, indented under environment, instead of a path.
    const spec = fs.readFileSync(path.join(dir, 'environment', 'conda.yml'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => `    ${l}`).join('\n');
    fs.writeFileSync(yml, fs.readFileSync(yml, 'utf8').replace('  conda_file: environment/conda.yml\n', `  conda_file:\n${spec}\n`));
    fs.rmSync(path.join(dir, 'environment'), { recursive: true });
    try {
      assert.deepEqual(loadDeployment(yml).requirements, fromFile);
      const out = await deployLocal(client, yml, undefined, { ...settings, port: settings.port + 9 });
      assert.equal(out.health.ok, true, JSON.stringify(out.health));
      assert.equal((await post(out.port, request)).status, 200);
    } finally {
      await deleteService(client, `${inl}.blue`, true).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deploys an environment given as a build context: its Dockerfile built first (its .dockerignore kept), the deployment on top', async () => {
    const ctx = uniqueName('ctx').toLowerCase();
    const dir = copySample(ctx);
    const yml = path.join(dir, 'deployment.yml');
    const env = path.join(dir, 'environment');
    fs.writeFileSync(path.join(env, 'Dockerfile.inference'), `FROM ${SAMPLE_IMAGE}\nENV BUILT_FROM=context\nCOPY . /opt/context/\n`);
    fs.writeFileSync(path.join(env, 'secret.txt'), 'not for the image\n');
    fs.writeFileSync(path.join(env, '.dockerignore'), 'secret.txt\n');
    fs.writeFileSync(yml, fs.readFileSync(yml, 'utf8').replace(/environment:\n(  .*\n)+/, 'environment:\n  build:\n    path: environment\n    dockerfile_path: Dockerfile.inference\n'));
    try {
      const out = await deployLocal(client, yml, undefined, { ...settings, port: settings.port + 11 });
      assert.equal(out.health.ok, true, JSON.stringify(out.health));
      assert.equal((await post(out.port, request)).status, 200);
      assert.equal(await dockerCli('exec', out.containerId, 'printenv', 'BUILT_FROM'), 'context');
      assert.deepEqual((await dockerCli('exec', out.containerId, 'ls', '-A', '/opt/context')).split('\n').sort(), ['.dockerignore', 'Dockerfile.inference', 'conda.yml']);
      assert.ok((await dockerCli('images', '-q', `${ctx}:blue-environment`)).length > 0, 'the environment is its own image, under the deployment\'s name');
    } finally {
      await deleteService(client, `${ctx}.blue`, true).catch(() => undefined);
      await dockerCli('rmi', '-f', `${ctx}:blue-environment`).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('flags an init() slower than the readiness probe allows, with the time it took against the budget', async () => {
    const slow = uniqueName('slow').toLowerCase();
    const dir = copySample(slow);
    const yml = path.join(dir, 'deployment.yml');
    // 1 s + 1 s x 2: Azure stops waiting after 3 s; init() takes 6.
    fs.appendFileSync(yml, 'readiness_probe:\n  initial_delay: 1\n  period: 1\n  failure_threshold: 2\n');
    const script = path.join(dir, 'onlinescoring', 'score.py');
    fs.writeFileSync(script, fs.readFileSync(script, 'utf8').replace('def init():\n', 'def init():\n    import time\n    time.sleep(6)\n'));
    try {
      const out = await deployLocal(client, yml, undefined, settings);
      assert.equal(out.health.ok, true, 'it does come up here');
      assert.ok(out.slowStart, 'and is flagged');
      assert.equal(out.slowStart.budgetMs, 3000);
      assert.ok(out.slowStart.tookMs > out.slowStart.budgetMs, `${out.slowStart.tookMs} ms`);
      assert.deepEqual([out.slowStart.probe.initialDelay, out.slowStart.probe.period, out.slowStart.probe.failureThreshold], [1, 1, 2]);
    } finally {
      await deleteService(client, `${slow}.blue`, true).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a registered model with the file\'s line, and makes nothing', async () => {
    const bad = uniqueName('bad').toLowerCase();
    const broken = copySample(bad);
    const yml = path.join(broken, 'deployment.yml');
    const text = fs.readFileSync(yml, 'utf8').replace(/model:\n(  .*\n)+/, 'model: azureml:sample-model:1\n');
    fs.writeFileSync(yml, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('model:')) + 1;
    await assert.rejects(deployLocal(client, yml, undefined, settings), (e: Error) => e instanceof DeployInputError && e.line === line && /is in Azure.*model.path/.test(e.message) && e.file === yml);
    assert.equal(await dockerCli('ps', '-aq', '--filter', `name=${bad}`), '');
    assert.equal(await dockerCli('images', '-q', bad), '');
    fs.rmSync(broken, { recursive: true, force: true });
  });
});
