// Debug start on Azure ML's image as users have it (the replica, no debugpy:
// the adapter brings the one the extension carries): time from "Debug" (a
// launch request to the `azureml` adapter) to the breakpoint in init() being
// verified in the worker's session, to the stop in init(), and from a test
// request to the stop in run(); median of 5 with the image present. Beside
// the same steps done by hand with the docker CLI in the same run: docker run
// of the same image with the same hook (the bootstrap folder mounted and
// armed through the environment, as the adapter does), docker port, then DAP
// straight to debugpy; so the ratio is what the adapter adds. And beside the
// Azure ML CLI's fixed start wait (a documented constant, printed, not
// slept). Prints the ratios.
// Then where the time goes, for both ways alike (see PHASES).
// Standalone: `node scripts/bench/debugStart.mjs`, or through scripts/bench.mjs;
// BENCH_DEBUG_START_RUNS=N for fewer runs, BENCH_DEBUG_START_DUMP=1 prints each
// container's timestamped log against "Debug".
import { execFile, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const title = 'Debug start: "Debug" to breakpoint verified (median of 5)';

const exec = promisify(execFile);
const RUNS = Number(process.env.BENCH_DEBUG_START_RUNS ?? 5);
// Azure ML's minimal image (the replica under the real name, no debugpy), from scripts/setup/image.sh.
const IMAGE = 'mcr.microsoft.com/azureml/minimal-py312-inference:latest';
// `az ml online-deployment create --local` waits a fixed 15 s for the container
// and then calls it healthy (../shared/notes/azureml-facts.md, "Azure ML v2").
const AZ_ML_LOCAL_WAIT_S = 15;
const LABEL = `com.azureml-debug.bench=debugStart-${process.pid}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Where the time goes, read the same way for both ways from what Docker
// records: the container's creation and start (docker inspect), and the
// container's own timestamped log (docker logs -t): the image's start script
// reaching the server, debugpy's first words (it warns about frozen modules
// as it starts listening), gunicorn booting the worker. Each is ms after the
// user's "Debug" (t0, wall clock); the image's own steps are not ours to cut.
const PHASES = [
  ['container created', null],
  ['container started', null],
  ['server starting (image script done)', /Starting AzureML Inference Server HTTP/],
  ['debugpy started', /Debugger warning|debugpy/i],
  ['gunicorn worker booted', /Booting worker with pid/],
];
async function phasesOf(container, wallT0) {
  const [created, started] = (await exec('docker', ['inspect', '-f', '{{.Created}} {{.State.StartedAt}}', container])).stdout.trim().split(' ');
  const logs = await exec('docker', ['logs', '-t', container], { maxBuffer: 64 * 1024 * 1024 });
  const lines = `${logs.stdout}\n${logs.stderr}`.split('\n');
  const at = { 'container created': Date.parse(created) - wallT0, 'container started': Date.parse(started) - wallT0 };
  if (process.env.BENCH_DEBUG_START_DUMP) for (const l of lines) if (l) console.log(`    ${container.slice(0, 12)} +${Date.parse(l.slice(0, l.indexOf(" "))) - wallT0} ${l.slice(l.indexOf(" ") + 1, 140)}`);
  for (const [name, re] of PHASES.slice(2)) {
    const line = lines.find((l) => re.test(l));
    if (line) at[name] = Date.parse(line.slice(0, line.indexOf(' '))) - wallT0;
  }
  return at;
}

/** A minimal DAP client over one socket: requests, recorded events, reverse requests. */
class Dap {
  constructor(socket, onReverse = () => {}) {
    this.socket = socket;
    this.seq = 1;
    this.pending = new Map();
    this.events = [];
    this.gotData = false;
    this.closed = new Promise((r) => socket.on('close', r));
    let buf = Buffer.alloc(0);
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const h = buf.indexOf('\r\n\r\n');
        if (h < 0) return;
        const len = Number(/Content-Length:\s*(\d+)/i.exec(buf.toString('ascii', 0, h))[1]);
        if (buf.length < h + 4 + len) return;
        const msg = JSON.parse(buf.toString('utf8', h + 4, h + 4 + len));
        buf = buf.subarray(h + 4 + len);
        this.gotData = true;
        if (msg.type === 'response') this.pending.get(msg.request_seq)?.(msg);
        else if (msg.type === 'event') this.events.push(msg);
        else if (msg.type === 'request') onReverse(msg, this);
      }
    });
  }
  write(msg) {
    const json = JSON.stringify(msg);
    this.socket.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
  }
  request(command, args) {
    const seq = this.seq++;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.write({ type: 'request', seq, command, arguments: args });
    });
  }
  async event(name, ms = 60000, from = 0) {
    const end = Date.now() + ms;
    for (;;) {
      const e = this.events.slice(from).find((x) => x.event === name);
      if (e) return e;
      if (Date.now() > end) throw new Error(`no ${name} event`);
      await sleep(5);
    }
  }
}

const connect = (port, host = '127.0.0.1') =>
  new Promise((resolve, reject) => {
    const s = net.connect({ port, host }, () => resolve(s));
    s.once('error', reject);
  });

const INIT = { adapterID: 'azureml', clientID: 'bench', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsStartDebuggingRequest: true };

/** initialize + start request + breakpoints + configurationDone; resolves when the breakpoint is verified. */
async function configure(dap, request, args, bp) {
  await dap.request('initialize', INIT);
  const started = dap.request(request, args);
  await dap.event('initialized', 90000);
  const r = await dap.request('setBreakpoints', { source: { path: bp.file }, breakpoints: bp.lines.map((line) => ({ line })) });
  if (!r.body?.breakpoints?.every((b) => b.verified)) throw new Error(`breakpoints not verified: ${JSON.stringify(r.body)}`);
  const verifiedAt = performance.now();
  await dap.request('configurationDone', {});
  const answer = await started;
  if (!answer.success) throw new Error(`${request} failed: ${answer.message}`);
  return verifiedAt;
}

/** Our way: one launch request to the adapter (server mode, as inline in the editor). */
async function ours(adapterPort, app, bp) {
  const t0 = performance.now();
  const wallT0 = Date.now();
  let child;
  const childDone = new Promise((resolve, reject) => {
    child = async (req, parent) => {
      parent.write({ type: 'response', seq: 0, request_seq: req.seq, command: req.command, success: true });
      const c = new Dap(await connect(adapterPort));
      configure(c, 'attach', req.arguments.configuration, bp).then((v) => resolve({ c, v }), reject);
    };
  });
  const dap = new Dap(await connect(adapterPort), (req, d) => void child(req, d));
  await configure(dap, 'launch', { name: 'bench', appFolder: app, image: IMAGE, modelDir: '/var/azureml-app', scoringPort: 0, debugPort: 0, labels: { [LABEL.split('=')[0]]: LABEL.split('=')[1], 'com.azureml-debug.test': '1' } }, bp);
  const { c, v } = await childDone;
  const stop = await c.event('stopped');
  const stoppedAt = performance.now();
  const output = dap.events.filter((e) => e.event === 'output').map((e) => e.body.output).join('');
  const url = /scoring at (http:\/\/127\.0\.0\.1:\d+\/score)/.exec(output)?.[1];
  if (!url) throw new Error(`no scoring URL in the adapter's output:\n${output}`);
  if (!/\(carried by the extension\) listens on/.test(output)) throw new Error('the launch did not use the carried debugpy');
  const run = await requestToRunStop(c, stop, url, bp);
  // The adapter's container: the only one with the bench's label while this runs.
  const mine = (await exec('docker', ['ps', '-q', '--filter', `label=${LABEL}`])).stdout.trim().split('\n')[0];
  const phases = await phasesOf(mine, wallT0);
  await dap.request('disconnect', {});
  dap.socket.destroy();
  c.socket.destroy();
  // The adapter removes its container after the session: the next run starts
  // once it is gone, as by hand's does after its own docker rm.
  for (let i = 0; (await exec('docker', ['ps', '-aq', '--filter', `id=${mine}`])).stdout.trim() && i < 300; i++) await sleep(100);
  return { verified: v - t0, stopped: stoppedAt - t0, run, phases };
}

