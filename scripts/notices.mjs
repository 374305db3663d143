// ThirdPartyNotices.txt: the licenses of everything third-party the VSIX
// carries, generated, never written by hand. The npm packages are those
// esbuild put into the bundles (dist/meta.json, the metafile of every dist/*.js),
// each with the license files found in its own folder; the Python is the
// debugpy in dist/python with the pydevd built into it (scripts/setup/debugpy.sh).
// `npm run package` runs it; `node scripts/notices.mjs [--root DIR] [--out FILE]`
// alone needs a build (node esbuild.mjs) first. Fails, naming the package, when
// a bundled package has no license it can quote.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the npm package an esbuild input belongs to, or undefined for
 * our own sources: `../main/node_modules/a/node_modules/@s/b/lib/x.js` ->
 * `../main/node_modules/a/node_modules/@s/b` (a worktree's linked node_modules
 * shows as its real path).
 */
export function packageDir(input) {
  return /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
}

// A package's license: LICENSE, LICENCE.md, LICENSE-MIT, COPYING, UNLICENSE...
const licenseFile = /^(un)?(licen[cs]e|copying)(\.|-|$)/i;
// ...and what Apache-2.0 section 4(d) asks to pass on: NOTICE, ThirdPartyNotices.
const noticeFile = /^(notice|third-?party-?notices)(\.|$)/i;

function filesIn(dir, pattern) {
  return readdirSync(dir).filter((f) => pattern.test(f) && statSync(join(dir, f)).isFile()).sort().map((f) => readFileSync(join(dir, f), 'utf8').trim()).filter(Boolean);
}

// The texts of the licenses bundled packages declare without shipping a file,
// with the holder their package.json names.
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

function declaredLicense(pkg) {
  // Older packages (ssh2) still use the deprecated `licenses` array.
  const declared = pkg.license ?? pkg.licenses?.map((l) => l.type ?? l).join(' OR ');
  return (typeof declared === 'string' ? declared : declared?.type) || undefined;
}

/** One notice per package folder esbuild read, deduplicated by name@version. */
function npmNotices(root, meta, problems) {
  const dirs = new Set(Object.keys(meta.inputs).map(packageDir).filter(Boolean));
  const byId = new Map();
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const license = declaredLicense(pkg);
    const own = filesIn(join(root, dir), licenseFile);
    const notices = filesIn(join(root, dir), noticeFile);
    let text = own.join('\n\n');
    if (!own.length && license && templates[license]) {
      text = `(The package ships no license file: the text of its declared ${license} license, with the author its package.json names.)\n\n${templates[license](holderOf(pkg))}`;
    }
    if (!license) problems.push(`${pkg.name} ${pkg.version} (${dir}) declares no license`);
    else if (!text) problems.push(`${pkg.name} ${pkg.version} (${dir}) ships no license file and declares ${license}, which scripts/notices.mjs has no text for: add it to its templates`);
    if (notices.length) text = [text, ...notices].join('\n\n');
    byId.set(`${pkg.name}@${pkg.version}`, { name: pkg.name, version: pkg.version, license: license ?? 'UNKNOWN', text, ownFile: own.length > 0 });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** debugpy and the pydevd Debian built into it, as scripts/setup/debugpy.sh left them in dist/python. */
function pythonNotices(root, problems) {
  const python = join(root, 'dist', 'python');
  const read = (f) => (existsSync(join(python, f)) ? readFileSync(join(python, f), 'utf8').trim() : undefined);
  const [debugpyVersion, debugpyCopyright, pydevdVersion, pydevdCopyright] = ['VERSION', 'LICENSE.debugpy.txt', 'VERSION.pydevd', 'LICENSE.pydevd.txt'].map(read);
  if (!debugpyVersion || !debugpyCopyright || !pydevdVersion || !pydevdCopyright) {
    problems.push('dist/python lacks VERSION, LICENSE.debugpy.txt, VERSION.pydevd or LICENSE.pydevd.txt: run scripts/setup/debugpy.sh (node esbuild.mjs does)');
    return [];
  }
  return [
    {
      name: 'debugpy (Python, dist/python/debugpy)',
      version: debugpyVersion,
      license: 'MIT',
      text: `Debian's python3-debugpy ${debugpyVersion}, source https://sources.debian.org/src/debugpy/${debugpyVersion}/ (upstream https://github.com/microsoft/debugpy). Its Debian copyright file, which covers debugpy but not the pydevd in debugpy/_vendored/pydevd (next entry):\n\n${debugpyCopyright}`,
    },
    {
      name: 'pydevd (Python, dist/python/debugpy/_vendored/pydevd)',
      version: pydevdVersion,
      license: 'EPL-1.0, with Apache-2.0, BSD-3-Clause and MIT parts',
      text: `The pydevd Debian builds into python3-debugpy (its Built-Using: pydevd ${pydevdVersion}), including its compiled speed-ups (*.so). Source code: https://sources.debian.org/src/pydevd/${pydevdVersion}/ (upstream https://github.com/fabioz/PyDev.Debugger). The copyright file of Debian's python3-pydevd:\n\n${pydevdCopyright}`,
    },
  ];
}

/**
 * Every third-party notice the VSIX needs: `root` is the repository (package.json,
 * node_modules as esbuild saw them, dist/), `meta` the bundles' esbuild metafile.
 * `problems` lists what keeps the notices from being complete.
 */
export function collectNotices(root, meta) {
  const problems = [];
  const entries = [...npmNotices(root, meta, problems), ...pythonNotices(root, problems)];
  return { entries, problems };
}

/** The header line of an entry, which the unit test looks for. */
export function noticeHeading(entry) {
  return `${entry.name} ${entry.version} (${entry.license})`;
}

export function renderNotices(manifest, entries) {
  return [
    `${manifest.displayName} ${manifest.version}: third-party software notices.`,
    '',
    'The extension bundles the npm packages below into dist/*.js and carries the Python',
    'packages below in dist/python. Each is licensed to you under its own terms, quoted here.',
    'Generated by scripts/notices.mjs from the bundles\' esbuild metafile and dist/python.',
    '',
    ...entries.flatMap((e) => ['='.repeat(78), noticeHeading(e), '='.repeat(78), e.text, '']),
  ].join('\n');
}

/** Writes `out` (ThirdPartyNotices.txt); throws naming every package it could not give a notice. */
export function writeNotices(root, out = join(root, 'ThirdPartyNotices.txt')) {
  const metaFile = join(root, 'dist', 'meta.json');
  if (!existsSync(metaFile)) throw new Error(`${metaFile} is missing: build first (node esbuild.mjs)`);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { entries, problems } = collectNotices(root, JSON.parse(readFileSync(metaFile, 'utf8')));
  if (problems.length) throw new Error(`no complete third-party notices:\n  ${problems.join('\n  ')}`);
  writeFileSync(out, renderNotices(manifest, entries));
  return entries;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? resolve(process.argv[i + 1]) : undefined;
  };
  const root = arg('--root') ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const entries = writeNotices(root, arg('--out'));
    console.log(`notices: ${entries.length} third-party packages`);
  } catch (e) {
    console.error(`notices: ${e.message}`);
    process.exit(1);
  }
}
