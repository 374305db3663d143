// `npm run demo`: builds the extension and starts it on the bundled sample.
// With `code` on PATH it opens VS Code with the extension in development mode;
// otherwise it starts code-server on 127.0.0.1 (PORT, default 8080, or the next
// free port), prints the address, and runs until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensureDeps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sample = join(root, 'sample');

function must(what, cmd, args) {
  console.log(`[demo] ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`[demo] FAILED: ${what} (exit ${r.status ?? r.signal}); see the output above`);
    process.exit(1);
  }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
}

ensureDeps(root);
must('building the extension (node esbuild.mjs)', process.execPath, ['esbuild.mjs']);
must('making sure Docker runs and the sample image exists (scripts/setup/image.sh)', 'bash', ['scripts/setup/image.sh']);

if (onPath('code') && !process.env.AZUREML_DEBUG_DEMO_CODE_SERVER) {
  console.log('[demo] opening VS Code with the extension on sample/');
  const r = spawnSync('code', [`--extensionDevelopmentPath=${root}`, sample], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

must('making sure code-server is installed (scripts/setup/codeserver.sh)', 'bash', ['scripts/setup/codeserver.sh']);

// The code-server launcher is shared with the test runner (TypeScript): bundle
// just that file, which takes milliseconds, rather than compiling the project.
const launcherJs = join(root, 'out', 'demo', 'codeServer.js');
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: [join(root, 'test/vscode/runner/codeServer.ts')],
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: launcherJs, logLevel: 'warning',
});
const { makeSandbox, startCodeServer, freePort, workbenchUrl, remoteUri, quietSettings } = createRequire(import.meta.url)(launcherJs);

// Its own editor profile, kept between runs, never the machine's own.
const home = process.env.AZUREML_DEBUG_DEMO_DIR ?? join(tmpdir(), 'azureml-debug-demo');
mkdirSync(home, { recursive: true });

// The in-repo test cluster, so a user without AKS sees the Kubernetes side:
// the sample crash-looping and a GPU pod pending. AZUREML_DEBUG_DEMO_NO_CLUSTER=1 skips it.
let cluster;
const settings = { ...quietSettings };
if (!process.env.AZUREML_DEBUG_DEMO_NO_CLUSTER) {
  const clusterJs = join(root, 'out', 'demo', 'testCluster.js');
  await esbuild.build({
    entryPoints: [join(root, 'test/k8s-server/cli.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: clusterJs, packages: 'external', logLevel: 'warning',
  });
  const kubeconfig = join(home, 'kubeconfig');
  cluster = spawn(process.execPath, [clusterJs, '--repo', root, '--kubeconfig', kubeconfig, '--sample-crashloop', '--gpu-pending'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise((resolve) => {
    let out = '';
    cluster.stdout.on('data', (b) => {
      out += b;
      if (out.includes('listening at')) resolve(true);
    });
    // Keep reading its output (a full pipe would stall it) into a log file.
    cluster.stdout.pipe(createWriteStream(join(home, 'test-cluster.log')));
    cluster.once('exit', () => resolve(false));
  });
  if (!ready) {
    console.error('[demo] FAILED: the test Kubernetes cluster did not start; see the output above (or set AZUREML_DEBUG_DEMO_NO_CLUSTER=1)');
    process.exit(1);
  }
  settings['azuremlDebug.kubernetes.kubeconfig'] = kubeconfig;
  console.log(`[demo] test Kubernetes cluster running (kubeconfig ${kubeconfig}): the sample in a crash loop, a GPU pod pending`);
}
const stopCluster = () => new Promise((resolve) => {
  if (!cluster || cluster.exitCode !== null) return resolve();
  cluster.once('exit', resolve);
  cluster.kill('SIGTERM');
});
const sandbox = makeSandbox(home, settings);
const logFile = join(home, 'code-server.log');
const log = createWriteStream(logFile, { flags: 'a' });
const port = await freePort(Number(process.env.PORT ?? 8080));
let server;
try {
  server = await startCodeServer({ sandbox, folder: sample, log, port });
} catch (err) {
  console.error(`[demo] FAILED: code-server did not start: ${err.message}; see ${logFile}`);
  await stopCluster();
  process.exit(1);
}
// code-server has no --extensionDevelopmentPath flag: the workbench URL's
// payload loads the extension from the repository in development mode.
const url = workbenchUrl(server, sample, [['extensionDevelopmentPath', remoteUri(server, root)]]);
console.log(`\n[demo] The sample is open in VS Code (code-server) with the extension loaded. Open this address in a browser:\n\n  ${url}\n`);
console.log('[demo] Then click the Azure ML Deployments icon in the activity bar. Press Ctrl-C to stop.');
console.log(`[demo] code-server's log: ${logFile}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\n[demo] stopping code-server');
  await server.stop();
  await stopCluster();
  log.end();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
server.process.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`[demo] code-server exited (${code ?? signal}); see ${logFile}`);
  void stopCluster().then(() => process.exit(1));
});
