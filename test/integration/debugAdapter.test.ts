// The `azureml` adapter, standalone (dist/debugAdapter.js over stdio), against
// real debugpy in the Azure ML image replica, which has no debugpy of its own
// (the adapter brings the one the extension carries): breakpoints in init()
// and run() of the workspace copy of score.py, a variable's value, the
// scoring request's answer, container death, a debugger that never answers,
// a server the debugger cannot arm and the start script's own exit codes.
import * as assert from 'node:assert/strict';
import { chownSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as net from 'node:net';
import * as path from 'node:path';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { DEBUGPY_IMAGE, SAMPLE_IMAGE, TEST_LABEL, docker, readableTempDir, removeLabelled, uniqueName, waitHealthy } from '../support/docker';
import { TestDapClient } from '../support/dapClient';
import { BOOTSTRAP_MOUNT, LISTEN_ENV, ensureBootstrapFolder } from '../../src/docker/client/debugBootstrap';

const runLabel = `com.azureml-debug.testrun=${uniqueName('adapter')}`;
const labels = Object.fromEntries([TEST_LABEL, runLabel].map((l) => l.split('=') as [string, string]));

/** Line (1-based) of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${file}`);
  return i + 1;
}

function sampleCopy(): string {
  const dir = readableTempDir('azureml-debug-app-');
  cpSync(path.resolve(__dirname, '../../../sample'), dir, { recursive: true });
  return dir;
}

function launchArgs(app: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'test', appFolder: app, image: SAMPLE_IMAGE, modelDir: '/var/azureml-app', scoringPort: 0, debugPort: 0, labels, ...extra };
}

async function topFrame(client: TestDapClient, threadId: number): Promise<DP.StackFrame> {
  const st = await client.stackTraceRequest({ threadId, startFrame: 0, levels: 1 });
  return st.body.stackFrames[0];
}

async function localValue(client: TestDapClient, frameId: number, name: string): Promise<string | undefined> {
  const scopes = await client.scopesRequest({ frameId });
  const vars = await client.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
  return vars.body.variables.find((v) => v.name === name)?.value;
}

function scoringUrl(client: TestDapClient): string {
  const m = /scoring at (http:\/\/127\.0\.0\.1:\d+\/score)/.exec(client.output());
  assert.ok(m, `no scoring URL in the output:\n${client.output()}`);
  return m[1];
}

/** Debug containers the adapter started in this run (not the ones a test started itself). */
async function ourContainers(): Promise<string[]> {
  const out = await docker('ps', '-aq', '--filter', `label=${runLabel}`, '--filter', 'label=com.azureml-debug.debug=1');
  return out ? out.split('\n') : [];
}

describe('azureml debug adapter (standalone, real debugpy in Docker)', function () {
  this.timeout(180000);
  const clients: TestDapClient[] = [];
  const folders: string[] = [];

  /** Launches a copy of the sample with breakpoints in init() and run() of its score.py. */
  async function launchSampleWithBreakpoints(extra: Record<string, unknown> = {}) {
    const app = sampleCopy();
    folders.push(app);
    const score = path.join(app, 'score.py');
    const initLine = lineOf(score, 'model_dir = os.getenv');
    const runLine = lineOf(score, 'data = json.loads(raw_data)');
    const parent = new TestDapClient({ [score]: [initLine, runLine] });
    clients.push(parent);
    await parent.start();
    await parent.configure('launch', launchArgs(app, extra));
    return { app, score, initLine, runLine, parent };
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) {
      for (const child of c.children) await child.stop().catch(() => undefined);
      await c.stop().catch(() => undefined);
    }
  });

  after(async () => {
    await removeLabelled(runLabel);
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });

  it('stops in init() and run() of the workspace score.py, shows a variable, and the request answers 200', async () => {
    const { app, score, initLine, runLine, parent } = await launchSampleWithBreakpoints();
    const version = readFileSync(path.resolve(__dirname, '../../../dist/python/VERSION'), 'utf8').trim().replace(/\+.*/, '');

    const worker = await parent.nextChild();
    const atInit = (await worker.event('stopped', (e) => (e as DP.StoppedEvent).body.reason === 'breakpoint')) as DP.StoppedEvent;
    const initFrame = await topFrame(worker, atInit.body.threadId!);
    assert.equal(initFrame.line, initLine);
    assert.equal(initFrame.source?.path, score, 'the frame names the workspace file, not the container path');
    await worker.continueRequest({ threadId: atInit.body.threadId! });

    const url = scoringUrl(parent);
    const body = readFileSync(path.join(app, 'sample-request.json'), 'utf8');
    const seen = worker.events.length;
    const answer = (async () => {
      // The server may still be finishing init(); retry the connection, not the assertion.
      for (let i = 0; ; i++) {
        try {
          return await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
        } catch (err) {
          if (i > 100) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    const atRun = (await worker.event('stopped', () => true, 60000, seen)) as DP.StoppedEvent;
    const runFrame = await topFrame(worker, atRun.body.threadId!);
    assert.equal(runFrame.line, runLine);
    assert.equal(runFrame.source?.path, score);
    const raw = await localValue(worker, runFrame.id, 'raw_data');
    assert.ok(raw?.includes('"data"'), `raw_data was ${raw}`);
    await worker.continueRequest({ threadId: atRun.body.threadId! });

    const response = await answer;
    assert.equal(response.status, 200);
    const json = (await response.json()) as { predictions: number[]; model: string };
    assert.equal(json.predictions.length, 2);
    // The image has none: this was the debugpy the extension carries (dist/python).
    assert.match(parent.output(), new RegExp(`azureml-debug: debugpy ${version.replace(/\./g, '\\.')} \\(carried by the extension\\) listens on`));

    const containers = await ourContainers();
    assert.equal(containers.length, 1);
    // The container is announced to the client (the editor follows it in the log panel).
    const announced = (await parent.event('azuremlContainer', () => true, 1000)).body as { id: string; name: string; owned: boolean };
    assert.ok(announced.id.startsWith(containers[0]), `announced ${announced.id}, running ${containers[0]}`);
    assert.equal(announced.owned, true);
    // Named for what it is (the tree, the log tab and `docker ps` show it), after the app folder.
    assert.match(announced.name, new RegExp(`^azureml-debug-${path.basename(app).toLowerCase()}-[0-9a-f]{6}$`));
    await parent.disconnectRequest({});
    assert.equal(parent.events.filter((e) => e.event === 'azuremlContainerExited').length, 0, 'a container we stop is not a crash');
    assert.deepEqual(await ourContainers(), [], 'stopping the session removes the container');
  });

  it('ends the session with the exit code and last lines when the container dies', async () => {
    const app = sampleCopy();
    folders.push(app);
    const parent = new TestDapClient({});
    clients.push(parent);
    await parent.start();
    await parent.configure('launch', launchArgs(app));
    await parent.nextChild();
    const [id] = await ourContainers();
    assert.ok(id);
    await docker('kill', id);
    const exited = (await parent.event('exited')) as DP.ExitedEvent;
    assert.equal(exited.body.exitCode, 137);
    const died = (await parent.event('azuremlContainerExited', () => true, 1000)).body as { id: string; exitCode: number };
    assert.ok(died.id.startsWith(id));
    assert.equal(died.exitCode, 137);
    await parent.event('terminated');
    assert.match(parent.output(), /The container exited with code 137/);
    assert.match(parent.output(), /Last lines of its output:[\s\S]*(gunicorn|Booting worker|init)/);
  });

  it('reports a debugger that never answers, with the container\'s last lines, and starts nothing', async () => {
    // The sample container without the debugger: docker-proxy accepts on the
    // published port and closes at once, the pitfall readiness must survive.
    const app = sampleCopy();
    folders.push(app);
    const name = uniqueName('azureml-debug-nodebugpy');
    await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel, '-v', `${app}:/var/azureml-app`,
      '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5678', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    // Serving (through nginx) before the attach, so its log has the server's own lines.
    await waitHealthy(Number((await docker('port', name, '5001/tcp')).split(':').pop()), 60000);
    const client = new TestDapClient({});
    clients.push(client);
    await client.start();
    await assert.rejects(client.configure('attach', { name: 'x', container: name, readyTimeout: 3 }), (err: Error) => {
      assert.match(err.message, /debugpy did not answer on 127\.0\.0\.1:\d+ within 3 s/);
      assert.match(err.message, /accepted, then closed with no data|ECONNREFUSED|ECONNRESET/);
      assert.match(err.message, /Last lines of the container's output:[\s\S]*(Booting worker|init)/);
      return true;
    });
    await client.event('terminated');
    const state = await docker('inspect', '-f', '{{.State.Running}}', name);
    assert.equal(state, 'true', 'attach never stops a container it did not start');
  });

  it('refuses an app folder the image\'s user cannot read, saying how; with "user" it stops in init()', async () => {
    // mkdtemp's 0700 folder, owned by this (root) process: dockeruser in the image cannot enter it.
    const app = mkdtempSync(path.join(tmpdir(), 'azureml-debug-private-'));
    cpSync(path.resolve(__dirname, '../../../sample'), app, { recursive: true });
    folders.push(app);
    const refused = new TestDapClient({});
    clients.push(refused);
    await refused.start();
    const runAs = `${process.getuid!()}:${process.getgid!()}`;
    await assert.rejects(refused.configure('launch', launchArgs(app)), (err: Error) => {
      assert.match(err.message, new RegExp(`runs as "dockeruser", which cannot enter ${app.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(err.message, new RegExp(`Add "user": "${runAs}" to the launch configuration`));
      assert.match(err.message, /make the folder readable to others/);
      return true;
    });
    await refused.event('terminated');
    assert.deepEqual(await ourContainers(), [], 'nothing started');

    const score = path.join(app, 'score.py');
    const client = new TestDapClient({ [score]: [lineOf(score, 'model_dir = os.getenv')] });
    clients.push(client);
    await client.start();
    await client.configure('launch', launchArgs(app, { user: runAs }));
    const worker = await client.nextChild(90000);
    await worker.event('stopped');
    const [id] = await ourContainers();
    assert.equal(await docker('inspect', '-f', '{{.Config.User}}', id), runAs);
  });

  it('names a missing image and leaves nothing running', async () => {
    const app = sampleCopy();
    folders.push(app);
    const client = new TestDapClient({});
    clients.push(client);
    await client.start();
    // A missing image is pulled (ensureImage); no registry has this one, and the failure says why.
    await assert.rejects(client.configure('launch', launchArgs(app, { image: 'azureml-debug/not-built:none' })), /Could not pull "azureml-debug\/not-built:none"/);
    await client.event('terminated');
    assert.deepEqual(await ourContainers(), []);
  });

  it('says so when Docker is down, and starts nothing', async () => {
    const app = sampleCopy();
    folders.push(app);
    const client = new TestDapClient({}, { DOCKER_HOST: 'unix:///tmp/azureml-debug-no-docker.sock' });
    clients.push(client);
    await client.start();
    await assert.rejects(client.configure('launch', launchArgs(app)), /Docker is not reachable/);
    await client.event('terminated');
  });

  it('uses free host ports when the preferred ones are taken, and says which', async () => {
    const app = sampleCopy();
    folders.push(app);
    const busy = await Promise.all([0, 1].map(() => new Promise<net.Server>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })));
    const [scoringTaken, debugTaken] = busy.map((b) => (b.address() as net.AddressInfo).port);
    try {
      const parent = new TestDapClient({});
      clients.push(parent);
      await parent.start();
      await parent.configure('launch', launchArgs(app, { scoringPort: scoringTaken, debugPort: debugTaken }));
      const said = new RegExp(`Port ${scoringTaken} is taken; the scoring endpoint is http://127\\.0\\.0\\.1:(\\d+)/score`).exec(parent.output());
      assert.ok(said, parent.output());
      assert.notEqual(Number(said[1]), scoringTaken);
      assert.match(parent.output(), new RegExp(`Port ${debugTaken} is taken; debugpy is published on 127\\.0\\.0\\.1:\\d+`));
      // The session really runs on the substitute ports: the worker comes up and answers.
      const worker = await parent.nextChild();
      assert.ok(worker);
      const body = readFileSync(path.join(app, 'sample-request.json'), 'utf8');
      const r = await fetch(`http://127.0.0.1:${said[1]}/score`, { method: 'POST', body });
      assert.equal(r.status, 200);
    } finally {
      for (const b of busy) b.close();
    }
  });

  it('opens each of several gunicorn workers as its own session, and the one serving the request stops in run()', async () => {
    const { app, initLine, runLine, parent } = await launchSampleWithBreakpoints({ workers: 3 });
    const workers = [await parent.nextChild(), await parent.nextChild(), await parent.nextChild()];
    for (const w of workers) {
      const stop = (await w.event('stopped')) as DP.StoppedEvent;
      assert.equal((await topFrame(w, stop.body.threadId!)).line, initLine, 'each worker runs init() under the debugger');
      await w.continueRequest({ threadId: stop.body.threadId! });
    }
    const marks = workers.map((w) => w.events.length);
    const body = readFileSync(path.join(app, 'sample-request.json'), 'utf8');
    const answer = fetch(scoringUrl(parent), { method: 'POST', body });
    const hit = await Promise.any(workers.map(async (w, i) => ({ w, stop: (await w.event('stopped', () => true, 60000, marks[i])) as DP.StoppedEvent })));
    assert.equal((await topFrame(hit.w, hit.stop.body.threadId!)).line, runLine);
    await hit.w.continueRequest({ threadId: hit.stop.body.threadId! });
    assert.equal((await answer).status, 200);
  });

  it('prefers the image\'s own debugpy where it has one (the seeds\' conda file lists it)', async () => {
    const { parent } = await launchSampleWithBreakpoints({ image: DEBUGPY_IMAGE });
    const worker = await parent.nextChild();
    await worker.event('stopped');
    assert.match(parent.output(), /azureml-debug: debugpy \S+ \(from the image\) listens on/);
  });

  it('says at once when the server starts without the debugger (a program it does not arm), and removes the container', async () => {
    const app = sampleCopy();
    folders.push(app);
    const client = new TestDapClient({});
    clients.push(client);
    await client.start();
    // The bootstrap arms only the programs AZUREML_DEBUGPY_MATCH names: naming another makes
    // the real azmlinfsrv a server it does not know, which starts serving unarmed.
    await assert.rejects(client.configure('launch', launchArgs(app, { env: { AZUREML_DEBUGPY_MATCH: 'uvicorn' }, readyTimeout: 120 })), (err: Error) => {
      assert.match(err.message, /The server in this image started without the debugger: it is not run by azmlinfsrv, azureml_inference_server_http, gunicorn/);
      assert.match(err.message, /Start debugpy yourself in the image and use an "attach" configuration/);
      assert.doesNotMatch(err.message, /did not answer .* within/, 'said from the output, not at the ready timeout');
      return true;
    });
    await client.event('terminated');
    assert.deepEqual(await ourContainers(), [], 'nothing left running');
  });

  it('names the start script\'s exit code 94 (debugpy cannot be injected) with the server\'s code, not runsvdir\'s 111', async () => {
    const app = sampleCopy();
    folders.push(app);
    const client = new TestDapClient({});
    clients.push(client);
    await client.start();
    // The server's own debug hook, set by hand: the real gunicorn/run pip-installs debugpy,
    // which fails here (no index), and exits 94.
    const env = { AZUREML_DEBUG_PORT: '5679', PIP_NO_INDEX: '1' };
    await assert.rejects(client.configure('launch', launchArgs(app, { env, readyTimeout: 120 })), (err: Error) => {
      assert.match(err.message, /The server exited with code 94 \(the container with 111\) before debugpy answered/);
      assert.match(err.message, /debugpy could not be injected into the environment \(exit code 94\): add the pip package 'debugpy'/);
      return true;
    });
    await client.event('terminated');
  });

  it('runs as the image\'s user: a file made from the debugger in the mounted folder is owned by that user, not root', async () => {
    const { app, parent } = await launchSampleWithBreakpoints();
    // The folder as a desktop user with uid 1000 (dockeruser's) owns it.
    chownSync(app, 1000, 1000);
    const worker = await parent.nextChild();
    const stop = (await worker.event('stopped')) as DP.StoppedEvent;
    const frame = await topFrame(worker, stop.body.threadId!);
    await worker.evaluateRequest({ expression: "open('/var/azureml-app/made-while-debugging.txt', 'w').write('x')", frameId: frame.id, context: 'repl' });
    const made = statSync(path.join(app, 'made-while-debugging.txt'));
    assert.deepEqual([made.uid, made.gid], [1000, 1000]);
  });

  it('an attached container whose server dies names the server\'s exit code behind runsvdir\'s 111', async () => {
    const app = sampleCopy();
    folders.push(app);
    // A debug container someone left running: the image as users have it, with the debugger's hook mounted and armed.
    const name = uniqueName('azureml-debug-attach-dies');
    const hook = ensureBootstrapFolder();
    await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel, '-v', `${app}:/var/azureml-app`, '-v', `${hook}:${BOOTSTRAP_MOUNT}:ro`,
      '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-e', `PYTHONPATH=${BOOTSTRAP_MOUNT}`, '-e', `${LISTEN_ENV}=0.0.0.0:5678`, '-p', '127.0.0.1::5678', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    const client = new TestDapClient({});
    clients.push(client);
    await client.start();
    await client.configure('attach', { name: 'x', container: name });
    await client.nextChild();
    // The server killed outright: runit's finish script says "-1 9" and takes the container down (111).
    await docker('exec', name, 'pkill', '-9', '-f', 'azmlinfsrv');
    await client.event('terminated', () => true, 60000);
    assert.match(client.output(), /The server exited with code -1 \(the container with 111\)/);
  });
});
