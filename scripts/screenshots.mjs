// `npm run screenshots`: refreshes the pictures the walkthrough and the README
// show, from the real editor. Builds, runs the extension-host suite that walks
// the walkthrough (test/vscode/suite/walkthrough.test.ts, picked with
// AZUREML_DEBUG_TEST_GREP) in code-server on the real Docker engine, and
// copies the screenshots it saved in .test-artifacts/ into media/walkthrough/
// (carried by the VSIX) and media/readme/ (linked from README.md). Fails, and
// copies nothing, when a test fails or a picture is missing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensureDeps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = join(root, '.test-artifacts');
/** The suite's title (a regular expression for mocha's grep). */
const SUITE = '^walkthrough "Get started';

/** Screenshot (.test-artifacts/<name>.png) -> where it is committed. */
const PICTURES = {
  'walkthrough-open-folder': ['media/walkthrough/open-folder.png'],
  'walkthrough-services': ['media/walkthrough/services.png', 'media/readme/services-view.png'],
  'walkthrough-deploy-locally': ['media/walkthrough/deploy-locally.png', 'media/readme/local-deployment.png'],
  'walkthrough-debug-init': ['media/walkthrough/debug-init.png', 'media/readme/debug-init.png'],
  'walkthrough-debug-run': ['media/walkthrough/debug-run.png', 'media/readme/debug-run.png'],
  'walkthrough-crash-fix': ['media/walkthrough/crash-fix.png', 'media/readme/crash-quick-fix.png'],
  'walkthrough-attach-config': ['media/walkthrough/attach-config.png'],
  'walkthrough-complete': ['media/readme/walkthrough.png'],
};

function must(name, cmd, args, opts = {}) {
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`${name} failed (exit ${r.status ?? r.signal}): no picture was copied.`);
    process.exit(1);
  }
}

ensureDeps(root);
must('build (esbuild)', 'node', ['esbuild.mjs']);
must('compile (tsc)', 'npx', ['tsc', '-p', '.', '--outDir', 'out']);
must('setup: Docker engine and sample image', 'bash', ['scripts/setup/image.sh']);
must('setup: code-server and Chromium', 'bash', ['scripts/setup/codeserver.sh']);
// Last run's pictures must not pass for this run's.
mkdirSync(artifacts, { recursive: true });
for (const f of readdirSync(artifacts).filter((n) => n.startsWith('walkthrough-') && n.endsWith('.png'))) rmSync(join(artifacts, f));
const results = join(mkdtempSync(join(tmpdir(), 'azureml-debug-screenshots-')), 'results.json');
must('the walkthrough suite in code-server', 'node', ['out/test/vscode/runner/runInCodeServer.js', '--results', results, '--no-demo'], {
  env: { ...process.env, AZUREML_DEBUG_TEST_GREP: SUITE },
});
const ran = JSON.parse(readFileSync(results, 'utf8'));
if (ran.failed > 0 || !ran.tests.some((t) => t.title.includes('walkthrough'))) {
  console.error('the walkthrough suite did not pass: no picture was copied.');
  process.exit(1);
}
const missing = Object.keys(PICTURES).filter((name) => !existsSync(join(artifacts, `${name}.png`)));
if (missing.length) {
  console.error(`the suite saved no ${missing.join(', ')}: no picture was copied.`);
  process.exit(1);
}
for (const [name, targets] of Object.entries(PICTURES)) {
  for (const target of targets) {
    mkdirSync(dirname(join(root, target)), { recursive: true });
    copyFileSync(join(artifacts, `${name}.png`), join(root, target));
    console.log(`${target} <- .test-artifacts/${name}.png`);
  }
}
