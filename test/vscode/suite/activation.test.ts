// The extension activates in a real VS Code extension host, registers its view
// and every command of the typed table, and activation loads none of the
// lazily required bundles (the Docker and Kubernetes clients, yaml, the
// views, the log panel, the diagnostics, the commands, the debug
// type). Then the view's first request builds the tree, a command's first
// call loads the commands and runs for real, and the log panel's view builds
// the panel when first shown. (The bench measures what activation costs in
// a real host of its own: scripts/bench/logPanelHost.mjs.)
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, legacyCommandIds } from '../../../src/platform/commandIds';
import type { TestApi } from '../../../src/testApi';
import { modulesAtStart } from '../index';
import { loadedBy } from '../moduleTree';
import { screenshot } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const root = path.resolve(__dirname, '../../../..');

const lazyBundles = ['docker', 'kubernetes', 'yaml', 'views', 'logs', 'diagnostics', 'commands', 'debug'];
const heavy = [
  ...lazyBundles.map((b) => new RegExp(`[\\\\/]dist[\\\\/]${b}\\.js$`)),
  /[\\/]node_modules[\\/]dockerode[\\/]/,
  /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]/,
  /[\\/]node_modules[\\/]yaml[\\/]/,
];
const bundle = (name: string) => path.join(root, 'dist', `${name}.js`);
const loaded = (name: string) => require.cache[bundle(name)] !== undefined;

describe('activation in the extension host', () => {
  let extension: vscode.Extension<TestApi>;
  let api: TestApi;

  it('activates', async () => {
    const found = vscode.extensions.getExtension<TestApi>(extensionId);
    assert.ok(found, `${extensionId} is not installed in the host`);
    extension = found;
    api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(path.resolve(extension.extensionPath), root);
  });

  it('registers every command of CommandIds', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(CommandIds).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    // The old "k8s" spellings still run (they forward to the "kubernetes" ones).
    assert.deepEqual(Object.keys(legacyCommandIds).filter((id) => !registered.has(id)), []);
  });

  it('did not load any lazily required bundle while activating', () => {
    const main = path.join(root, 'dist', 'extension.js');
    const mainModule = require.cache[main];
    // The module cache looked at is the one the extension was loaded into.
    assert.ok(mainModule, `${main} is not in require.cache: the extension was not loaded from its bundle`);
    const byMain = [...loadedBy(mainModule)];
    // Two views of "loaded by activation": the modules the extension's bundle
    // loaded itself (its module tree), and everything in the cache before any
    // suite file loaded (suites may load the heavy clients for their fixtures;
    // this file runs first, before any suite opens the view).
    const offenders = [...new Set([...byMain, ...modulesAtStart()])].filter((m) => heavy.some((re) => re.test(m)));
    assert.deepEqual(offenders, [], `activation loaded heavy modules: ${offenders.join(', ')}`);
  });

  it('shows its view, whose first request builds the tree from its bundle', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    // VS Code adds a focus command for each contributed view.
    assert.ok(registered.has('azuremlDebug.services.focus'), 'the view azuremlDebug.services is not registered');
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await vscode.commands.executeCommand('azuremlDebug.services.focus');
    // Read through require.cache first: the API's `tree` would build the provider too.
    await waitUntil('dist/views.js loaded by the view', () => loaded('views'));
    // Showing the view started the Docker connection, whose node the tree now lists.
    await waitUntil('the Docker node', () => api.tree.getChildren().some((n) => n.type === 'connection' && n.connectionId === 'docker'));
    await new Promise((r) => setTimeout(r, 1500)); // let the workbench paint before the picture
    await screenshot('activation-view');
  });

  it('runs a command on its first call, from the commands bundle it loads then', async () => {
    assert.equal(loaded('commands'), false, 'the commands bundle was loaded before any command ran');
    const config = () => vscode.workspace.getConfiguration('azuremlDebug');
    const shown = config().get<boolean>('kubernetes.showAllDeployments', false);
    const userValue = config().inspect<boolean>('kubernetes.showAllDeployments')?.globalValue;
    // A command with an effect to see and undo: it writes the flipped setting to the user's settings.
    await vscode.commands.executeCommand(CommandIds.kubernetesShowAllDeployments);
    try {
      assert.equal(loaded('commands'), true, 'the first call did not load dist/commands.js');
      assert.equal(config().inspect<boolean>('kubernetes.showAllDeployments')?.globalValue, !shown, 'the placeholder did not run the real command');
    } finally {
      await config().update('kubernetes.showAllDeployments', userValue, vscode.ConfigurationTarget.Global);
    }
    // The real commands took every placeholder's place.
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual([...Object.values(CommandIds), ...Object.keys(legacyCommandIds)].filter((id) => !registered.has(id)), []);
  });

  it('builds the log panel from its bundle when its view is first shown', async () => {
    assert.equal(loaded('logs'), false, 'the log panel was built before its view was shown');
    await vscode.commands.executeCommand('azuremlDebug.logs.focus');
    // Showing the view resolves it, which builds the panel (read through require.cache: the API would build it too).
    await waitUntil('dist/logs.js loaded by the view', () => loaded('logs'));
    // The webview answers once its script has loaded.
    const probe = await waitUntil('the log panel\'s webview answering', () => api.logs.probeWebview());
    assert.equal(probe.rows, 0);
  });
});

/** Polls `check` until it gives a value (at most 20 s). */
async function waitUntil<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > 20000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
