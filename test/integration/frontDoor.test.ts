// The local front door in front of a real v2 deployment (the real-shaped
// image, azmlinfsrv behind nginx): the deployment's request_settings applied
// as Azure's front end applies them. A 6 s run() against request_timeout_ms
// 5000 is answered 408; three requests at once against a concurrency of 1
// give one 429 (one runs, one waits); run() raising reaches the client as
// 424 naming the container's 500; a good answer passes unchanged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { frontDoorRules } from '../../src/core/deploy/frontDoor';
import { CliLabels } from '../../src/core/deploy/localEndpoint';
import { deleteService } from '../../src/docker/client/localService';
import { deployLocal, type DeploySettings } from '../../src/docker/client/localDeploy';
import { FrontDoor } from '../../src/platform/frontDoor';
import { sendScoringRequest } from '../../src/platform/scoringRequest';
import { readableTempDir, uniqueName } from '../support/docker';

const sample = path.resolve(__dirname, '../../../sample/v2');
const client = new Dockerode({ socketPath: '/var/run/docker.sock' });
const settings: DeploySettings = { baseImage: 'unused', providedPackages: ['azureml-defaults', 'azureml-inference-server-http'], port: 18690, healthTimeoutMs: 60_000 };

// run() sleeps as long as asked, or raises: one script for every case.
const script = `import json, time

def init():
    pass

def run(raw_data):
    data = json.loads(raw_data)
    time.sleep(data.get("sleep", 0))
    if data.get("fail"):
        raise ValueError("asked to fail")
    return {"slept": data.get("sleep", 0)}
`;

describe('the local front door (real engine, a v2 deployment)', function () {
  this.timeout(300_000);
  const endpoint = uniqueName('door').toLowerCase();
  const folder = readableTempDir('aml-door-');
  let door: FrontDoor;

  before(async () => {
    fs.cpSync(sample, folder, { recursive: true });
    for (const f of ['deployment.yml', 'endpoint.yml']) {
      const file = path.join(folder, f);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/sample-endpoint/g, endpoint));
    }
    fs.writeFileSync(path.join(folder, 'onlinescoring', 'score.py'), script);
    const out = await deployLocal(client, path.join(folder, 'deployment.yml'), undefined, settings);
    assert.equal(out.health.ok, true, JSON.stringify(out.health));
    const labels = (await client.getContainer(out.containerId).inspect()).Config.Labels;
    const rules = frontDoorRules(JSON.parse(labels[CliLabels.deploymentData]));
    assert.deepEqual(rules, { requestTimeoutMs: 5000, concurrency: 1, queue: 1 });
    door = await FrontDoor.start({ host: '127.0.0.1', port: out.port }, rules);
  });

  after(async () => {
    door?.close();
    await deleteService(client, `${endpoint}.blue`, true).catch(() => undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const ask = (body: object) => sendScoringRequest(door.url, JSON.stringify(body), { timeoutMs: 30_000 });

  it('passes a good answer on unchanged', async () => {
    const r = await ask({ sleep: 0 });
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(JSON.parse(r.body), { slept: 0 });
  });

  it('answers 408 when run() takes 6 s against request_timeout_ms 5000', async () => {
    const r = await ask({ sleep: 6 });
    assert.equal(r.status, 408, r.body);
    assert.match(r.body, /5000 ms \(request_settings\.request_timeout_ms\)/);
    // The container's worker finishes its 6 s; the next request waits for it, then passes.
    const next = await ask({ sleep: 0 });
    assert.equal(next.status, 200, next.body);
  });

  it('turns the third of three requests at once away with 429 (concurrency 1: one runs, one waits)', async () => {
    const all = await Promise.all([ask({ sleep: 1.5 }), ask({ sleep: 1.5 }), ask({ sleep: 1.5 })]);
    assert.deepEqual(all.map((r) => r.status).sort(), [200, 200, 429]);
    assert.match(all.find((r) => r.status === 429)!.body, /1 run at once and 1 may wait/);
  });

  it('gives 424 naming the container\'s status when run() raises', async () => {
    const r = await ask({ fail: true });
    assert.equal(r.status, 424, r.body);
    assert.equal(r.headers['ms-azureml-model-error-statuscode'], '500');
    assert.equal(r.headers['ms-azureml-model-error-reason'], 'model_error');
  });
});
