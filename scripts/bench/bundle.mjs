// Bundle facts: the size of each dist/ bundle, its biggest packages, how long
// requiring the activation bundle takes against requiring it together with
// the heavy Docker and Kubernetes bundles (the eager baseline), and the
// modules activation loaded in the real host (from the host tier's artifact).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const title = 'Bundle facts (dist/, as built by `node esbuild.mjs`)';

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Runs in a fresh Node per sample, so each require is cold. `vscode` exists
// only inside the editor: a do-nothing stand-in lets the bundle load here;
// only loading is timed, nothing of the extension runs.
const probe = `
const Module = require('node:module');
const stub = new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : stub), construct: () => ({}), apply: () => stub });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : resolve.call(this, req, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };
const t0 = process.hrtime.bigint();
for (const f of JSON.parse(process.argv[1])) require(f);
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`;

function timeRequire(files) {
  const r = spawnSync(process.execPath, ['-e', probe, JSON.stringify(files)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`requiring ${files.join(', ')} failed:\n${r.stderr}`);
  return Number(r.stdout);
}

function topPackages(meta, output, n = 3) {
  const inputs = meta.outputs[output]?.inputs ?? {};
  const byPkg = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const pkg = m ? m[1] : '(own code)';
    byPkg[pkg] = (byPkg[pkg] ?? 0) + bytesInOutput;
  }
  return Object.entries(byPkg).sort((a, b) => b[1] - a[1]).slice(0, n).map(([p, b]) => `${p} ${kb(b)}`).join(', ');
}

/** Returns [label, value] rows; see scripts/bench.mjs for the contract. */
export default async function run({ root, artifacts, log }) {
  const dist = join(root, 'dist');
  const bundles = ['extension', 'docker', 'kubernetes', 'debugAdapter'].map((b) => join(dist, `${b}.js`));
  if (!existsSync(bundles[0])) {
    log('dist/extension.js is missing: building (node esbuild.mjs)');
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('node esbuild.mjs failed');
  }
  const rows = [];
  const meta = existsSync(join(dist, 'meta.json')) ? JSON.parse(readFileSync(join(dist, 'meta.json'), 'utf8')) : undefined;
  for (const f of bundles.filter(existsSync)) {
    const rel = `dist/${f.split('/').pop()}`;
    rows.push([`size ${rel}`, `${kb(statSync(f).size)}${meta ? `  (largest: ${topPackages(meta, rel)})` : ''}`]);
  }

  const [main, docker, kubernetes] = bundles;
  const heavy = [docker, kubernetes].filter(existsSync);
  const samples = Number(process.env.BENCH_SAMPLES ?? 7);
  const lazy = [];
  const eager = [];
  for (let i = 0; i < samples; i++) {
    // Interleaved, so a busy machine slows both sides alike.
    lazy.push(timeRequire([main]));
    eager.push(timeRequire([main, ...heavy]));
  }
  const l = median(lazy);
  const e = median(eager);
  rows.push(['require dist/extension.js (activation)', `${l.toFixed(1)} ms (median of ${samples} cold processes)`]);
  rows.push([`require it + ${heavy.map((h) => h.split('/').pop()).join(' + ')} (eager baseline)`, `${e.toFixed(1)} ms`]);
  rows.push(['activation load time vs eager baseline', `${((l / e) * 100).toFixed(0)}% (${(e / l).toFixed(1)}x faster)`]);
  for (const h of heavy) {
    const t = median(Array.from({ length: Math.max(3, Math.floor(samples / 2)) }, () => timeRequire([h])));
    rows.push([`require dist/${h.split('/').pop()} alone (paid on first use)`, `${t.toFixed(1)} ms`]);
  }

  const modulesFile = join(artifacts, 'activation-modules.json');
  if (existsSync(modulesFile)) {
    const m = JSON.parse(readFileSync(modulesFile, 'utf8'));
    rows.push(['modules loaded at activation (real host)', `${m.modules.length}: ${m.modules.join(', ')} (${kb(m.bytes)}; from ${statSync(modulesFile).mtime.toISOString()})`]);
  } else {
    rows.push(['modules loaded at activation (real host)', 'unknown: run `node scripts/test.mjs host` first (it writes .test-artifacts/activation-modules.json)']);
  }
  return rows;
}
