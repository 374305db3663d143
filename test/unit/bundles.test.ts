// What each bundle of dist/ holds, read from esbuild's metafile of a fresh
// development build (esbuild.mjs's own options, nothing written): the
// bundle activation loads keeps to the services and each feature's front,
// so it cannot grow back by an import; every bundle a front requires
// is built; each imports vscode once; the debug adapter holds no
// extension-side code and none of the BuildKit packages; and the `yaml`
// stand-in the bundles get answers as the package does, loading it only at
// the first parse. Content, never timings (the bench prints those).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseYamlGuarded } from '../../src/core/edits/yamlText';
import { mergeKubeconfigs } from '../../src/core/kubernetes/kubeconfig';

const root = path.join(__dirname, '..', '..', '..');

interface Metafile {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Runs an ES module script with esbuild and esbuild.mjs's options at hand (the tests are CommonJS). */
function runBuildScript(script: string, args: string[] = []): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The development build's metafile: the larger build, the one `node esbuild.mjs` and the host tier use. */
function developmentBuild(): Metafile {
  return JSON.parse(runBuildScript(`
    import * as esbuild from 'esbuild';
    import { bundleOptions } from './esbuild.mjs';
    const result = await esbuild.build({ ...bundleOptions(), write: false, logLevel: 'error' });
    process.stdout.write(JSON.stringify(result.metafile));
  `)) as Metafile;
}

const inputsOf = (meta: Metafile, bundle: string) => Object.keys(meta.outputs[`dist/${bundle}.js`]?.inputs ?? {});
const packageOf = (input: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

describe('bundles', function () {
  // One esbuild run of every bundle (the Kubernetes client's is 6 MB).
  this.timeout(120000);
  let meta: Metafile;

  before(() => {
    meta = developmentBuild();
  });

  it('keeps the activation bundle to the services and the features\' fronts, under 150 KB', () => {
    const inputs = inputsOf(meta, 'extension');
    assert.ok(inputs.includes('src/extension.ts'));
    // Each lazily loaded feature reaches activation only through its front (lazy.ts);
    // offering the attach configuration needs none of the debug type's code.
    const fronts = new Set(['src/views/lazy.ts', 'src/logs/lazy.ts', 'src/diagnostics/lazy.ts', 'src/commands/lazy.ts', 'src/debug/lazy.ts', 'src/debug/attachConfigurationProvider.ts']);
    const features = inputs.filter((f) => /^src\/(views|logs|diagnostics|commands|debug)\//.test(f) && !fronts.has(f));
    assert.deepEqual(features, [], 'feature code in the activation bundle');
    assert.deepEqual(inputs.filter((f) => /^src\/(docker|kubernetes)\/client\//.test(f)), [], 'a client in the activation bundle');
    // Activation needs no package: yaml, jsonc-parser, tar-fs, @vscode/debugadapter, the strings' @vscode/l10n are the features'.
    assert.deepEqual([...new Set(inputs.map(packageOf).filter(Boolean))], []);
    for (const strings of ['src/platform/localize.ts', 'src/platform/crashStrings.ts', 'src/platform/maskedL10n.ts']) assert.ok(!inputs.includes(strings), `the strings are the features': the tree words its items (${strings})`);
    const bytes = meta.outputs['dist/extension.js'].bytes;
    assert.ok(bytes <= 150_000, `dist/extension.js is ${bytes} bytes, more than the 150 KB activation may load`);
  });

  it('imports Node\'s built-ins by name in the activation bundle, so loading it copies no module\'s names', () => {
    // esbuild turns `import * as fs from 'node:fs'` into a copy of the module's
    // names (a getter for each of fs's hundred) made when the bundle loads, once
    // per importing module; a named import is a plain require. Seven such copies
    // were more than half of requiring dist/extension.js (15 ms of CPU before, 6 after).
    const namespaced = inputsOf(meta, 'extension')
      .filter((f) => f.startsWith('src/'))
      .filter((f) => /^import \* as \w+ from 'node:/m.test(fs.readFileSync(path.join(root, f), 'utf8')));
    assert.deepEqual(namespaced, []);
  });

  it('builds every bundle a front requires', () => {
    const named = new Set<string>();
    for (const file of fs.readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(root, 'src', file), 'utf8').matchAll(/loadBundle<[^>]*>\([^,]+, '([^']+)'\)/g)) named.add(m[1]);
    }
    assert.deepEqual([...named].sort(), ['azure', 'commands', 'debug', 'diagnostics', 'docker', 'kubernetes', 'logs', 'views', 'yaml']);
    for (const name of named) assert.ok(meta.outputs[`dist/${name}.js`], `dist/${name}.js is required but not built`);
  });

  it('gives yaml to no bundle but its own: the others get the stand-in', () => {
    for (const output of Object.keys(meta.outputs).filter((o) => o.endsWith('.js') && o !== 'dist/yaml.js')) {
      assert.deepEqual(Object.keys(meta.outputs[output].inputs).filter((f) => packageOf(f) === 'yaml'), [], `${output} holds the yaml package`);
    }
    assert.ok(inputsOf(meta, 'yaml').some((f) => packageOf(f) === 'yaml'));
  });

  it('imports vscode in one module per bundle, so its names are copied once per bundle', () => {
    const importers = Object.entries(meta.inputs).filter(([, input]) => input.imports.some((i) => i.path === 'vscode' && i.external)).map(([file]) => file);
    assert.deepEqual(importers, ['src/platform/vscodeApi.ts']);
    for (const bundle of ['extension', 'views', 'logs', 'diagnostics', 'commands', 'debug']) assert.ok(inputsOf(meta, bundle).includes('src/platform/vscodeApi.ts'), bundle);
  });

  it('keeps the debug adapter to the session, the Docker side it drives and the core', () => {
    const inputs = inputsOf(meta, 'debugAdapter');
    assert.ok(inputs.includes('src/debug/standaloneAdapter.ts'));
    // Its strings are the extension's (localize with crashStrings and maskedL10n, findingWording); src/docker/engineAddress reads DOCKER_HOST as the extension does.
    const allowed = /^src\/(core|debug\/adapter|docker\/client)\/|^src\/(debug\/standaloneAdapter|docker\/engineAddress|platform\/localize|platform\/crashStrings|platform\/maskedL10n|platform\/findingWording)\.ts$/;
    assert.deepEqual(inputs.filter((f) => f.startsWith('src/') && !allowed.test(f)), [], 'extension-side code in the adapter');
    assert.deepEqual(inputs.filter((f) => packageOf(f) === 'yaml'), []);
    for (const bundle of ['debugAdapter', 'docker']) {
      const buildkit = inputsOf(meta, bundle).filter((f) => ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs'].includes(packageOf(f) ?? ''));
      assert.deepEqual(buildkit, [], `dist/${bundle}.js holds dockerode's BuildKit packages`);
    }
  });

  it('answers as the yaml package through the stand-in, loading the package at the first parse', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azureml-debug-yaml-stand-in-'));
    try {
      // The YAML readers bundled as every bundle gets them, beside the yaml bundle, as in dist/.
      runBuildScript(`
        import * as esbuild from 'esbuild';
        import { bundleOptions } from './esbuild.mjs';
        const options = bundleOptions({ outdir: process.argv[1] });
        await esbuild.build({ ...options, entryPoints: options.entryPoints.filter((e) => e.out === 'yaml'), sourcemap: false, metafile: false, logLevel: 'error' });
        await esbuild.build({
          ...options, entryPoints: undefined, outdir: undefined, sourcemap: false, metafile: false, logLevel: 'error',
          stdin: { contents: "export { parseYamlGuarded } from './src/core/edits/yamlText'; export { mergeKubeconfigs } from './src/core/kubernetes/kubeconfig';", resolveDir: process.cwd(), loader: 'ts' },
          outfile: process.argv[1] + '/readers.js',
        });
      `, [dir]);
      const readers = path.join(dir, 'readers.js');
      const yamlBundle = path.join(dir, 'yaml.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bundled = require(readers) as { parseYamlGuarded: typeof parseYamlGuarded; mergeKubeconfigs: typeof mergeKubeconfigs };
      assert.equal(require.cache[yamlBundle], undefined, 'the yaml bundle loaded before any parse');
      const texts = ['a: 1\nb: [x, {c: d}]\n', 'a: [1, 2\n', 'a: 1\na: 2\n', `${'['.repeat(200)}${']'.repeat(200)}`, '--- a\n--- b\n'];
      for (const text of texts) {
        const direct = parseYamlGuarded(text);
        const through = bundled.parseYamlGuarded(text);
        assert.deepEqual({ refused: through.refused, value: through.doc?.toJS(), errors: through.doc?.errors.map((e) => e.code) }, { refused: direct.refused, value: direct.doc?.toJS(), errors: direct.doc?.errors.map((e) => e.code) }, text);
      }
      assert.ok(require.cache[yamlBundle], 'the yaml bundle was not what parsed');
      const kubeconfig = 'apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: "https://c.example:6443"}\nusers:\n- name: u\n  user: {token: s3cret-token}\n';
      const files = [{ path: '/home/u/.kube/config', text: kubeconfig }];
      assert.deepEqual(JSON.parse(JSON.stringify(bundled.mergeKubeconfigs(files))), JSON.parse(JSON.stringify(mergeKubeconfigs(files))));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
