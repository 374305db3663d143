// `npm run package`: the VSIX users install. Builds the production bundles
// (esbuild --production: minified, no source maps), proves they load without
// node_modules, writes ThirdPartyNotices.txt (scripts/notices.mjs) from the
// packages esbuild put in them and the carried debugpy, and packs with
// @vscode/vsce what .vscodeignore lets through.
// Prints the VSIX's path and size; `--out FILE` chooses where it goes.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensureDeps.mjs';
import { writeNotices } from './notices.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const vsix = resolve(outArg >= 0 ? process.argv[outArg + 1] : join(repo, `${manifest.name}-${manifest.version}.vsix`));
const vsce = join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', ...opts });
  if (r.status !== 0) fail(`${[cmd, ...args].join(' ')} exited ${r.status ?? r.signal}\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return r.stdout ?? '';
}

// Imports esbuild leaves out of the bundles on purpose: the host's API, and
// optional native parts their packages load inside try/catch (dockerode works
// over the socket without ssh2's binding or cpu-features; ws without its
// native helpers). Anything else left external would be missing once installed.
const optionalExternals = new Set(['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node', 'bufferutil', 'utf-8-validate']);
const builtins = new Set(builtinModules);

function checkExternals(meta) {
  const bad = [];
  for (const [out, info] of Object.entries(meta.outputs)) {
    for (const imp of info.imports ?? []) {
      if (!imp.external) continue;
      // A node: import is a built-in even when this Node lacks it (undici's
      // cache store loads node:sqlite only when used).
      if (!optionalExternals.has(imp.path) && !builtins.has(imp.path) && !imp.path.startsWith('node:')) bad.push(`${out} -> ${imp.path}`);
    }
  }
  if (bad.length) fail(`the bundles import modules that are not in the VSIX:\n  ${bad.join('\n  ')}`);
}

// The bundles are required from a copy of dist/ with no node_modules above it,
// as the installed extension is. extension.js needs the host's `vscode`, so it
// is left to the installed-extension smoke suite (test/vscode/installed/).
function checkLoadsAlone() {
  const scratch = mkdtempSync(join(tmpdir(), 'azureml-debug-vsix-load-'));
  try {
    cpSync(join(repo, 'dist'), join(scratch, 'dist'), { recursive: true });
    for (const bundle of ['docker.js', 'kubernetes.js', 'yaml.js']) {
      run(process.execPath, ['-e', `require(${JSON.stringify(join(scratch, 'dist', bundle))})`], { cwd: scratch });
    }
    // The adapter's entry speaks DAP on stdin: with stdin at end of file it
    // loads, finds no session to run and exits.
    run(process.execPath, [join(scratch, 'dist', 'debugAdapter.js')], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000 });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function kb(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

const started = Date.now();
ensureDeps(repo);
if (!existsSync(vsce)) fail('@vscode/vsce is not installed (npm ci)');
if (!existsSync(join(repo, 'LICENSE'))) fail('LICENSE is missing');
run(process.execPath, ['esbuild.mjs', '--production'], { stdio: ['ignore', 'inherit', 'inherit'] });
const meta = JSON.parse(readFileSync(join(repo, 'dist', 'meta.json'), 'utf8'));
checkExternals(meta);
checkLoadsAlone();
let notices;
try {
  notices = writeNotices(repo);
} catch (e) {
  fail(e.message);
}

// What .vscodeignore lets through, checked before packing: the extension as
// installed holds no sources, tests, maps or node_modules.
const files = run(process.execPath, [vsce, 'ls', '--no-dependencies']).split('\n').filter(Boolean);
// The README's pictures stay out: the marketplace reads them from the repository.
const forbidden = files.filter((f) => /^(src|test|out|scripts|node_modules|media\/readme)\/|(^|\/)node_modules\/|\.map$|\.ts$|^dist\/meta\.json$|__pycache__|\.pyc$/.test(f));
if (forbidden.length) fail(`.vscodeignore lets through files the VSIX must not hold:\n  ${forbidden.join('\n  ')}`);
// Every bundle esbuild wrote (the lazily required ones included: a missing one fails on first use only).
const bundles = Object.keys(meta.outputs).filter((f) => f.endsWith('.js'));
for (const needed of ['LICENSE', 'ThirdPartyNotices.txt', 'CHANGELOG.md', manifest.icon, ...bundles, 'dist/python/debugpy/__init__.py', 'dist/python/LICENSE.debugpy.txt', 'dist/python/LICENSE.pydevd.txt', 'dist/python/VERSION',
  // The four languages of issue 19: the manifest's and the runtime's words.
  ...['ja', 'zh-cn', 'pt-br', 'sv'].flatMap((lang) => [`package.nls.${lang}.json`, `l10n/bundle.l10n.${lang}.json`]), 'l10n/bundle.l10n.json',
  // The walkthrough's pictures.
  ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((step) => step.media.image))]) {
  if (!files.includes(needed)) fail(`${needed} is not in the VSIX`);
}
rmSync(vsix, { force: true });
mkdirSync(dirname(vsix), { recursive: true });
// --no-dependencies: the bundles carry every package they use (checked above).
// A warning fails the step: the marketplace shows what vsce warns about (no
// repository, no LICENSE, an unbundled extension), and a question it asks
// with no one to answer (stdin is closed) aborts the pack anyway.
const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const vsceWarnings = `${packed.stdout}\n${packed.stderr}`.split('\n').filter((l) => /WARNING|::warning/.test(l));
if (packed.status !== 0 || vsceWarnings.length) fail(`vsce package ${packed.status !== 0 ? `exited ${packed.status ?? packed.signal}` : 'warned'}:\n${packed.stderr}${packed.stdout}`);

const byFolder = new Map();
for (const f of files) {
  const top = f.includes('/') ? `${f.split('/')[0]}/` : f;
  const entry = byFolder.get(top) ?? { files: 0, bytes: 0 };
  entry.files++;
  entry.bytes += statSync(join(repo, f)).size;
  byFolder.set(top, entry);
}
console.log(`VSIX ${relative(process.cwd(), vsix) || vsix}: ${kb(statSync(vsix).size)} (${files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
for (const [top, e] of [...byFolder].sort((a, b) => b[1].bytes - a[1].bytes)) {
  console.log(`  ${top.padEnd(26)} ${String(e.files).padStart(3)} file${e.files === 1 ? ' ' : 's'} ${kb(e.bytes).padStart(10)} uncompressed`);
}
const templated = notices.filter((e) => e.ownFile === false);
console.log(`  third-party notices: ${notices.length} packages${templated.length ? ` (no license file of their own, their declared license's text used: ${templated.map((e) => e.name).join(', ')})` : ''}`);
