// The log panel host bench's hands inside the real extension host (loaded as
// the development window's extensionTestsPath, as the host tier loads its
// suites, so `require('vscode')` is the product's API). It does nothing on
// its own: scripts/bench/logPanelHost.mjs asks for each step over a loopback
// HTTP port (written to $AZUREML_DEBUG_BENCH_CONTROL): open a container's log
// with the contributed Show Logs command on its tree node, write the same
// lines to a plain output channel (the baseline most extensions offer),
// append a burst to a tab from a source of its own (the panel's share, no
// engine), say what activation cost (read once, right after it) and open
// VS Code's Running Extensions editor, and measure this process's event-loop
// delay (perf_hooks, which sees every extension in the host, the product's
// tree and log streams among them). run() resolves when the bench says it is done.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const inspector = require('node:inspector');
const vscode = require('vscode');

const extensionId = 'azureml-debug.azureml-deployment-debugger';

// The activation suite's reading of Node's module tree (the bench needs the build: out/).
const { loadedBy } = require('../../../out/test/vscode/moduleTree.js');

/**
 * What activation cost, read right after it and before anything was shown:
 * activate()'s own start-to-return time and the modules the extension's
 * bundle loaded (its module tree; node: built-ins and the vscode API are not
 * modules on disk).
 */
function activationFacts(extension, api) {
  const main = require.cache[path.join(extension.extensionPath, 'dist', 'extension.js')];
  const modules = main ? [...loadedBy(main)] : [];
  return {
    activateMs: api.activateMs,
    modules: modules.map((m) => path.relative(extension.extensionPath, m)).sort(),
    bytes: modules.reduce((n, m) => n + (fs.existsSync(m) ? fs.statSync(m).size : 0), 0),
  };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, check, ms = 30000, every = 20) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

