// Benchmark: Deploy Locally of an Azure ML v2 deployment.yml (sample/v2) to
// healthy, median of 3, beside the same container made by hand as the CLI's
// --local makes it (docker build FROM environment.image, docker run with its
// mounts and variables) waited for until it answers. The CLI itself does not
// wait for an answer: after starting the container it sleeps a fixed 15 s
// (LocalEndpointConstants.DEFAULT_STARTUP_WAIT_TIME_SECONDS) and only checks
// the container did not exit; that line is the baseline plus those 15 s.
// Run alone: node scripts/bench.mjs onlineDeploy
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';

export const title = 'Azure ML v2 deploy (deployment.yml) to healthy, median of 3, vs the same container by hand, and the CLI\'s fixed 15 s wait';
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'package.json'));
const BASE = 'mcr.microsoft.com/azureml/minimal-py312-inference:latest';
const RUNS = Number(process.env.BENCH_ONLINE_DEPLOY_RUNS ?? 3);
const CLI_WAIT_MS = 15_000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function healthy(port) {
  return new Promise((res) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 1000, agent: false }, (r) => { r.resume(); res(r.statusCode === 200); });
    req.on('timeout', () => req.destroy());
    req.on('error', () => res(false));
  });
}
async function waitHealthy(port, ms = 60000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await healthy(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} never became healthy`);
}
async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** A copy of sample/v2 with an endpoint name of its own. */
function prepare(endpoint) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-v2-'));
  chmodSync(dir, 0o755);
  cpSync(join(repo, 'sample', 'v2'), dir, { recursive: true });
  for (const f of ['deployment.yml', 'endpoint.yml']) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace(/sample-endpoint/g, endpoint));
  return dir;
}

async function ours(bundle, client, i) {
  const endpoint = `bench-v2-${process.pid}-${i}`;
  const dir = prepare(endpoint);
  const settings = { baseImage: BASE, providedPackages: ['azureml-defaults', 'azureml-inference-server-http'], port: 38790, healthTimeoutMs: 60000, extraLabels: { 'com.azureml-debug.test': '1' } };
  try {
    let out;
    const ms = await timed(async () => { out = await bundle.deployLocal(client, join(dir, 'deployment.yml'), undefined, settings); });
    if (!out.health.ok) throw new Error(`deploy not healthy: ${JSON.stringify(out.health)}`);
    return ms;
  } finally {
    await bundle.deleteService(client, `${endpoint}.blue`, true).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The CLI's container by hand: its Dockerfile's FROM, its mounts and variables, then wait until it answers. */
async function byHand(i) {
  const endpoint = `bench-v2h-${process.pid}-${i}`;
  const dir = prepare(endpoint);
  const tag = `${endpoint}:blue`;
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BASE}\nLABEL com.azureml-debug.test=1\n`);
  const name = `${endpoint}.blue`;
  try {
    return await timed(async () => {
      docker('build', '-q', '-t', tag, dir);
      docker('run', '-d', '--name', name, '--label', 'com.azureml-debug.test=1', '-p', '127.0.0.1:38890:5001',
        '-v', `${dir}:/var/azureml-app/azureml-models/sample-model/1`, '-v', `${join(dir, 'onlinescoring')}:/var/azureml-app/onlinescoring/`,
        '-e', 'AZUREML_MODEL_DIR=/var/azureml-app/azureml-models/sample-model/1', '-e', 'AML_APP_ROOT=/var/azureml-app/onlinescoring/', '-e', 'AZUREML_ENTRY_SCRIPT=score.py', tag);
      await waitHealthy(38890);
    });
  } finally {
    try { docker('rm', '-f', name); } catch { /* gone */ }
    try { docker('rmi', '-f', tag); } catch { /* none */ }
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run(ctx) {
  if (!existsSync(join(repo, 'dist/docker.js'))) execFileSync('node', ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
  const bundle = require(join(repo, 'dist/docker.js'));
  const client = bundle.createDockerClient({ socketPath: '/var/run/docker.sock' });
  const a = [];
  const b = [];
  // One warm-up of each, not counted: the base image's probe and page cache.
  await ours(bundle, client, 0);
  await byHand(0);
  for (let i = 1; i <= RUNS; i++) {
    a.push(await ours(bundle, client, i));
    b.push(await byHand(i));
    ctx?.log?.(`run ${i}: ours ${a[i - 1].toFixed(0)} ms, by hand ${b[i - 1].toFixed(0)} ms`);
  }
  const ma = median(a);
  const mb = median(b);
  return [
    ['deploy to healthy', `${(ma / 1000).toFixed(2)} s vs ${(mb / 1000).toFixed(2)} s by hand = ${(ma / mb).toFixed(2)}x`],
    ['the CLI\'s way (by hand, then its fixed 15 s)', `${((mb + CLI_WAIT_MS) / 1000).toFixed(2)} s: ours is ${(ma / (mb + CLI_WAIT_MS)).toFixed(2)}x of it, and has checked that the server answers`],
    ['runs', `${a.length} counted`],
  ];
}
