// Bundles the extension. dist/extension.js is what activation loads; the
// Docker and Kubernetes clients are separate bundles (dist/docker.js,
// dist/kubernetes.js) that src/*/lazy.ts require on first use, so activation
// never pays for dockerode or @kubernetes/client-node. The log panel's
// webview script is a browser bundle of its own (dist/webview/logPanel.js).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/docker/client/index.ts', out: 'docker' },
  { in: 'src/kubernetes/client/index.ts', out: 'kubernetes' },
  { in: 'src/debug/standaloneAdapter.ts', out: 'debugAdapter' },
].filter((e) => existsSync(e.in));

const options = {
  entryPoints: entries,
  bundle: true,
  outdir: 'dist',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  metafile: true,
  // vscode is the host's; ssh2's optional native binding and cpu-features are
  // optional at run time (dockerode works over the socket without them).
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node', 'bufferutil', 'utf-8-validate'],
  // jsonc-parser's UMD build (its "main") requires './impl/format' dynamically,
  // which esbuild leaves unbundled: activation failed with "Cannot find module".
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
};

// The debugpy the extension carries for images without one (dist/python):
// fetched from Debian once, then a no-op (see scripts/setup/debugpy.sh).
const debugpy = spawnSync('bash', ['scripts/setup/debugpy.sh'], { stdio: 'inherit' });
if (debugpy.status !== 0) process.exit(debugpy.status ?? 1);

// The webview runs in VS Code's browser frame: no node, no vscode.
const webview = {
  entryPoints: [{ in: 'src/logs/webview/logPanelView.ts', out: 'webview/logPanel' }],
  bundle: true,
  outdir: 'dist',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  metafile: true,
  logLevel: 'warning',
};

if (watch) {
  for (const o of [options, webview]) await (await esbuild.context(o)).watch();
} else {
  const [node, browser] = await Promise.all([esbuild.build(options), esbuild.build(webview)]);
  const { writeFileSync } = await import('node:fs');
  const meta = { inputs: { ...node.metafile.inputs, ...browser.metafile.inputs }, outputs: { ...node.metafile.outputs, ...browser.metafile.outputs } };
  writeFileSync('dist/meta.json', JSON.stringify(meta));
}
