// The second window of the Japanese pass: code-server started with --locale ja
// over the profile whose language pack the first window installed. The
// extension's own words come from l10n/bundle.l10n.ja.json (runtime) and
// package.nls.ja.json (manifest), picked by VS Code for its display language:
// a service's state in the tree, a conda diagnostic and its quick fix are in
// Japanese. (The workbench's own words stay English: the test pack carries
// none of VS Code's; see test/fixtures/languagePack-ja.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/testApi';
import { docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../../support/docker';
import { screenshot } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const runLabel = `com.azureml-debug.test-run=${uniqueName('ja')}`;

describe('the editor in Japanese (code-server --locale ja with a language pack)', function () {
  this.timeout(120000);
  let api: TestApi;
  let ja: Record<string, string>;

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>(extensionId)!;
    ja = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;
    api = await extension.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await removeLabelled(runLabel);
  });

  it('runs with Japanese as the display language', () => {
    assert.equal(vscode.env.language, 'ja');
    // VS Code loaded the Japanese bundle for this extension: its messages come back translated.
    assert.equal(vscode.l10n.t('running'), ja.running);
    assert.notEqual(ja.running, 'running');
  });

  it('shows a running service\'s state in the tree, and a conda diagnostic and its quick fix, in Japanese', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await waitFor('the Docker node to connect', () => api.model.connection('docker')?.status === 'connected', 30000);
    const workspace = vscode.workspace.workspaceFolders![0].uri;
    const id = await docker('run', '-d', '--name', uniqueName('aml-ja'), '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${workspace.fsPath}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-p', '127.0.0.1::5001', SAMPLE_IMAGE);
    const tree = api.tree!;
    const item = await waitFor('the running container in the tree', () => {
      const node = tree.getChildren().flatMap((c) => tree.getChildren(c)).find((n) => n.type === 'service' && n.serviceId === id);
      const it = node && tree.getTreeItem(node);
      return it && String(it.description).includes(ja.running) ? it : undefined;
    }, 30000);
    assert.doesNotMatch(String(item.description), /\brunning\b/);

    // The sample's conda file without azureml-defaults, as a user might edit it.
    const uri = vscode.Uri.joinPath(workspace, 'myenv.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const line = doc.getText().split('\n').findIndex((l) => /^\s*- azureml-defaults/.test(l));
    assert.ok(line > 0);
    assert.ok(await editor.edit((b) => b.delete(doc.lineAt(line).rangeIncludingLineBreak)));
    const warning = await waitFor('the azureml-defaults diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'azureml-defaults-missing'), 15000);
    const template = 'azureml-defaults is not listed: a custom conda environment must list azureml-defaults (>= {0}) under "pip:" to host a web service.';
    assert.ok(ja[template] && ja[template] !== template);
    assert.equal(warning.message, ja[template].replace('{0}', '1.0.45'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => a.title === ja['Add azureml-defaults>=1.0.45 to the pip list']), `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    // The manifest's words (package.nls.ja.json: the view's title, the commands) show in the screenshot.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('workbench.view.extension.azuremlDebug');
    await screenshot('japanese-tree-and-diagnostic');
  });
});
