// `npm test`: builds, lints, then runs the tiers (unit, integration on a
// real Docker engine, suites inside a real VS Code extension host), installing
// and starting what each needs first; the outage tier (dockerd restarted) runs
// last. Prints a closing "N passed, N failed".
// `node scripts/test.mjs unit|integration|host|outage` runs one tier.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensureDeps.mjs';

const only = process.argv[2];
// The outage tier stops and restarts dockerd: it runs last, so no other test
// runs against a daemon restarted under live containers.
const tiers = only ? [only] : ['unit', 'integration', 'host', 'outage'];
const results = [];

function step(name, cmd, args, opts = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function must(name, cmd, args) {
  if (!step(name, cmd, args)) {
    console.error(`\n${name} failed: the tests cannot run. See the output above for the missing piece.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

ensureDeps(join(dirname(fileURLToPath(import.meta.url)), '..'));
const scratch = mkdtempSync(join(tmpdir(), 'azureml-debug-test-'));
// The host tier also installs the VSIX users get. Packed first: it leaves the
// production bundles in dist/, which the development build below replaces
// (the other suites run the extension in development mode, with source maps).
// In .test-artifacts/, where `npm run bench` finds it for the VSIX's size.
const vsix = join(dirname(fileURLToPath(import.meta.url)), '..', '.test-artifacts', 'azureml-deployment-debugger.vsix');
if (tiers.includes('host')) must('package: the VSIX (npm run package)', 'node', ['scripts/package.mjs', '--out', vsix]);
must('build (esbuild)', 'node', ['esbuild.mjs']);
// tsc never deletes: a suite removed from test/ would otherwise still run from out/.
rmSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'out'), { recursive: true, force: true });
must('compile (tsc)', 'npx', ['tsc', '-p', '.', '--outDir', 'out']);
if (!only) must('lint (eslint --max-warnings 0)', 'npx', ['eslint', '--max-warnings', '0', 'src', 'test']);

for (const tier of tiers) {
  const file = join(scratch, `${tier}.json`);
  if (tier === 'integration' || tier === 'outage') must('setup: Docker engine and sample image', 'bash', ['scripts/setup/image.sh']);
  // The image-pull tests run their own registry (docker-registry + htpasswd).
  if (tier === 'integration') must('setup: a local container registry', 'bash', ['scripts/setup/registry.sh']);
  // The ssh:// engine tests run their own sshd on a loopback port.
  if (tier === 'integration') must('setup: an OpenSSH server', 'bash', ['scripts/setup/sshd.sh']);
  if (tier === 'host') {
    must('setup: Docker engine and sample image', 'bash', ['scripts/setup/image.sh']);
    must('setup: code-server and Chromium', 'bash', ['scripts/setup/codeserver.sh']);
    must('setup: a local container registry', 'bash', ['scripts/setup/registry.sh']);
    step('tier: extension host (code-server)', 'node', ['out/test/vscode/runner/runInCodeServer.js', '--results', file, '--vsix', vsix]);
  } else {
    step(`tier: ${tier}`, 'node', ['scripts/mochaTier.mjs', tier, file]);
  }
  let r = { passed: 0, failed: 1, missing: true };
  if (existsSync(file)) r = JSON.parse(readFileSync(file, 'utf8'));
  if (r.passed + r.failed === 0) r = { ...r, failed: 1, empty: true };
  results.push({ tier, ...r });
}

console.log('\n=== summary');
for (const r of results) {
  const why = r.missing ? ' (the tier wrote no results: it crashed)' : r.empty ? ' (the tier ran no test)' : '';
  console.log(`${r.tier.padEnd(12)} ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} pending` : ''}${why}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
