// `npm run package`: the VSIX users install. Builds the production bundles
// (esbuild --production: minified, no source maps), proves they load without
// node_modules, writes THIRD_PARTY_NOTICES.txt from the packages esbuild put
// in them, and packs with @vscode/vsce what .vscodeignore lets through.
// Prints the VSIX's path and size; `--out FILE` chooses where it goes.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensureDeps.mjs';

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
    for (const bundle of ['docker.js', 'kubernetes.js']) {
      run(process.execPath, ['-e', `require(${JSON.stringify(join(scratch, 'dist', bundle))})`], { cwd: scratch });
    }
    // The adapter's entry speaks DAP on stdin: with stdin at end of file it
    // loads, finds no session to run and exits.
    run(process.execPath, [join(scratch, 'dist', 'debugAdapter.js')], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000 });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `node_modules/a/node_modules/@s/b/lib/x.js` -> `node_modules/a/node_modules/@s/b`. */
function packageDir(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m?.[1];
}

function licenseText(dir) {
  const file = readdirSync(dir).find((f) => /^(un)?(licen[cs]e|copying)(\.|-|$)/i.test(f));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

// The texts of the licenses found without a file of their own in the bundled
// packages, with the holder their package.json names.
const templates = {
  MIT: (holder) => `Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`,
  ISC: (holder) => `Copyright (c) ${holder}

Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted, provided that the above copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.`,
};

function holderOf(pkg) {
  const a = pkg.author;
  return (typeof a === 'string' ? a : a?.name) ?? `the ${pkg.name} authors`;
}

// Generated from what esbuild bundled (dist/meta.json), never by hand: a
// package added to or dropped from a bundle changes the notices with it.
function writeNotices(meta) {
  const dirs = new Set();
  for (const input of Object.keys(meta.inputs)) {
    const dir = packageDir(input);
    if (dir) dirs.add(dir);
  }
  const entries = [...dirs].map((dir) => {
    const pkg = JSON.parse(readFileSync(join(repo, dir, 'package.json'), 'utf8'));
    // Older packages (ssh2) still use the deprecated `licenses` array.
    const declared = pkg.license ?? pkg.licenses?.map((l) => l.type ?? l).join(' OR ');
    const license = typeof declared === 'string' && declared ? declared : declared?.type ?? 'UNKNOWN';
    const own = licenseText(join(repo, dir));
    const text = own ?? (templates[license] && `(The package ships no license file; the text of its declared ${license} license, with the author its package.json names.)\n\n${templates[license](holderOf(pkg))}`);
    return { name: pkg.name, version: pkg.version, license, text, ownFile: Boolean(own) };
  });
  const unique = new Map(entries.map((e) => [`${e.name}@${e.version}`, e]));
  const sorted = [...unique.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const missing = sorted.filter((e) => !e.ownFile);
  const untexted = sorted.filter((e) => !e.text);
  if (untexted.length) fail(`no license text for ${untexted.map((e) => `${e.name} (${e.license})`).join(', ')}: add its license's text to the templates in scripts/package.mjs`);
  if (sorted.some((e) => e.license === 'UNKNOWN')) fail(`packages without a declared license: ${sorted.filter((e) => e.license === 'UNKNOWN').map((e) => e.name).join(', ')}`);
  // dist/python: the debugpy copied into debug containers whose image has none.
  const python = join(repo, 'dist', 'python');
  sorted.push({
    name: 'debugpy (Python, in dist/python)',
    version: readFileSync(join(python, 'VERSION'), 'utf8').trim(),
    license: 'MIT',
    text: `Debian's python3-debugpy; its copyright file, which covers debugpy and the pydevd it vendors:\n\n${readFileSync(join(python, 'LICENSE.debugpy.txt'), 'utf8').trim()}`,
  });
  const body = [
    `${manifest.displayName} ${manifest.version} bundles the following third-party packages in dist/.`,
    'This file is generated by scripts/package.mjs from the bundles\' esbuild metafile and dist/python.',
    '',
    ...sorted.flatMap((e) => [
      '='.repeat(78),
      `${e.name} ${e.version} (${e.license})`,
      '='.repeat(78),
      e.text,
      '',
    ]),
  ].join('\n');
  writeFileSync(join(repo, 'THIRD_PARTY_NOTICES.txt'), body);
  return { count: sorted.length, missing };
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
const notices = writeNotices(meta);

// What .vscodeignore lets through, checked before packing: the extension as
// installed holds no sources, tests, maps or node_modules.
const files = run(process.execPath, [vsce, 'ls', '--no-dependencies']).split('\n').filter(Boolean);
const forbidden = files.filter((f) => /^(src|test|out|scripts|node_modules)\/|(^|\/)node_modules\/|\.map$|\.ts$|^dist\/meta\.json$|__pycache__|\.pyc$/.test(f));
if (forbidden.length) fail(`.vscodeignore lets through files the VSIX must not hold:\n  ${forbidden.join('\n  ')}`);
for (const needed of ['LICENSE', 'THIRD_PARTY_NOTICES.txt', 'dist/extension.js', 'dist/docker.js', 'dist/kubernetes.js', 'dist/debugAdapter.js', 'dist/webview/logPanel.js', 'dist/python/debugpy/__init__.py', 'dist/python/LICENSE.debugpy.txt', 'dist/python/VERSION',
  // The four languages of issue 19: the manifest's and the runtime's words.
  ...['ja', 'zh-cn', 'pt-br', 'sv'].flatMap((lang) => [`package.nls.${lang}.json`, `l10n/bundle.l10n.${lang}.json`]), 'l10n/bundle.l10n.json']) {
  if (!files.includes(needed)) fail(`${needed} is not in the VSIX`);
}
rmSync(vsix, { force: true });
// --no-dependencies: the bundles carry every package they use (checked above).
run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { stdio: ['ignore', 'pipe', 'inherit'] });

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
console.log(`  third-party notices: ${notices.count} bundled packages${notices.missing.length ? ` (no license file of their own, their declared license's text used: ${notices.missing.map((e) => e.name).join(', ')})` : ''}`);
