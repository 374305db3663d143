// Benchmark (issue 18, scale): 200 local containers created and started, then
// removed, in bursts of 50 at once, against the Docker side's watcher and the
// service model the tree reads. For each container event we take the engine's
// own time (timeNano) and the moment the model fires its change: the tree's
// update latency while a burst lands, p50/p95. Beside it, this process's
// event-loop delay p99 (perf_hooks, 10 ms resolution as VS Code's own
// monitor) while the bursts land, against the same process idle for 3 s
// in the same run: the baseline the ratio is taken against. The bursts are
// made from this process too (dockerode, 50 requests at once), so the delay
// counts that work with the watcher's: an upper bound on the watcher's share.
// Run alone: node scripts/bench/containerScale.mjs [containers] [burst]   (default export run()).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadWatcher, pct } from './treeLatency.mjs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'package.json'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const title = 'Scale: 200 local containers in bursts of 50 (tree update latency, event-loop delay)';

/** The event-loop delay p99 (ms) of this process while `work` runs. */
async function loopDelayDuring(work) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  try {
    await work();
  } finally {
    h.disable();
  }
  return h.percentile(99) / 1e6;
}

export default async function run({ containers = 200, burst = 50, log = console.log } = {}) {
  const { EngineWatcher, ServiceModel, resolveDockerAddress } = await loadWatcher();
  const Docker = require('dockerode');
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const model = new ServiceModel();
  const runLabel = `com.azureml-debug.bench-scale=${process.pid}`;
  // Listed by the watcher as Azure ML services (the label the v1 SDK sets), as a user's deployments are.
  const watcher = new EngineWatcher({ connectionId: 'bench', address: resolveDockerAddress(undefined, undefined), model, pinned: () => new Set(), showAll: () => false });
  watcher.start();
  while (model.connection('bench')?.status !== 'connected') await sleep(20);

  const engineAt = new Map(); // `${id}:${action}` -> engine time (ms)
  const raw = await docker.getEvents({ filters: { type: ['container'], label: [runLabel], event: ['start', 'destroy'] } });
  let pending = '';
  raw.on('data', (b) => {
    pending += b.toString();
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const e = JSON.parse(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      engineAt.set(`${e.id}:${e.Action}`, e.timeNano / 1e6);
    }
  });
  const modelAt = new Map();
  model.onDidChange((c) => {
    const id = c.service.id;
    if ((c.type === 'added' || c.type === 'updated') && c.service.state === 'running' && !modelAt.has(`${id}:start`)) modelAt.set(`${id}:start`, Date.now());
    if (c.type === 'removed' && !modelAt.has(`${id}:destroy`)) modelAt.set(`${id}:destroy`, Date.now());
  });

  const idleMs = 3000;
  const idleP99 = await loopDelayDuring(() => sleep(idleMs));
  const ids = [];
  const started = Date.now();
  const burstP99 = await loopDelayDuring(async () => {
    for (let i = 0; i < containers; i += burst) {
      const made = await Promise.all(Array.from({ length: Math.min(burst, containers - i) }, (_, k) =>
        docker.createContainer({ Image: 'azureml-debug/rootfs:trixie', Cmd: ['sleep', 'infinity'], Labels: { 'com.azureml-debug.test': '1', 'com.azureml-debug.bench-scale': String(process.pid), amlServiceName: `bench-scale-${i + k}` }, HostConfig: { Init: true } })));
      await Promise.all(made.map((c) => c.start()));
      ids.push(...made.map((c) => c.id));
    }
    // Every start in the model, then remove them in bursts too.
    const deadline = Date.now() + 60000;
    while (ids.some((id) => !modelAt.has(`${id}:start`)) && Date.now() < deadline) await sleep(50);
    for (let i = 0; i < ids.length; i += burst) await Promise.all(ids.slice(i, i + burst).map((id) => docker.getContainer(id).remove({ force: true })));
    const end = Date.now() + 60000;
    while (ids.some((id) => !modelAt.has(`${id}:destroy`)) && Date.now() < end) await sleep(50);
  });
  const wall = Date.now() - started;
  raw.destroy();
  watcher.dispose();
  for (const id of ids) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);

  const lat = [];
  let missed = 0;
  for (const id of ids) {
    for (const action of ['start', 'destroy']) {
      const e = engineAt.get(`${id}:${action}`);
      const m = modelAt.get(`${id}:${action}`);
      if (e === undefined || m === undefined) missed++;
      else lat.push(m - e);
    }
  }
  return [
    ['containers, burst', `${ids.length} created, started and removed, ${burst} at a time, in ${(wall / 1000).toFixed(1)} s`],
    ['engine event -> model change', `p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms over ${lat.length} events (${missed} not seen)`],
    ['event-loop delay p99, bursts', `${burstP99.toFixed(1)} ms`],
    ['event-loop delay p99, idle (baseline)', `${idleP99.toFixed(1)} ms over ${idleMs / 1000} s`],
    ['ratio bursts / idle', `${(burstP99 / idleP99).toFixed(2)}x`],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run({ containers: Number(process.argv[2] ?? 200), burst: Number(process.argv[3] ?? 50) }).then((rows) => {
    for (const [k, v] of rows) console.log(`${k}: ${v}`);
    process.exit(0);
  }, (err) => { console.error(err); process.exit(1); });
}
