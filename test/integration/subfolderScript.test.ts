// A v2 deployment laid out as Azure ML's examples lay it out: `code: ./src`,
// `scoring_script: onlinescoring/score.py`, and a module beside the script
// that it imports. Azure mounts the code folder at /var/azureml-app/src/ and
// runs the script from its own folder (AML_APP_ROOT .../src/onlinescoring,
// AZUREML_ENTRY_SCRIPT score.py). Deployed here on the real image, then
// debugged the three ways a user starts it (Debug This Locally's launch,
// "Debug" on the service, F5 on the folder): the server finds the script, the
// breakpoint in the local onlinescoring/score.py binds, and the frame is the
// local file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import Dockerode from 'dockerode';
import { scoringScriptOf } from '../../src/core/model/cliLabels';
import { deleteService } from '../../src/docker/client/localService';
import { deployLocal } from '../../src/docker/client/localDeploy';
import { TestDapClient } from '../support/dapClient';
import { SAMPLE_IMAGE, TEST_LABEL, readableTempDir, removeLabelled, uniqueName } from '../support/docker';
import { v2DeploySettings } from '../support/v2Deploy';

const fixture = path.resolve(__dirname, '../../../test/fixtures/apps/subfolder-script');
const client = new Dockerode({ socketPath: '/var/run/docker.sock' });
const runLabel = `com.azureml-debug.testrun=${uniqueName('subfolder')}`;
const labels = Object.fromEntries([TEST_LABEL, runLabel].map((l) => l.split('=') as [string, string]));

function lineOf(file: string, text: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${file}`);
  return i + 1;
}

describe('A v2 scoring script in a subfolder of its code folder (real engine, real debugpy)', function () {
  this.timeout(300_000);
  const endpoint = uniqueName('sub').toLowerCase();
  const folder = readableTempDir('aml-v2-subfolder-');
  const code = path.join(folder, 'src');
  const script = path.join(code, 'onlinescoring', 'score.py');
  const clients: TestDapClient[] = [];
  let deployed: string | undefined;

  before(() => {
    fs.cpSync(fixture, folder, { recursive: true });
    const yml = path.join(folder, 'deployment.yml');
    fs.writeFileSync(yml, fs.readFileSync(yml, 'utf8').replace('subfolder-endpoint', endpoint));
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) {
      for (const child of c.children) await child.stop().catch(() => undefined);
      await c.stop().catch(() => undefined);
    }
  });

  after(async () => {
    await deleteService(client, `${endpoint}.blue`, true).catch(() => undefined);
    await removeLabelled(runLabel);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Starts a launch with a breakpoint on init()'s model load in the local score.py; resolves with the frame it stops in. */
  async function stopInInit(args: Record<string, unknown>): Promise<{ frame: DP.StackFrame; line: number; parent: TestDapClient }> {
    const line = lineOf(script, 'model = json.load(handle)');
    const parent = new TestDapClient({ [script]: [line] });
    clients.push(parent);
    await parent.start();
    await parent.configure('launch', { name: 'subfolder', scoringPort: 0, debugPort: 0, labels, ...args });
    // A server that cannot find or import the script ends the session: said at once, with its output.
    const ended = parent.event('terminated', () => true, 240_000).then(() => assert.fail(`the session ended before the breakpoint:\n${parent.output().slice(-3000)}`));
    ended.catch(() => undefined);
    const worker = await Promise.race([parent.nextChild(120_000), ended]);
    const stopped = (await Promise.race([worker.event('stopped', (e) => (e as DP.StoppedEvent).body.reason === 'breakpoint', 120_000), ended])) as DP.StoppedEvent;
    const frame = (await worker.stackTraceRequest({ threadId: stopped.body.threadId!, startFrame: 0, levels: 1 })).body.stackFrames[0];
    return { frame, line, parent };
  }

  it('deploys it as Azure lays it out: the code folder under its name, the server run from the script\'s folder, and it answers', async () => {
    const out = await deployLocal(client, path.join(folder, 'deployment.yml'), undefined, v2DeploySettings(18803));
    deployed = out.containerId;
    assert.equal(out.health.ok, true, JSON.stringify(out.health));
    const info = await client.getContainer(out.containerId).inspect();
    const env = new Map(info.Config.Env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    assert.deepEqual([env.get('AML_APP_ROOT'), env.get('AZUREML_ENTRY_SCRIPT')], ['/var/azureml-app/src/onlinescoring', 'score.py']);
    assert.equal(scoringScriptOf(info.Config.Labels), 'onlinescoring/score.py');
    const res = await fetch(`http://127.0.0.1:${out.port}/score`, { method: 'POST', body: '{"data": [[1, 0, 0, 0]]}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { predictions: [190.03] });
  });

  it('Debug This Locally\'s launch (the service, its code folder, the script as deployment.yml names it) stops in the local onlinescoring/score.py', async () => {
    assert.ok(deployed, 'the test before deployed it');
    // What debugLocally passes to vscode.debug.startDebugging.
    const { frame, line } = await stopInInit({ service: deployed, appFolder: code, entryScript: 'onlinescoring/score.py' });
    assert.deepEqual([frame.name, frame.line, frame.source?.path], ['init', line, script]);
  });

  it('"Debug" on the service in the view (its script read from the container) stops there too', async () => {
    assert.ok(deployed, 'the test before deployed it');
    const info = await client.getContainer(deployed).inspect();
    // What the serviceDebug command passes: the service, the folder it mounts, the script its labels name.
    const { frame, line } = await stopInInit({ service: deployed, appFolder: code, entryScript: scoringScriptOf(info.Config.Labels) });
    assert.deepEqual([frame.name, frame.line, frame.source?.path], ['init', line, script]);
  });

  it('F5 on the folder with the script in a subfolder runs it from its own folder, as Azure does: the module beside it imports', async () => {
    const { frame, line, parent } = await stopInInit({
      appFolder: folder, entryScript: 'src/onlinescoring/score.py', image: SAMPLE_IMAGE,
      mounts: [{ source: path.join(folder, 'model'), target: '/models/model', readOnly: true }], modelDir: '/models',
    });
    assert.deepEqual([frame.name, frame.line, frame.source?.path], ['init', line, script]);
    // Past the import of weights (a sibling module): it is on sys.path only when the server runs from the script's folder.
    assert.doesNotMatch(parent.output(), /ModuleNotFoundError/);
  });
});
