// The conda and score.py commands in a real editor: the azureml-defaults
// warning follows unsaved edits, debugpy lands in the pip list, the score.py
// hook goes in and comes out, and undo restores each file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOOK_BEGIN } from '../../../src/core/edits/scoreHook';
import { CommandIds } from '../../../src/platform/commandIds';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

type Result = { uri: vscode.Uri; changed: boolean; reason?: string } | undefined;

describe('conda and score.py scaffolding in the extension host', () => {
  let folder: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f);
    folder = f.uri;
  });

  afterEach(async () => {
    // Put the sample back as it is on disk for the suites that follow.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('warns on myenv.yml without azureml-defaults and adds debugpy to its pip list', async () => {
    const uri = vscode.Uri.joinPath(folder, 'myenv.yml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const codes = () => vscode.languages.getDiagnostics(uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
    await sleep(500);
    assert.deepEqual(codes(), [], 'the sample lists azureml-defaults');

    const line = doc.getText().split('\n').findIndex((l) => /^\s*- azureml-defaults/.test(l));
    assert.ok(line > 0);
    assert.ok(await editor.edit((b) => b.delete(doc.lineAt(line).rangeIncludingLineBreak)));
    await until('the azureml-defaults warning', () => (codes().includes('azureml-defaults-missing') ? true : undefined));
    const warning = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'azureml-defaults-missing');
    assert.ok(warning);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.diagnostics?.includes(warning) || /azureml-defaults/.test(a.title));
    assert.ok(fix?.edit, `quick fix offered: ${actions.map((a) => a.title).join(', ')}`);
    const unfixed = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /- azureml-defaults>=1\.0\.45/);
    await until('the warning to clear', () => (codes().length === 0 ? true : undefined));
    await vscode.commands.executeCommand('undo');
    await until('undo of the quick fix', () => (doc.getText() === unfixed ? true : undefined), 5000);

    const before = doc.getText();
    const r = await vscode.commands.executeCommand<Result>(CommandIds.envAddDebugpy, uri);
    assert.equal(r?.changed, true);
    assert.match(doc.getText(), /\n {6}- numpy\n {6}- debugpy\n/);
    const again = await vscode.commands.executeCommand<Result>(CommandIds.envAddDebugpy, uri);
    assert.equal(again?.changed, false);
    assert.match(again?.reason ?? '', /already listed/);

    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('undo');
    await until('undo to apply', () => (doc.getText() === before ? true : undefined), 5000);
  });

  it('inserts the debug hook into score.py after its docstring and removes it byte for byte', async () => {
    const uri = vscode.Uri.joinPath(folder, 'score.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const before = doc.getText();

    const r = await vscode.commands.executeCommand<Result>(CommandIds.scoreInsertDebugHook, { uri, host: '0.0.0.0' });
    assert.equal(r?.changed, true);
    const lines = doc.getText().split('\n');
    const at = lines.findIndex((l) => l.startsWith(HOOK_BEGIN));
    assert.equal(at, 6, 'right after the 6-line docstring');
    assert.ok(doc.getText().includes('listen(("0.0.0.0", 5678))'));

    const removed = await vscode.commands.executeCommand<Result>(CommandIds.scoreRemoveDebugHook, { uri });
    assert.equal(removed?.changed, true);
    assert.equal(doc.getText(), before);
  });
});
