// ThirdPartyNotices.txt covers what the VSIX really carries: every npm package
// esbuild read into the bundles (the build's dist/meta.json), and the debugpy
// and pydevd in dist/python. Run on the notices scripts/notices.mjs writes, as
// `npm run package` does, so a new dependency cannot ship without its notice.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const script = path.join(root, 'scripts', 'notices.mjs');

function runNotices(args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 20000 });
}

/** name@version of each package a bundle input lies in, read apart from the script. */
function bundledPackages(meta: { inputs: Record<string, unknown> }): Set<string> {
  const ids = new Set<string>();
  for (const input of Object.keys(meta.inputs)) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const rest = input.slice(at + 'node_modules/'.length).split('/');
    const dir = input.slice(0, at) + 'node_modules/' + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    ids.add(`${pkg.name} ${pkg.version}`);
  }
  return ids;
}

/** Entry heading (the line between two rules) -> its text. */
function entries(notices: string): Map<string, string> {
  const parts = notices.split(/^={78}\n(.+)\n={78}\n/m);
  const out = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i], parts[i + 1].trim());
  return out;
}

describe('third-party notices (scripts/notices.mjs)', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'azureml-debug-notices-'));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('has an entry with license text for every package in the bundles\' inputs, and for the carried debugpy and its pydevd', () => {
    const metaFile = path.join(root, 'dist', 'meta.json');
    assert.ok(fs.existsSync(metaFile), `${metaFile} is missing: build first (node esbuild.mjs; npm test does)`);
    const out = path.join(scratch, 'ThirdPartyNotices.txt');
    const r = runNotices(['--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const found = entries(fs.readFileSync(out, 'utf8'));
    const headings = [...found.keys()];
    const packages = bundledPackages(JSON.parse(fs.readFileSync(metaFile, 'utf8')));
    // dockerode and @kubernetes/client-node pull in dozens; a metafile read wrong would find none.
    assert.ok(packages.size > 40, `only ${packages.size} bundled packages found`);
    for (const id of packages) {
      const heading = headings.find((h) => h.startsWith(`${id} (`));
      assert.ok(heading, `ThirdPartyNotices.txt has no entry for ${id}, which a bundle includes`);
      assert.ok(found.get(heading)!.length > 100, `the entry for ${id} quotes no license`);
    }
    const python = headings.filter((h) => /^(debugpy|pydevd) \(Python/.test(h));
    assert.equal(python.length, 2, headings.join('\n'));
    assert.match(found.get(python.find((h) => h.startsWith('debugpy'))!)!, /Permission is hereby granted/);
    assert.match(found.get(python.find((h) => h.startsWith('pydevd'))!)!, /Eclipse Public License - v 1\.0/);
  });

  it('fails, naming it, for a bundled package whose license it cannot quote', () => {
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
      fs.writeFileSync(path.join(scratch, file), text);
    };
    write('package.json', JSON.stringify({ displayName: 'x', version: '1.0.0' }));
    write('dist/meta.json', JSON.stringify({ inputs: { 'node_modules/quiet-dep/index.js': {}, 'node_modules/@s/told/index.js': {}, 'src/extension.ts': {} }, outputs: {} }));
    write('node_modules/quiet-dep/package.json', JSON.stringify({ name: 'quiet-dep', version: '2.0.0', license: 'WTFPL' }));
    write('node_modules/@s/told/package.json', JSON.stringify({ name: '@s/told', version: '1.0.0', license: 'MIT' }));
    write('node_modules/@s/told/LICENSE', 'MIT License\n\nCopyright (c) s');
    for (const f of ['VERSION', 'LICENSE.debugpy.txt', 'VERSION.pydevd', 'LICENSE.pydevd.txt']) write(`dist/python/${f}`, 'x');
    const r = runNotices(['--root', scratch]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /quiet-dep 2\.0\.0 .* declares WTFPL/);
    assert.doesNotMatch(r.stderr, /@s\/told/);
    assert.ok(!fs.existsSync(path.join(scratch, 'ThirdPartyNotices.txt')), 'incomplete notices were written');
  });
});
