// Runs the extension-host suites inside a real VS Code (code-server + headless
// Chromium): `node out/test/vscode/runner/runInCodeServer.js --results FILE
// [--vsix FILE]`; with --vsix, also the smoke suite on that VSIX installed in a
// clean profile. Writes {passed, failed, pending, tests} to FILE, screenshots
// to .test-artifacts/, and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HostResults } from '../index';
import { openWorkbench, type Workbench } from './browser';
import { installExtension, makeSandbox, quietSettings, remoteUri, sandboxEnv, startCodeServer, workbenchUrl, type CodeServer } from './codeServer';
import { checkDemo } from './demoCheck';
import { serveScreenshotRequests } from './screenshots';
import { builtinsWithoutMicrosoftAuth, installTestAuth, makeTestTls } from './azureSignIn';

const root = path.resolve(__dirname, '../../../..');
const artifacts = path.join(root, '.test-artifacts');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function failure(title: string, error: string): HostResults {
  return { passed: 0, failed: 1, pending: 0, tests: [{ title, state: 'failed', error }] };
}

/**
 * A pass of the runner: the suites under out/test/vscode/<suites>, in a window
 * whose workspace is a fresh copy of the sample; `restricted` turns workspace
 * trust on (the folder is then untrusted) and plants what an untrusted
 * workspace could use to run something; `installed` installs `vsix` into the
 * clean profile and loads no development copy of the extension.
 */
interface Pass {
  suites: 'suite' | 'restricted' | 'installed' | 'language-pack' | 'japanese';
  vsix?: string;
  /** code-server's `--locale`: the display language, which needs an installed language pack. */
  locale?: string;
}

/**
 * The manifest of the driver extension the installed pass loads in
 * development mode. A suite only runs as a development extension's
 * extensionTestsPath, and its `require('vscode')` gets that extension's API
 * only from inside the extension's folder; the repository itself cannot be
 * that extension here, since a development copy would replace the installed
 * one (same id). So the driver is out/test/vscode/installed, a different id
 * with no code of its own, and the suite reaches the installed extension as
 * any extension can: getExtension(id).activate() and contributed commands.
 */
const driverManifest = {
  name: 'azureml-debug-vsix-smoke-driver',
  publisher: 'azureml-debug-test',
  version: '0.0.0',
  private: true,
  engines: { vscode: '^1.100.0' },
};

/** The hostile parts of the restricted pass's workspace and environment. */
function plantRestricted(scratch: string, workspace: string): Record<string, string> {
  const marker = path.join(scratch, 'exec-plugin-ran');
  // A kubeconfig whose credential plugin would leave a marker file if it ever ran.
  const kubeconfig = path.join(scratch, 'untrusted-kubeconfig');
  fs.writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'exec-plugin',
    clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:9' } }],
    users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.kubernetes.io/v1beta1', command: 'touch', args: [marker], interactiveMode: 'Never' } } }],
    contexts: [{ name: 'exec-plugin', context: { cluster: 'c', user: 'u' } }],
  }));
  // Workspace settings that would point the extension somewhere else: ignored in restricted mode.
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
    'azuremlDebug.docker.host': 'tcp://127.0.0.1:9',
    'azuremlDebug.debug.listenHost': '0.0.0.0',
    'azuremlDebug.debug.image': 'attacker/image:latest',
  }, null, 2));
  return { KUBECONFIG: kubeconfig, AZUREML_DEBUG_RESTRICTED_MARKER: marker };
}