/** Continues from init(), sends the sample request and times it to the stop in run(); lets it answer. */
async function requestToRunStop(worker, initStop, url, bp) {
  const seen = worker.events.length;
  await worker.request('continue', { threadId: initStop.body.threadId });
  const t0 = performance.now();
  // The worker finishes init() before it serves: the request waits in the server, as a user's would.
  const answer = (async () => {
    for (let i = 0; ; i++) {
      try {
        return await fetch(url, { method: 'POST', body: bp.request, headers: { 'Content-Type': 'application/json' } });
      } catch (err) {
        if (i > 200) throw err;
        await sleep(20);
      }
    }
  })();
  const atRun = await worker.event('stopped', 60000, seen);
  const ms = performance.now() - t0;
  await worker.request('continue', { threadId: atRun.body.threadId });
  const r = await answer;
  if (r.status !== 200) throw new Error(`the test request answered ${r.status}`);
  return ms;
}

/**
 * By hand: docker run of the same image with the same hook (the bootstrap
 * and the carried debugpy mounted, armed by the environment the adapter
 * sets), docker port, DAP straight to debugpy.
 */
async function byHand(app, bp, hook) {
  const name = `azureml-debug-bench-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  const t0 = performance.now();
  const wallT0 = Date.now();
  await exec('docker', ['run', '-d', '--name', name, '--label', LABEL, '--label', 'com.azureml-debug.test=1', '-p', '127.0.0.1::5001', '-p', '127.0.0.1::5678',
    '-v', `${app}:/var/azureml-app`, '-v', `${hook.folder}:${hook.mount}:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app',
    '-e', 'WORKER_TIMEOUT=0', '-e', 'GUNICORN_CMD_ARGS=--timeout 0', '-e', 'PYDEVD_DISABLE_FILE_VALIDATION=1',
    '-e', `PYTHONPATH=${hook.mount}`, '-e', `${hook.listenEnv}=0.0.0.0:5678`, IMAGE]);
  const port = Number((await exec('docker', ['port', name, '5678/tcp'])).stdout.trim().split(':').pop());
  const attachArgs = { name: 'bench', type: 'python', request: 'attach', justMyCode: true, pathMappings: [{ localRoot: app, remoteRoot: '/var/azureml-app' }] };
  let dap;
  let child;
  const childDone = new Promise((resolve, reject) => {
    child = async (body) => {
      const c = new Dap(await connect(port));
      configure(c, 'attach', body, bp).then((v) => resolve({ c, v }), reject);
    };
  });
  // Retry like a person pressing F5 again: docker-proxy accepts and drops until debugpy listens.
  // debugpy 1.8 asks for a worker's session with a startDebugging reverse request
  // (older ones send a debugpyAttach event): answer either.
  const onReverse = (req, d) => {
    d.write({ type: 'response', seq: 0, request_seq: req.seq, command: req.command, success: req.command === 'startDebugging' });
    if (req.command !== 'startDebugging') return;
    clearInterval(watch);
    void child(req.arguments.configuration);
  };
  for (;;) {
    const d = new Dap(await connect(port), onReverse);
    const init = await Promise.race([d.request('initialize', INIT), d.closed.then(() => undefined)]);
    if (init?.success) { dap = d; break; }
    await sleep(50);
  }
  const watch = setInterval(() => {
    const e = dap.events.find((x) => x.event === 'debugpyAttach');
    if (e) { clearInterval(watch); void child(e.body); }
  }, 5);
  const started = dap.request('attach', attachArgs);
  await dap.event('initialized');
  await dap.request('setBreakpoints', { source: { path: bp.file }, breakpoints: bp.lines.map((line) => ({ line })) });
  await dap.request('configurationDone', {});
  await started;
  const { c, v } = await childDone;
  const stop = await c.event('stopped');
  const stoppedAt = performance.now();
  const scoring = Number((await exec('docker', ['port', name, '5001/tcp'])).stdout.trim().split(':').pop());
  const run = await requestToRunStop(c, stop, `http://127.0.0.1:${scoring}/score`, bp);
  dap.socket.destroy();
  c.socket.destroy();
  const phases = await phasesOf(name, wallT0);
  await exec('docker', ['rm', '-f', name]);
  return { verified: v - t0, stopped: stoppedAt - t0, run, phases };
}

