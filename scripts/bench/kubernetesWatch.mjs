// Benchmark: the cluster side at scale. The test cluster (its own process, so
// its heap is not counted) holds 5,000 pods without containers; the
// extension's ClusterWatcher (client-node informers -> service model) lists
// and watches them. Figures: time to the first full tree (start -> every pod
// in the model and the tree computed), update latency p50/p95 for 500 pod
// changes (PATCH sent -> the model's change for it, plus the tree node's
// text), and the heap used by the watcher side after GC.
// Run alone: node scripts/bench/kubernetesWatch.mjs [pods] [changes]   (default export run()).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as https from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export const title = 'Kubernetes watch: 5,000 pods (tree, update latency, heap)';
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'package.json'));
const EXTERNAL = ['cpu-features', './crypto/build/Release/sshcrypto.node', 'bufferutil', 'utf-8-validate'];

/** Bundles an entry (TypeScript, from the repo) to a temp CommonJS file. */
async function bundle(name, lines) {
  const esbuild = require('esbuild');
  const entry = join(repo, `scripts/bench/.${name}.entry.ts`);
  writeFileSync(entry, lines.join('\n'));
  try {
    const out = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, external: EXTERNAL, logLevel: 'error' });
    const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
    const file = join(dir, `${name}.cjs`);
    writeFileSync(file, out.outputFiles[0].text);
    return { file, dir };
  } finally {
    rmSync(entry, { force: true });
  }
}

