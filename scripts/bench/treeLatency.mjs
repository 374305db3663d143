// Benchmark: event-to-tree latency of the Docker side. A real container is
// started 15 times (BENCH_TREE_STARTS) and dies each time (30 transitions); for each we take the
// engine's own event time (timeNano) and the moment the service model fires
// its change, beside a 2 s polling loop (the baseline: list every 2 s, as
// tools without an events stream do) watching the same transitions.
// Run alone: node scripts/bench/treeLatency.mjs [starts]   (default export run()).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'package.json'));

/** EngineWatcher, ServiceModel and resolveDockerAddress from the working tree's sources (also containerScale.mjs's). */
export async function loadWatcher() {
  const esbuild = require('esbuild');
  const entry = join(repo, 'scripts/bench/.treeLatency.entry.ts');
  writeFileSync(entry, [
    "export { EngineWatcher } from '../../src/docker/client/engineWatcher';",
    "export { ServiceModel } from '../../src/core/model/serviceModel';",
    "export { resolveDockerAddress } from '../../src/core/docker/dockerHost';",
  ].join('\n'));
  try {
    const out = await esbuild.build({
      entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false,
      external: ['cpu-features', './crypto/build/Release/sshcrypto.node'], logLevel: 'error',
    });
    const dir = mkdtempSync(join(tmpdir(), 'bench-tree-'));
    const file = join(dir, 'watcher.cjs');
    writeFileSync(file, out.outputFiles[0].text);
    const mod = require(file);
    rmSync(dir, { recursive: true, force: true });
    return mod;
  } finally {
    rmSync(entry, { force: true });
  }
}

export const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default async function run({ starts = Number(process.env.BENCH_TREE_STARTS ?? 15), log = console.log } = {}) {
  const { EngineWatcher, ServiceModel, resolveDockerAddress } = await loadWatcher();
  const Docker = require('dockerode');
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const model = new ServiceModel();
  const watcher = new EngineWatcher({ connectionId: 'bench', address: resolveDockerAddress(undefined, undefined), model, pinned: () => new Set(), showAll: () => false });
  watcher.start();
  while (model.connection('bench')?.status !== 'connected') await sleep(20);

  const container = await docker.createContainer({
    Image: 'azureml-debug/rootfs:trixie', Cmd: ['sleep', '0.3'],
    Labels: { 'com.azureml-debug.test': '1', amlServiceName: 'bench-tree-latency' },
  });
  const id = container.id;
  // Engine event times per transition, from a raw events stream.
  const eventTimes = [];
  const raw = await docker.getEvents({ filters: { type: ['container'], container: [id], event: ['start', 'die'] } });
  raw.on('data', (b) => {
    for (const line of b.toString().split('\n').filter(Boolean)) {
      const e = JSON.parse(line);
      eventTimes.push({ action: e.Action, at: e.timeNano / 1e6 });
    }
  });
  // Model: the moment it reports each running/exited transition.
  const modelTimes = [];
  let lastState;
  model.onDidChange((c) => {
    if ((c.type === 'added' || c.type === 'updated') && c.service.id === id && c.service.state !== lastState) {
      lastState = c.service.state;
      if (lastState === 'running' || lastState === 'exited') modelTimes.push({ state: lastState, at: Date.now() });
    }
  });
  // Baseline: poll every 2 s.
  const pollTimes = [];
  let pollState;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const list = await docker.listContainers({ all: true, filters: { id: [id] } });
      const state = list[0]?.State;
      if (state && state !== pollState) {
        pollState = state;
        pollTimes.push({ state, at: Date.now() });
      }
      await sleep(2000);
    }
  })();

  for (let i = 0; i < starts; i++) {
    await container.start();
    await container.wait();
    await sleep(100);
  }
  await sleep(2500);
  polling = false;
  await poller;
  raw.destroy();
  watcher.dispose();
  await container.remove({ force: true });

  const starts_ = eventTimes.filter((e) => e.action === 'start');
  const dies = eventTimes.filter((e) => e.action === 'die');
  const modelRunning = modelTimes.filter((m) => m.state === 'running');
  const modelExited = modelTimes.filter((m) => m.state === 'exited');
  const lat = [];
  starts_.forEach((e, i) => modelRunning[i] && lat.push(modelRunning[i].at - e.at));
  dies.forEach((e, i) => modelExited[i] && lat.push(modelExited[i].at - e.at));
  // A poll sees a transition at the first poll after it, if the state still holds then.
  const pollLat = [];
  for (const e of eventTimes) {
    const want = e.action === 'start' ? 'running' : 'exited';
    const seen = pollTimes.find((p) => p.state === want && p.at >= e.at);
    const next = eventTimes.find((x) => x.at > e.at);
    if (seen && (!next || seen.at <= next.at)) pollLat.push(seen.at - e.at);
  }
  const transitions = eventTimes.length;
  const result = {
    transitions,
    modelSeen: lat.length,
    p50: pct(lat, 50),
    p95: pct(lat, 95),
    pollSeen: pollLat.length,
    pollP50: pct(pollLat, 50),
    pollP95: pct(pollLat, 95),
  };
  log(`tree latency: ${transitions} transitions; events -> model saw ${result.modelSeen}: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms (target p95 < 100 ms)`);
  log(`tree latency: 2 s polling baseline saw ${result.pollSeen} of ${transitions}: p50 ${result.pollP50.toFixed(0)} ms, p95 ${result.pollP95.toFixed(0)} ms`);
  log(`tree latency: p95 ratio events/polling = ${(result.p95 / result.pollP95).toFixed(3)}x; transitions missed: events ${transitions - result.modelSeen}, polling ${transitions - result.pollSeen}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const starts = Number(process.argv[2] ?? process.env.BENCH_TREE_STARTS ?? 15);
  run({ starts }).then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
}
