// Bundles the extension. dist/extension.js is what activation loads: the
// services, and the front of each feature (src/*/lazy.ts), which requires
// the feature's own bundle (the entries below) on first use through
// src/platform/lazyBundle.ts, so activation never pays for a feature not
// used yet, nor for dockerode or @kubernetes/client-node. The `yaml` package
// is dist/yaml.js, required on the first parse (src/platform/yamlOnDemand.ts).
// Code two bundles share is in both (CommonJS output cannot split chunks):
// state two features share must live in an object activate() hands them,
// never in a module's variables. The log panel's webview script is a browser
// bundle of its own (dist/webview/logPanel.js).
// `node esbuild.mjs [--production] [--watch]` builds into dist/; the bench and
// the bundle test build with bundleOptions() into a folder of their own.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

const entries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/views/index.ts', out: 'views' },
  { in: 'src/logs/logPanel.ts', out: 'logs' },
  { in: 'src/diagnostics/index.ts', out: 'diagnostics' },
  { in: 'src/commands/index.ts', out: 'commands' },
  { in: 'src/debug/index.ts', out: 'debug' },
  { in: 'src/docker/client/index.ts', out: 'docker' },
  { in: 'src/kubernetes/client/index.ts', out: 'kubernetes' },
  { in: 'src/azure/index.ts', out: 'azure' },
  { in: 'src/debug/standaloneAdapter.ts', out: 'debugAdapter' },
  { in: createRequire(import.meta.url).resolve('yaml'), out: 'yaml' },
]
  .map((e) => ({ in: resolve(root, e.in), out: e.out }))
  .filter((e) => existsSync(e.in));

// Every `import ... from 'yaml'` in src/ (core's readers, the kubeconfig's
// among them) gets the stand-in that requires dist/yaml.js on its first call,
// so no bundle carries the package (253 KB) and none loads it before a YAML
// text is read. The yaml.js entry itself is the package.
const yamlOnDemand = {
  name: 'yaml-on-demand',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: join(root, 'src/platform/yamlOnDemand.ts') }));
  },
};

// Every `from 'vscode'` of src/ gets src/platform/vscodeApi.ts, which
// re-exports the host's module: its names are copied once per bundle rather
// than once per importing module (that file says what this saves).
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    const api = join(root, 'src/platform/vscodeApi.ts');
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.importer === api ? { path: 'vscode', external: true } : { path: api }));
  },
};

// dockerode's BuildKit modules (lib/session.js, lib/buildkit.js) are replaced
// by a stand-in that refuses: src/docker/client/noBuildkit.ts says why nothing
// needs them. The Docker bundle and the debug adapter lose 1 MB of gRPC and
// protobuf.
const noBuildkit = {
  name: 'no-buildkit',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) => (/[\\/]dockerode[\\/]lib[\\/]docker\.js$/.test(args.importer) ? { path: join(root, 'src/docker/client/noBuildkit.ts') } : undefined));
  },
};

// dist/package.json, `{"type":"commonjs"}`: to tell a .js file's module type,
// Node reads the package.json nearest to it, on the first require from its
// folder. Without this one that is the extension's manifest, 40 KB of
// contributions that Node 20 (VS Code's) parses whole: it was half of requiring
// dist/extension.js (`npm run bench -- bundle`). Every bundle, the debug
// adapter's process too, now finds this one first.
const packageScope = {
  name: 'package-scope',
  setup(build) {
    build.onEnd(() => {
      const { outdir, write } = build.initialOptions;
      if (write === false || !outdir) return;
      mkdirSync(outdir, { recursive: true });
      writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
    });
  },
};

/** esbuild's options: `production` minifies and writes no source maps (the VSIX's build). */
export const bundleOptions = ({ production = false, outdir = join(root, 'dist') } = {}) => ({
  entryPoints: entries,
  absWorkingDir: root,
  bundle: true,
  outdir,
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
  plugins: [yamlOnDemand, vscodeOnce, noBuildkit, packageScope],
  logLevel: 'warning',
});

/** The webview's options: it runs in VS Code's browser frame, with no node and no vscode. */
export const webviewOptions = ({ production = false, outdir = join(root, 'dist') } = {}) => ({
  entryPoints: [{ in: join(root, 'src/logs/webview/logPanelView.ts'), out: 'webview/logPanel' }],
  absWorkingDir: root,
  bundle: true,
  outdir,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  metafile: true,
  logLevel: 'warning',
});

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const production = process.argv.includes('--production');
  const [options, webview] = [bundleOptions({ production }), webviewOptions({ production })];
  // The debugpy the extension carries for images without one (dist/python):
  // fetched from Debian once, then a no-op (see scripts/setup/debugpy.sh).
  const debugpy = spawnSync('bash', ['scripts/setup/debugpy.sh'], { cwd: root, stdio: 'inherit' });
  if (debugpy.status !== 0) process.exit(debugpy.status ?? 1);
  // A bundle no longer built must not linger: the VSIX takes every dist/*.js.
  const dist = join(root, 'dist');
  for (const f of existsSync(dist) ? readdirSync(dist) : []) if (/\.js(\.map)?$/.test(f) || f === 'webview') rmSync(join(dist, f), { recursive: true, force: true });
  if (process.argv.includes('--watch')) {
    for (const o of [options, webview]) await (await esbuild.context(o)).watch();
  } else {
    const [node, browser] = await Promise.all([esbuild.build(options), esbuild.build(webview)]);
    const meta = { inputs: { ...node.metafile.inputs, ...browser.metafile.inputs }, outputs: { ...node.metafile.outputs, ...browser.metafile.outputs } };
    writeFileSync(join(root, 'dist', 'meta.json'), JSON.stringify(meta));
  }
}