function gc() {
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc');
  collect();
  collect();
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (n) => `${n.toFixed(1)} ms`;
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;

/** Starts the test cluster's CLI with bare pods; resolves with its kubeconfig path and process. */
async function startServer(cliFile, pods, kubeconfig) {
  const child = spawn(process.execPath, [cliFile, '--repo', repo, '--workspace', 'bench-ws', '--bare-pods', String(pods), '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  await new Promise((res, rej) => {
    const t = setInterval(() => {
      if (out.includes('kubeconfig:')) {
        clearInterval(t);
        res();
      }
      if (child.exitCode !== null) {
        clearInterval(t);
        rej(new Error(`the test cluster exited: ${out}`));
      }
    }, 50);
  });
  return child;
}

function patchPod(server, ca, token, ns, name, body) {
  return new Promise((res, rej) => {
    const data = JSON.stringify(body);
    const req = https.request(`${server}/api/v1/namespaces/${ns}/pods/${name}`, {
      method: 'PATCH', ca, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/merge-patch+json', 'Content-Length': Buffer.byteLength(data) },
    }, (r) => {
      r.resume();
      r.on('end', () => (r.statusCode === 200 ? res() : rej(new Error(`PATCH ${name}: HTTP ${r.statusCode}`))));
    });
    req.on('error', rej);
    req.end(data);
  });
}

export default async function run({ log = console.log } = {}, pods = Number(process.env.BENCH_K8S_PODS ?? 5000), changes = Number(process.env.BENCH_K8S_CHANGES ?? 500)) {
  const cli = await bundle('k8sCli', ["import '../../test/k8s-server/cli';"]);
  const side = await bundle('k8sWatch', [
    "export { ClusterWatcher } from '../../src/kubernetes/client/clusterWatcher';",
    "export { kubeConfigFor } from '../../src/kubernetes/client/index';",
    "export { ServiceModel } from '../../src/core/model/serviceModel';",
    "export { mergeKubeconfigs } from '../../src/core/kubernetes/kubeconfig';",
    "export { DEFAULT_FILTER } from '../../src/core/kubernetes/records';",
    "export { clusterApps, appPods, flattenCluster } from '../../src/core/kubernetes/tree';",
    "export { podDisplay } from '../../src/core/kubernetes/display';",
  ]);
  const kubeconfig = join(cli.dir, 'config');
  const server = await startServer(cli.file, pods, kubeconfig);
  let watcher;
  try {
    const m = require(side.file);
    const text = readFileSync(kubeconfig, 'utf8');
    const merged = m.mergeKubeconfigs([{ path: kubeconfig, text }]);
    const ctx = merged.contexts[0];
    const cfg = m.kubeConfigFor(merged.document, ctx.name);
    const cluster = cfg.getCurrentCluster();
    const ca = Buffer.from(cluster.caData, 'base64');
    const token = cfg.getCurrentUser().token;
    // Let the server's kubelet settle the bare pods (Pending -> Running) before measuring.
    await new Promise((r) => setTimeout(r, 3000));
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const model = new m.ServiceModel();
    const conn = 'k8s:bench';
    const podCount = () => model.services(conn).length;
    const t0 = performance.now();
    watcher = new m.ClusterWatcher({ connectionId: conn, label: ctx.name, kubeConfig: cfg, model, filter: () => m.DEFAULT_FILTER, log: () => {}, server: ctx.server, secrets: ctx.secrets });
    watcher.start();
    await new Promise((res, rej) => {
      const limit = setTimeout(() => rej(new Error(`only ${podCount()} of ${pods} pods after 120 s`)), 120000);
      const check = () => {
        if (podCount() >= pods && model.connection(conn)?.status === 'connected') {
          clearTimeout(limit);
          sub.dispose();
          res();
        }
      };
      const sub = model.onDidChange(check);
      check();
    });
    const flat = m.flattenCluster(model, conn);
    const firstTree = performance.now() - t0;
    const apps = m.clusterApps(model, conn);
    log(`${podCount()} pods in ${apps.length} service(s); ${flat.length} tree nodes when fully expanded`);
    gc();
    const heapAfter = process.memoryUsage().heapUsed;

    // 500 changes, one at a time: PATCH a label, wait for the model's change of that pod, render its node and its service's children.
    const names = apps[0].pods.slice(0, changes).map((p) => ({ ns: p.kubernetes.namespace, name: p.name, id: p.id }));
    const latencies = [];
    const childrenMs = [];
    for (let i = 0; i < names.length; i++) {
      const target = names[i];
      const gen = String(i + 1);
      const seen = new Promise((res) => {
        const sub = model.onDidChange((c) => {
          if (c.type === 'updated' && c.service.id === target.id && c.service.labels['bench-gen'] === gen) {
            sub.dispose();
            res(performance.now());
          }
        });
      });
      const start = performance.now();
      await patchPod(ctx.server, ca, token, target.ns, target.name, { metadata: { labels: { 'bench-gen': gen } } });
      const at = await seen;
      const c0 = performance.now();
      const kids = m.appPods(model, conn, apps[0].app);
      m.podDisplay(model.get(conn, target.id), Date.now());
      const c1 = performance.now();
      if (kids.length < pods) throw new Error('pods went missing during the changes');
      latencies.push(at - start + (c1 - c0));
      childrenMs.push(c1 - c0);
    }
    gc();
    const heapEnd = process.memoryUsage().heapUsed;
    return [
      ['pods watched', String(podCount())],
      ['time to first full tree', ms(firstTree)],
      [`update latency p50 (${latencies.length} changes)`, ms(pct(latencies, 50))],
      [`update latency p95 (${latencies.length} changes)`, `${ms(pct(latencies, 95))} (target < 200 ms)`],
      ['update latency max', ms(Math.max(...latencies))],
      ['service children recompute p95 (5,000 pods)', ms(pct(childrenMs, 95))],
      ['heap used by the watcher side after sync', `${mb(heapAfter - heapBefore)} (target < 100 MB; process total ${mb(heapAfter)})`],
      ['heap used after the changes', mb(heapEnd - heapBefore)],
    ];
  } finally {
    watcher?.dispose();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r).once('error', r));
    rmSync(cli.dir, { recursive: true, force: true });
    rmSync(side.dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run({}, Number(process.argv[2] ?? 5000), Number(process.argv[3] ?? 500));
  for (const [k, v] of rows) console.log(`${k.padEnd(48)} ${v}`);
  process.exit(0);
}