/** Returns [label, value] rows; see scripts/bench.mjs. */
export default async function run({ root, log }) {
  const adapterJs = join(root, 'dist', 'debugAdapter.js');
  if (!existsSync(adapterJs)) throw new Error('dist/debugAdapter.js is missing: run `node esbuild.mjs` first');
  await exec('docker', ['image', 'inspect', IMAGE]).catch(() => {
    throw new Error(`${IMAGE} is missing: run scripts/setup/image.sh first`);
  });
  // The hook as the adapter mounts it: the Docker bundle's own bootstrap folder.
  const dockerBundle = createRequire(import.meta.url)(join(root, 'dist', 'docker.js'));
  const hook = { folder: dockerBundle.ensureBootstrapFolder(), mount: dockerBundle.BOOTSTRAP_MOUNT, listenEnv: dockerBundle.LISTEN_ENV };
  const app = mkdtempSync(join(tmpdir(), 'azureml-debug-bench-'));
  chmodSync(app, 0o755); // the image's user (dockeruser) reads the bind mount
  cpSync(join(root, 'sample'), app, { recursive: true });
  const lines = readFileSync(join(app, 'score.py'), 'utf8').split('\n');
  const lineOf = (text) => lines.findIndex((l) => l.includes(text)) + 1;
  const bp = {
    file: join(app, 'score.py'),
    lines: [lineOf('model_dir = os.getenv'), lineOf('data = json.loads(raw_data)')],
    request: readFileSync(join(app, 'sample-request.json'), 'utf8'),
  };
  const adapter = spawn(process.execPath, [adapterJs, '--server=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const adapterPort = await new Promise((resolve, reject) => {
    adapter.stderr.on('data', (d) => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    adapter.once('exit', (code) => reject(new Error(`adapter exited ${code}`)));
  });
  const a = [];
  const b = [];
  try {
    // Alternate the two ways so that machine load affects both alike.
    for (let i = 0; i < RUNS; i++) {
      // In turn first, so neither way always runs on the engine the other just used.
      if (i % 2 === 0) {
        a.push(await ours(adapterPort, app, bp));
        b.push(await byHand(app, bp, hook));
      } else {
        b.push(await byHand(app, bp, hook));
        a.push(await ours(adapterPort, app, bp));
      }
      log(`run ${i + 1}: azureml ${a[i].verified.toFixed(0)} ms (init stop ${a[i].stopped.toFixed(0)}, request to run() stop ${a[i].run.toFixed(0)}), ` +
        `by hand ${b[i].verified.toFixed(0)} ms (init stop ${b[i].stopped.toFixed(0)}, request to run() stop ${b[i].run.toFixed(0)})`);
    }
  } finally {
    adapter.kill();
    const left = (await exec('docker', ['ps', '-aq', '--filter', `label=${LABEL}`])).stdout.trim();
    if (left) await exec('docker', ['rm', '-f', ...left.split('\n')]);
    rmSync(app, { recursive: true, force: true });
  }
  const m = (xs, key) => median(xs.map((x) => x[key]));
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const phase = (xs, name) => {
    const got = xs.map((x) => x.phases[name]).filter((v) => v !== undefined);
    return got.length ? s(median(got)) : 'not seen';
  };
  const phaseRows = [...PHASES.map(([name]) => name), 'breakpoint verified'].map((name) => [
    `  where the time goes: ${name} (median, after "Debug")`,
    name === 'breakpoint verified' ? `ours ${s(m(a, 'verified'))}, by hand ${s(m(b, 'verified'))}` : `ours ${phase(a, name)}, by hand ${phase(b, name)}`,
  ]);
  return [
    ['azureml "Debug": breakpoint verified in init() (median)', s(m(a, 'verified'))],
    ['azureml "Debug": stopped in init() (median)', s(m(a, 'stopped'))],
    ['azureml: test request to the stop in run() (median)', s(m(a, 'run'))],
    ['docker CLI by hand: breakpoint verified in init() (median)', s(m(b, 'verified'))],
    ['docker CLI by hand: stopped in init() (median)', s(m(b, 'stopped'))],
    ['docker CLI by hand: test request to the stop in run() (median)', s(m(b, 'run'))],
    ['Azure ML CLI --local: fixed start wait before "healthy" (reference, not run)', `${AZ_ML_LOCAL_WAIT_S.toFixed(2)} s`],
    ['ratio azureml / by hand (verified in init())', (m(a, 'verified') / m(b, 'verified')).toFixed(2)],
    ['ratio azureml / by hand (request to run() stop)', (m(a, 'run') / m(b, 'run')).toFixed(2)],
    ['ratio azureml / Azure ML CLI wait (verified in init())', (m(a, 'verified') / (AZ_ML_LOCAL_WAIT_S * 1000)).toFixed(2)],
    ['target', '<= 1.0x by hand, <= 3 s'],
    ...phaseRows,
  ];
}

// Standalone use.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const rows = await run({ root, log: (s) => console.log(`  ${s}`) });
  for (const [k, v] of rows) console.log(`  ${k.padEnd(62)} ${v}`);
}
