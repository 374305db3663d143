// Activation facts (issue 18): the size of dist/extension.js, the bundle
// activation loads, and the modules in it by bytes; how long requiring it
// takes in a fresh Node, against requiring an empty file the same way (the
// baseline, measured interleaved in the same run); what each lazily required
// bundle costs on its feature's first use; dist/debugAdapter.js's size and
// contents; and the VSIX's size. The real host's side of activation (what
// activate() took, what VS Code's Running Extensions says, the modules it
// loaded) is measured where the bench runs a real host: logPanelHost.mjs.
// The bundles are built here, both ways, into a scratch folder (dist/ is left
// as it is): production (minified, what the VSIX holds) and development
// (what `node esbuild.mjs`, the tests and the issue's first figures use).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export const title = 'Activation and bundles (built here by esbuild.mjs, production and development)';

/** The issue's goals. */
const GOAL_BYTES = 150 * 1000;
const GOAL_MS = 10;

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(1)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Runs in a fresh Node per sample, so each require is cold. `vscode` exists
// only inside the editor: a stand-in answers every property so the bundle
// loads here, and holds the API's value names (read from @types/vscode) as
// its own, as the host's module does, since esbuild's interop copies a
// module's own names when it loads. The Node built-ins a bundle imports are
// loaded before the clock starts: the extension host has loaded them long
// before any extension. Only loading is timed, nothing of the extension
// runs. Prints the wall time and the process's CPU time (user + system) of
// the require: on a machine shared with other work the wall time includes
// waiting for a core and the CPU time does not, so the goal is judged on
// the CPU time.
const probe = `
const Module = require('node:module');
const [file, builtins, names] = process.argv.slice(1);
const stub = new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : stub), construct: () => ({}), apply: () => stub });
const api = Object.create(stub);
for (const name of JSON.parse(names)) Object.defineProperty(api, name, { value: stub, enumerable: true });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : resolve.call(this, req, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api };
for (const b of JSON.parse(builtins)) require(b);
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
require(file);
const wall = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }));
`;