function driver(api, activation, done) {
  let loop;
  let channel;
  let child;
  let profiler;
  let modelSub;
  let modelSeen = {};
  let memory;
  const nodeFor = (id) =>
    waitFor(`the tree node of ${id.slice(0, 12)}`, () => {
      const tree = api.tree;
      return tree.getChildren().flatMap((c) => tree.getChildren(c)).find((n) => n.type === 'service' && n.serviceId === id);
    });
  return {
    /** Activation's facts, as read before the view was shown. */
    activation() {
      return activation;
    },
    /** Opens VS Code's Running Extensions editor (Developer: Show Running Extensions), where the workbench prints each extension's activation time. */
    async runningExtensions() {
      await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
      return {};
    },
    async closeEditor() {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      return {};
    },
    /** Shows the services view (the Docker connection starts then) and waits for it. */
    async ready() {
      await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
      await waitFor('the Docker connection', () => api.model.connection('docker')?.status === 'connected');
      return {};
    },
    /** Show Logs on the container's tree node, as a click on it does; `at` is when the command was run. */
    async showLogs({ id }) {
      const node = await nodeFor(id);
      const at = Date.now();
      await vscode.commands.executeCommand('azuremlDebug.service.showLogs', node);
      return { at };
    },
    /** Lines the tab of container `id` holds (the host's side of the panel). */
    lines({ id }) {
      return { lines: api.logs.entriesFor(`docker:${id}`).length };
    },
    /**
     * Notes when the model the tree reads saw each container running and
     * gone (Date.now(), the clock the Docker daemon stamps its events with),
     * until modelTimes.
     */
    modelWatch() {
      modelSeen = {};
      modelSub?.dispose();
      modelSub = api.model.onDidChange((c) => {
        const key = `${c.service.id}:${c.type === 'removed' ? 'destroy' : 'start'}`;
        if (c.type === 'removed' || c.service.state === 'running') modelSeen[key] ??= Date.now();
      });
      return {};
    },
    modelTimes() {
      modelSub?.dispose();
      modelSub = undefined;
      return { times: modelSeen };
    },
    /** How many of `ids` the model the tree reads holds. */
    present({ ids }) {
      const held = new Set(api.model.services('docker').map((s) => s.id));
      return { present: ids.filter((id) => held.has(id)).length };
    },
    /**
     * When (Date.now()) the tab of container `id` had taken in `count` entries
     * in all (the oldest may be dropped already). Reads the panel's tab map, a private field:
     * entriesFor() copies the whole buffer, too dear to poll every 5 ms.
     */
    async heldAt({ id, count }) {
      const taken = () => {
        const tab = api.logs.tabs.get(`docker:${id}`);
        return tab ? tab.buffer.endIndex : 0;
      };
      await waitFor(`${count} entries in the tab`, () => taken() >= count, 300000, 5);
      return { at: Date.now() };
    },
    /**
     * A tab on a log source of the bench's own (the LogSource contract every
     * source implements; the host suite's burst test uses it too), followed,
     * with `lines` lines made ready for memoryBurst: the panel's share of a
     * burst, with no engine before it.
     */
    memorySource({ lines }) {
      const stamp = (i) => `2026-11-30T10:00:00.${String(i).padStart(9, '0')}Z`;
      const rows = [];
      for (let i = 1; i <= lines; i++) rows.push(`${stamp(i)} 2026-11-30 10:00:00,000 | root | INFO | scored request ${i} in 1.2 ms (batch of 4 rows)\n`);
      rows.push(`${stamp(lines + 1)} BENCH-END-memory\n`);
      memory = { text: rows.join(''), sink: undefined };
      const ready = { text: `${stamp(0)} BENCH-READY-memory\n`, stream: 'stdout' };
      api.logs.show({
        id: 'bench:memory',
        title: 'bench memory burst',
        open: (options, sink) => {
          sink.data(ready);
          // The tab's quick read of the newest lines ends at once; the followed stream stays.
          if (!options.follow) sink.end();
          else memory.sink = sink;
          return { dispose: () => undefined };
        },
      });
      return {};
    },
    /** All the lines at once into the followed tab's stream; `at` is just before. */
    async memoryBurst() {
      await waitFor('the memory tab following', () => memory.sink);
      const at = Date.now();
      memory.sink.data({ text: memory.text, stream: 'stdout' });
      return { at };
    },
    /** Closes the bottom panel (the log panel with it): nothing of it is drawn until it is shown again. */
    async hidePanel() {
      await vscode.commands.executeCommand('workbench.action.closePanel');
      return {};
    },
    /** A CPU profile of this extension host (node:inspector on itself), between start and stop. */
    async profileStart() {
      profiler = new inspector.Session();
      profiler.connect();
      const post = (m, p) => new Promise((r, j) => profiler.post(m, p, (e, v) => (e ? j(e) : r(v))));
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 1000 });
      await post('Profiler.start');
      profiler.stopProfile = () => post('Profiler.stop');
      return {};
    },
    async profileStop() {
      const { profile } = await profiler.stopProfile();
      profiler.disconnect();
      return profile;
    },
    /** Closes the tab of log source `id` (the in-memory burst's, when its figure is taken). */
    closeTab({ id }) {
      api.logs.close(id);
      return {};
    },
    closeTabs() {
      for (const t of api.logs.tabIds()) api.logs.close(t);
      return {};
    },
    /**
     * The baseline: `docker logs [-f] id` piped into an output channel, as an
     * extension without a log view does, and the channel shown; `at` is when
     * the CLI was started.
     */
    async output({ id, follow }) {
      child?.kill();
      channel?.dispose();
      channel = vscode.window.createOutputChannel('Bench: docker logs');
      channel.show(true);
      await sleep(500); // the Output view open on this channel before a line is timed
      const at = Date.now();
      child = spawn('docker', ['logs', ...(follow ? ['-f'] : []), id], { stdio: ['ignore', 'pipe', 'pipe'] });
      const append = (b) => channel.append(b.toString());
      child.stdout.on('data', append);
      child.stderr.on('data', append);
      return { at };
    },
    outputStop() {
      child?.kill();
      child = undefined;
      return {};
    },
    loopStart() {
      loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      return {};
    },
    loopStop() {
      loop.disable();
      const ms = (p) => Math.round((loop.percentile(p) / 1e6) * 10) / 10;
      return { p50: ms(50), p99: ms(99), max: Math.round(loop.max / 1e5) / 10 };
    },
    finish() {
      child?.kill();
      channel?.dispose();
      done();
      return {};
    },
  };
}

/** The extensionTestsPath entry: serves the bench until it says finish. */
exports.run = async function run() {
  const extension = vscode.extensions.getExtension(extensionId);
  const api = await extension.activate();
  const activation = activationFacts(extension, api);
  let done;
  const finished = new Promise((r) => (done = r));
  const verbs = driver(api, activation, () => done());
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (b) => (body += b));
    req.on('end', async () => {
      const verb = verbs[req.url.slice(1)];
      try {
        if (!verb) throw new Error(`no verb ${req.url}`);
        const out = await verb(body ? JSON.parse(body) : {});
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      } catch (err) {
        res.writeHead(500).end(String(err && err.stack ? err.stack : err));
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  fs.writeFileSync(process.env.AZUREML_DEBUG_BENCH_CONTROL, String(server.address().port));
  await finished;
  server.close();
};