async function runSuites(log: fs.WriteStream, scratch: string, pass: Pass = { suites: 'suite' }): Promise<HostResults> {
  // A hung host is caught by silence (no test finished for idleMs; mocha's own
  // per-test timeout is 60 s), a merely slow run only by the overall bound.
  const overallMs = Number(process.env.AZUREML_DEBUG_HOST_TIMEOUT ?? 1800) * 1000;
  const idleMs = Number(process.env.AZUREML_DEBUG_HOST_IDLE_TIMEOUT ?? 600) * 1000;
  let lastProgress = Date.now();
  let hostStarted = false;
  const startMs = 120000;
  const restricted = pass.suites === 'restricted';
  const installed = pass.suites === 'installed';
  const sandbox = makeSandbox(scratch, restricted
    ? { ...quietSettings, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }
    // No image setting: launches use the extension's default, Azure ML's real
    // minimal image name (the replica), which has no debugpy, as users' images
    // do not; the extension brings its own (dist/python).
    : quietSettings);
  const workspace = path.join(scratch, 'workspace');
  // A fresh copy: suites may edit the sample (launch.json, score.py) freely.
  fs.cpSync(path.join(root, 'sample'), workspace, { recursive: true });
  const planted = restricted ? plantRestricted(scratch, workspace) : {};
  // The main pass signs in to the test Azure server (test/vscode/suite/azure*.test.ts): see azureSignIn.ts.
  const azure = pass.suites === 'suite';
  const tls = azure ? makeTestTls(scratch) : undefined;
  const resultsFile = path.join(scratch, 'results.json');
  const requests = path.join(scratch, 'screenshot-requests');
  // A second pass on the same profile (the Japanese one) reuses the folder; its results must be its own.
  fs.mkdirSync(requests, { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  fs.rmSync(`${resultsFile}.started`, { force: true });
  const env = {
    AZUREML_DEBUG_TEST_RESULTS: resultsFile,
    AZUREML_DEBUG_SCREENSHOT_DIR: requests,
    AZUREML_DEBUG_ARTIFACTS: artifacts,
    AZUREML_DEBUG_TEST_SUITES: pass.suites,
    ...planted,
    ...(tls ? { NODE_EXTRA_CA_CERTS: tls.cert, AZUREML_DEBUG_TEST_TLS_CERT: tls.cert, AZUREML_DEBUG_TEST_TLS_KEY: tls.key } : {}),
    ...(installed ? { AZUREML_DEBUG_INSTALLED_EXTENSIONS: sandbox.extensions } : {}),
    ...(pass.suites === 'language-pack' ? { AZUREML_DEBUG_LANGUAGE_PACK: pass.vsix!, AZUREML_DEBUG_USER_DATA: sandbox.userData } : {}),
    ...(process.env.AZUREML_DEBUG_TEST_GREP ? { AZUREML_DEBUG_TEST_GREP: process.env.AZUREML_DEBUG_TEST_GREP } : {}),
  };
  let server: CodeServer | undefined;
  let bench: Workbench | undefined;
  let stopScreenshots = () => {};
  const driver = path.join(root, 'out/test/vscode/installed');
  try {
    if (installed) {
      const at = installExtension(sandbox, pass.vsix!, log);
      log.write(`[runner] ${pass.vsix} installed at ${at}\n`);
      fs.writeFileSync(path.join(driver, 'package.json'), JSON.stringify(driverManifest, null, 2));
    }
    // The test-only Microsoft sign-in, in place of the builtin left out.
    if (azure) log.write(`[runner] test sign-in installed at ${installTestAuth(root, scratch, sandbox, log)}\n`);
    const extraArgs = [...(pass.locale ? ['--locale', pass.locale] : []), ...(azure ? ['--builtin-extensions-dir', builtinsWithoutMicrosoftAuth(scratch)] : [])];
    server = await startCodeServer({ sandbox, folder: workspace, log, env, workspaceTrust: restricted, extraArgs });
    log.write(`[runner] code-server healthy at ${server.url}\n`);
    const what = restricted ? 'restricted-mode suites (untrusted workspace)' : installed ? `smoke suite on the installed ${path.basename(pass.vsix!)}` : pass.locale ? `suites in display language ${pass.locale}` : pass.suites === 'language-pack' ? 'language pack installation' : 'suites';
    console.log(`  [runner] code-server ${server.url} is up; opening the workbench with the ${what}`);
    const url = workbenchUrl(server, workspace, installed
      ? [
          ['extensionDevelopmentPath', remoteUri(server, driver)],
          ['extensionTestsPath', remoteUri(server, path.join(driver, 'index.js'))],
        ]
      : [
          ['extensionDevelopmentPath', remoteUri(server, root)],
          ['extensionTestsPath', remoteUri(server, path.join(root, 'out/test/vscode/index.js'))],
        ]);
    bench = await openWorkbench(url, log, sandboxEnv(sandbox), () => (lastProgress = Date.now()));
    stopScreenshots = serveScreenshotRequests(requests, bench.page, artifacts, log);
    const started = Date.now();
    const proc = server.process;
    for (;;) {
      if (fs.existsSync(resultsFile)) return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as HostResults;
      if (proc.exitCode !== null || proc.signalCode !== null) {
        return failure('extension host run', `code-server exited (${proc.exitCode ?? proc.signalCode}) before the suites finished`);
      }
      const elapsed = Date.now() - started;
      if (elapsed > startMs && !hostStarted && !fs.existsSync(`${resultsFile}.started`)) {
        return failure('extension host run', `the extension host did not start the suites within ${startMs / 1000} s`);
      }
      if (elapsed > overallMs) return failure('extension host run', `no results within ${overallMs / 1000} s (AZUREML_DEBUG_HOST_TIMEOUT)`);
      if (!hostStarted && fs.existsSync(`${resultsFile}.started`)) {
        hostStarted = true;
        lastProgress = Date.now(); // silence is measured from the suites' start
      }
      if (hostStarted && Date.now() - lastProgress > idleMs) {
        return failure('extension host run', `no test finished for ${idleMs / 1000} s: a suite hangs (AZUREML_DEBUG_HOST_IDLE_TIMEOUT)`);
      }
      await sleep(250);
    }
  } catch (err) {
    return failure('extension host run', (err as Error).stack ?? String(err));
  } finally {
    stopScreenshots();
    if (bench) {
      await bench.page.screenshot({ path: path.join(artifacts, `host-final${pass.suites === 'suite' ? '' : `-${pass.suites}`}.png`) }).catch((e: Error) => log.write(`[runner] final screenshot failed: ${e.message}\n`));
      await bench.close();
    }
    await server?.stop();
  }
}

/** The test-only Japanese language pack (test/fixtures/languagePack-ja) as a VSIX, packed by vsce. */
function packLanguagePack(scratch: string, log: fs.WriteStream): string {
  const source = path.join(scratch, 'languagePack-ja');
  fs.cpSync(path.join(root, 'test/fixtures/languagePack-ja'), source, { recursive: true });
  const out = path.join(scratch, 'language-pack-ja.vsix');
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], { cwd: source, encoding: 'utf8', timeout: 120000 });
  log.write(`[runner] vsce package of the test language pack: exit ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
  if (r.status !== 0) throw new Error(`vsce could not pack the test language pack:\n${r.stdout}${r.stderr}`);
  return out;
}

function report(results: HostResults): void {
  // Each test was already shown live ([host] lines); repeat the failures in full.
  for (const t of results.tests.filter((x) => x.state === 'failed')) {
    console.log(`  FAIL ${t.title}`);
    if (t.error) console.log(t.error.replace(/^/gm, '       '));
  }
  console.log(`extension host: ${results.passed} passed, ${results.failed} failed${results.pending ? `, ${results.pending} pending` : ''}`);
}

async function main(): Promise<number> {
  const resultsOut = arg('--results');
  if (!resultsOut) {
    console.error('usage: runInCodeServer.js --results FILE [--vsix FILE] [--no-demo]');
    return 2;
  }
  fs.mkdirSync(artifacts, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'azureml-debug-host-'));
  // The workspace lives under it and is bind-mounted into containers whose
  // user (dockeruser in Azure ML images) is not ours: it must be traversable,
  // as a user's project folders are.
  fs.chmodSync(scratch, 0o755);
  const logFile = path.join(artifacts, 'host.log');
  const log = fs.createWriteStream(logFile);
  const results = await runSuites(log, scratch);
  // A second window, untrusted: nothing may start or execute there.
  const restrictedScratch = path.join(scratch, 'restricted');
  fs.mkdirSync(restrictedScratch);
  const restricted = await runSuites(log, restrictedScratch, { suites: 'restricted' });
  const add = (more: HostResults) => {
    results.passed += more.passed;
    results.failed += more.failed;
    results.pending += more.pending;
    results.tests.push(...more.tests);
  };
  add(restricted);
  // The VSIX as a user installs it, in a profile with no development copy.
  const vsix = arg('--vsix');
  if (vsix) {
    const installedScratch = path.join(scratch, 'installed');
    fs.mkdirSync(installedScratch);
    const started = Date.now();
    add(await runSuites(log, installedScratch, { suites: 'installed', vsix: path.resolve(vsix) }));
    console.log(`  [runner] installed VSIX pass (install, start, smoke suite) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  // The editor in Japanese, as a user gets it in code-server: a language pack
  // installed from the Extensions view, then code-server started with
  // --locale ja (code-server's way: its web workbench has no "Configure
  // Display Language"). Two windows on one profile: the install, then the run.
  const japaneseScratch = path.join(scratch, 'japanese');
  fs.mkdirSync(japaneseScratch);
  const pack = packLanguagePack(japaneseScratch, log);
  const packed = await runSuites(log, japaneseScratch, { suites: 'language-pack', vsix: pack });
  add(packed);
  if (packed.failed === 0 && packed.passed > 0) add(await runSuites(log, japaneseScratch, { suites: 'japanese', locale: 'ja' }));
  if (!process.argv.includes('--no-demo')) {
    const demo = await checkDemo(root, scratch, artifacts, log);
    results.tests.push(demo);
    if (demo.state === 'passed') results.passed++;
    else results.failed++;
  }
  await new Promise<void>((r) => log.end(r));
  fs.writeFileSync(resultsOut, JSON.stringify(results, null, 2));
  report(results);
  const ok = results.failed === 0 && results.passed > 0;
  if (ok) {
    fs.rmSync(scratch, { recursive: true, force: true });
  } else {
    console.log(`\n--- ${logFile} (code-server output and page console) ---`);
    console.log(fs.readFileSync(logFile, 'utf8').split('\n').slice(-300).join('\n'));
    console.log(`--- end of log; sandbox kept at ${scratch} ---`);
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
