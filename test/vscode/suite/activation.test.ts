// The extension activates in a real VS Code extension host, registers its view
// and every command of the typed table, and activation loads neither the
// Docker nor the Kubernetes bundle (they are lazy). Records the modules
// activation loaded in .test-artifacts/activation-modules.json for the bench.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, legacyCommandIds } from '../../../src/platform/commandIds';
import { modulesAtStart } from '../index';
import { screenshot } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const root = path.resolve(__dirname, '../../../..');
const artifacts = process.env.AZUREML_DEBUG_ARTIFACTS ?? path.join(root, '.test-artifacts');

/** Every module first loaded by `mod` or by modules it loaded (Node's module tree). */
function loadedBy(mod: NodeJS.Module, seen = new Set<string>()): Set<string> {
  if (seen.has(mod.id)) return seen;
  seen.add(mod.id);
  for (const child of mod.children) loadedBy(child, seen);
  return seen;
}

const heavy = [/[\\/]dist[\\/]docker\.js$/, /[\\/]dist[\\/]kubernetes\.js$/, /[\\/]node_modules[\\/]dockerode[\\/]/, /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]/];

describe('activation in the extension host', () => {
  let extension: vscode.Extension<unknown>;

  it('activates', async () => {
    const found = vscode.extensions.getExtension(extensionId);
    assert.ok(found, `${extensionId} is not installed in the host`);
    extension = found;
    await extension.activate();
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

  it('did not load the Docker or Kubernetes client while activating', () => {
    const main = path.join(root, 'dist', 'extension.js');
    const mainModule = require.cache[main];
    // The module cache looked at is the one the extension was loaded into.
    assert.ok(mainModule, `${main} is not in require.cache: the extension was not loaded from its bundle`);
    const loaded = [...loadedBy(mainModule)];
    // Two views of "loaded by activation": the modules the extension's bundle
    // loaded itself (its module tree), and everything in the cache before any
    // suite file loaded (suites may load the heavy clients for their fixtures;
    // this file runs first, before any suite opens the view).
    const offenders = [...new Set([...loaded, ...modulesAtStart()])].filter((m) => heavy.some((re) => re.test(m)));
    assert.deepEqual(offenders, [], `activation loaded heavy modules: ${offenders.join(', ')}`);
    fs.mkdirSync(artifacts, { recursive: true });
    fs.writeFileSync(
      path.join(artifacts, 'activation-modules.json'),
      JSON.stringify(
        {
          note: 'Modules first loaded by dist/extension.js (Node module tree) after activation; node: builtins and the vscode API are not modules on disk.',
          extension: extensionId,
          modules: loaded.map((m) => path.relative(root, m)).sort(),
          bytes: loaded.reduce((n, m) => n + (fs.existsSync(m) ? fs.statSync(m).size : 0), 0),
        },
        null,
        2,
      ),
    );
  });

  it('shows its view', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    // VS Code adds a focus command for each contributed view.
    assert.ok(registered.has('azuremlDebug.services.focus'), 'the view azuremlDebug.services is not registered');
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await vscode.commands.executeCommand('azuremlDebug.services.focus');
    await new Promise((r) => setTimeout(r, 1500)); // let the workbench paint before the picture
    await screenshot('activation-view');
  });
});