/** The value names of the `vscode` API (namespaces, classes, enums, constants), from its typings. */
let apiNames;
function vscodeApiNames(root) {
  const typings = readFileSync(join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  apiNames ??= JSON.stringify([...new Set([...typings.matchAll(/^\texport (?:namespace|class|enum|const|let|function) (\w+)/gm)].map((m) => m[1]))]);
  return apiNames;
}

/** { wall, cpu } in ms of one cold require of `file`, the Node built-ins `builtins` loaded before. */
function timeRequire(file, builtins) {
  // From a folder with no package.json: -e's module lives in the working
  // folder, and Node would read a manifest there too (the host's own is long read).
  const r = spawnSync(process.execPath, ['-e', probe, file, JSON.stringify(builtins), apiNames], { encoding: 'utf8', cwd: tmpdir() });
  if (r.status !== 0) throw new Error(`requiring ${file} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Medians of samples of timeRequire. */
const medians = (samples) => ({ wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) });
const both = (t) => `${ms(t.cpu)} CPU, ${ms(t.wall)} wall`;

/** The metafile's key of bundle `name` (dist/name.js wherever the build went). */
const keyOf = (meta, name) => Object.keys(meta.outputs).find((o) => basename(o) === `${name}.js`);

/** Why `pkg` is in bundle `output`: the first import chain from the entry to it (esbuild's metafile records who imports what). */
function whyIn(meta, output, pkg) {
  const entry = meta.outputs[output]?.entryPoint;
  const inOutput = new Set(Object.keys(meta.outputs[output]?.inputs ?? {}));
  const from = new Map([[entry, undefined]]);
  for (const queue = [entry]; queue.length; ) {
    const file = queue.shift();
    if (file.includes(`node_modules/${pkg}/`)) {
      const chain = [];
      for (let f = file; f; f = from.get(f)) chain.unshift(f.replace(/^.*node_modules\//, ''));
      return chain.join(' -> ');
    }
    for (const i of meta.inputs[file]?.imports ?? []) {
      if (!i.external && inOutput.has(i.path) && !from.has(i.path)) {
        from.set(i.path, file);
        queue.push(i.path);
      }
    }
  }
  return '?';
}

/** The Node built-ins an output imports (that this Node has: undici names node:sqlite, loaded only when used). */
function builtinsOf(meta, output) {
  const names = (meta.outputs[output]?.imports ?? []).filter((i) => i.external).map((i) => i.path);
  return [...new Set(names)].filter((n) => builtinModules.includes(n.replace(/^node:/, '')));
}

/** The modules of one output by bytes, and by package (own code is "src"). */
function contents(meta, output) {
  const inputs = Object.entries(meta.outputs[output]?.inputs ?? {}).map(([file, { bytesInOutput }]) => ({ file: file.replace(/^.*node_modules\//, 'node_modules/'), bytes: bytesInOutput }));
  const byPackage = {};
  for (const { file, bytes } of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const pkg = m ? m[1] : 'own code (src/)';
    byPackage[pkg] = (byPackage[pkg] ?? 0) + bytes;
  }
  return { modules: inputs.sort((a, b) => b.bytes - a.bytes), packages: Object.entries(byPackage).sort((a, b) => b[1] - a[1]) };
}

/**
 * The VSIX to measure: the one the host tier packed (.test-artifacts/) or
 * `npm run package` left in the checkout, when built after the last change
 * to what goes into it; else packed once now, where the host tier packs.
 */
function findVsix(root, artifacts, log) {
  const inputs = ['src', 'media', 'syntaxes', 'l10n', 'sample']
    .flatMap((d) => (existsSync(join(root, d)) ? readdirSync(join(root, d), { recursive: true }).map((f) => join(root, d, String(f))) : []))
    .concat(['package.json', 'package.nls.json', 'esbuild.mjs', 'README.md', '.vscodeignore'].map((f) => join(root, f)))
    .filter((f) => existsSync(f) && statSync(f).isFile());
  const newestInput = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
  const out = join(artifacts, 'azureml-deployment-debugger.vsix');
  const found = [out, ...readdirSync(root).filter((f) => f.endsWith('.vsix')).map((f) => join(root, f))]
    .filter((f) => existsSync(f) && statSync(f).mtimeMs > newestInput)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (found) return { file: found, how: `reused, packed ${new Date(statSync(found).mtimeMs).toISOString()}` };
  mkdirSync(artifacts, { recursive: true });
  const development = existsSync(join(root, 'dist', 'extension.js.map'));
  log('packing the VSIX once (npm run package, under a minute)');
  const started = Date.now();
  const p = spawnSync(process.execPath, ['scripts/package.mjs', '--out', out], { cwd: root, encoding: 'utf8' });
  // Packing leaves the production bundles in dist/: a development build there is put back.
  if (development) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
  if (p.status !== 0) throw new Error(`npm run package failed:\n${p.stdout}${p.stderr}`);
  return { file: out, how: `packed now in ${((Date.now() - started) / 1000).toFixed(0)} s` };
}

/** Returns [label, value] rows; see scripts/bench.mjs for the contract. */
export default async function run({ root, artifacts, log }) {
  const { bundleOptions } = await import(pathToFileURL(join(root, 'esbuild.mjs')).href);
  const esbuild = createRequire(join(root, 'package.json'))('esbuild');
  const scratch = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    const builds = {};
    for (const mode of ['production', 'development']) {
      // Laid out as installed: the manifest beside dist/. To tell a file's
      // module type Node reads the nearest package.json, so where the bundles
      // lie is part of what requiring them costs (esbuild.mjs's packageScope).
      const dir = join(scratch, mode, 'dist');
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(root, 'package.json'), join(scratch, mode, 'package.json'));
      const result = await esbuild.build({ ...bundleOptions({ production: mode === 'production', outdir: dir }), logLevel: 'error' });
      builds[mode] = { dir, meta: result.metafile };
    }
    const empty = join(scratch, 'empty.js');
    writeFileSync(empty, '');
    // The production bundle as it would lie without dist/package.json: Node reads the manifest.
    const unscoped = join(scratch, 'unscoped', 'dist', 'extension.js');
    mkdirSync(dirname(unscoped), { recursive: true });
    copyFileSync(join(builds.production.dir, 'extension.js'), unscoped);
    copyFileSync(join(root, 'package.json'), join(scratch, 'unscoped', 'package.json'));
    vscodeApiNames(root);
    return [...measure(builds, empty, unscoped), ...(await others(root, artifacts, log))];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The bundles' rows. */
function measure(builds, empty, unscoped) {
  const rows = [];
  const { production: prod, development: dev } = builds;
  const file = (build, name) => join(build.dir, `${name}.js`);
  const size = (build, name) => statSync(file(build, name)).size;
  const goal = (bytes) => `goal <= ${kb(GOAL_BYTES)}: ${bytes <= GOAL_BYTES ? 'met' : 'NOT met'}`;

  // The activation bundle: its size and what is in it (modules in development bytes, near their source's).
  rows.push(['dist/extension.js (activation), production', `${kb(size(prod, 'extension'))} (${size(prod, 'extension')} bytes; ${goal(size(prod, 'extension'))})`]);
  rows.push(['dist/extension.js (activation), development', `${kb(size(dev, 'extension'))} (${size(dev, 'extension')} bytes; ${goal(size(dev, 'extension'))})`]);
  const { modules, packages } = contents(dev.meta, keyOf(dev.meta, 'extension'));
  rows.push(['  by package (development)', packages.map(([p, b]) => `${p} ${kb(b)}`).join(', ')]);
  for (const [pkg] of packages.filter(([p]) => !p.startsWith('own code'))) rows.push([`  why ${pkg} is in it`, whyIn(dev.meta, keyOf(dev.meta, 'extension'), pkg)]);
  rows.push([`  its ${modules.length} modules, top 15 by bytes`, modules.slice(0, 15).map((m) => `${m.file} ${kb(m.bytes)}`).join(', ')]);

  // Its require time against an empty file's, interleaved so a busy machine slows all alike.
  const samples = Number(process.env.BENCH_SAMPLES ?? 15);
  const builtins = builtinsOf(dev.meta, keyOf(dev.meta, 'extension'));
  const times = { prod: [], dev: [], empty: [], unscoped: [] };
  for (let i = 0; i < samples; i++) {
    times.prod.push(timeRequire(file(prod, 'extension'), builtins));
    times.dev.push(timeRequire(file(dev, 'extension'), builtins));
    times.empty.push(timeRequire(empty, builtins));
    times.unscoped.push(timeRequire(unscoped, builtins));
  }
  const [p, d, b, u] = [medians(times.prod), medians(times.dev), medians(times.empty), medians(times.unscoped)];
  const met = (t) => `goal <= ${GOAL_MS} ms of CPU: ${t.cpu <= GOAL_MS ? 'met' : 'NOT met'}`;
  rows.push(['require dist/extension.js, production', `${both(p)} (medians of ${samples} cold processes; ${met(p)})`]);
  rows.push(['require dist/extension.js, development', `${both(d)} (${met(d)})`]);
  rows.push(['require an empty file (baseline)', `${both(b)} (the same way, interleaved)`]);
  rows.push(['  the same without dist/package.json', `${both(u)}: Node parses the 40 KB manifest to learn the bundle's module type (${(u.cpu / p.cpu).toFixed(2)}x)`]);
  rows.push(['activation bundle over the baseline', `production +${ms(p.cpu - b.cpu)} CPU (${(p.cpu / b.cpu).toFixed(1)}x), development +${ms(d.cpu - b.cpu)} CPU (${(d.cpu / b.cpu).toFixed(1)}x)`]);

  // Each lazily required bundle (production): what its feature's first use costs.
  const lazy = Object.keys(prod.meta.outputs).map((o) => basename(o, '.js')).filter((n) => !n.endsWith('.map') && n !== 'extension' && n !== 'debugAdapter' && !n.endsWith('.js.map'));
  for (const name of lazy.filter((n) => existsSync(file(prod, n)))) {
    const t = medians(Array.from({ length: Math.max(3, Math.floor(samples / 3)) }, () => timeRequire(file(prod, name), builtinsOf(prod.meta, keyOf(prod.meta, name)))));
    const top = contents(dev.meta, keyOf(dev.meta, name)).packages.slice(0, 3).map(([pkg, n]) => `${pkg} ${kb(n)}`).join(', ');
    rows.push([`dist/${name}.js (on first use), production`, `${kb(size(prod, name))}, require ${both(t)} (largest, development: ${top})`]);
  }

  // The debug adapter: a process of its own, holding only what a session needs.
  const { packages: ap, modules: am } = contents(dev.meta, keyOf(dev.meta, 'debugAdapter'));
  const extensionSide = am.map((m) => m.file).filter((f) => f.startsWith('src/') && !/^src\/(core|debug\/adapter|docker\/client)\/|^src\/(debug\/standaloneAdapter|docker\/engineAddress|platform\/localize|platform\/findingWording)\.ts$/.test(f));
  rows.push(['dist/debugAdapter.js', `production ${kb(size(prod, 'debugAdapter'))}, development ${kb(size(dev, 'debugAdapter'))} (largest: ${ap.slice(0, 6).map(([pkg, n]) => `${pkg} ${kb(n)}`).join(', ')}; yaml ${ap.some(([pkg]) => pkg === 'yaml') ? 'in it' : 'not in it'}; extension-side modules: ${extensionSide.length ? extensionSide.join(', ') : 'none'})`]);
  return rows;
}

/** The VSIX's row. */
async function others(root, artifacts, log) {
  const vsix = findVsix(root, artifacts, log);
  return [['size of the VSIX', `${(statSync(vsix.file).size / 1e6).toFixed(2)} MB (${relative(root, vsix.file).startsWith('..') ? vsix.file : relative(root, vsix.file)}; ${vsix.how})`]];
}
