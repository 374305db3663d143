// The launch.json command in a real editor: it creates a missing file, edits
// an open, unsaved, commented launch.json through a WorkspaceEdit (comments
// and the unsaved edit kept, one undo step restores every byte), refuses a
// broken file, and VS Code's own launch configuration reads the result.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { AZUREML_CONFIG_NAME, AZUREML_DEBUG_TYPE } from '../../../src/core/edits/attachConfig';
import { CommandIds } from '../../../src/platform/commandIds';
import { assertOnlyInserted } from '../../unit/core/edits/textChecks';
import { screenshot } from '../screenshot';

const extensionId = 'azureml-debug.azureml-deployment-debugger';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const commented = `{
    // Launch configurations of the sample deployment.
    "version": "0.2.0",
    "configurations": [
        /* a launch configuration the user keeps */
        {
            "name": "Python: Current File",
            "type": "debugpy",
            "request": "launch",
            "program": "\${file}", // the open file
        },
    ],
}
`;

type Result = { uri: vscode.Uri; outcomes: Record<string, string> } | undefined;

/**
 * Gives the file `text` through the editor and saves it. Writing the disk
 * behind an open model instead makes the next save fail as a conflict.
 */
async function setSaved(uri: vscode.Uri, text: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await doc.save(), `saving ${uri.path}`);
  assert.equal(doc.getText(), text);
  return doc;
}

describe('launch.json scaffolding in the extension host', () => {
  let folder: vscode.WorkspaceFolder;
  let launchUri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const f = vscode.workspace.workspaceFolders?.[0];
    assert.ok(f, 'the runner opens the sample folder');
    folder = f;
    launchUri = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('creates a missing .vscode/launch.json, which VS Code then lists', async () => {
    const r = await vscode.commands.executeCommand<Result>(CommandIds.launchAddConfiguration, { kinds: ['azureml'] });
    assert.deepEqual(r?.outcomes, { [AZUREML_CONFIG_NAME]: 'added' });
    const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(launchUri));
    assert.equal((JSON.parse(disk) as { configurations: { type: string }[] }).configurations[0].type, AZUREML_DEBUG_TYPE);
    // What the Run and Debug picker lists comes from this configuration section.
    const listed = await until('VS Code to read the new launch.json', () => {
      const configs = vscode.workspace.getConfiguration('launch', folder.uri).get<{ name: string; port?: number }[]>('configurations') ?? [];
      return configs.find((c) => c.name === AZUREML_CONFIG_NAME);
    });
    assert.equal(listed.port, 5678);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('edits an open, unsaved, commented launch.json; one undo restores it byte for byte', async () => {
    const doc = await setSaved(launchUri, commented);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    // An unsaved edit of the user's own, which the command must keep.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(4, 0), '        // typed but not saved\n')));
    assert.equal(doc.isDirty, true);
    const before = doc.getText();

    const r = await vscode.commands.executeCommand<Result>(CommandIds.launchAddConfiguration, { kinds: ['azureml'] });
    assert.deepEqual(r?.outcomes, { [AZUREML_CONFIG_NAME]: 'added' });
    const after = doc.getText();
    assert.equal(doc.isDirty, true, 'a document with unsaved work is not saved behind the user\'s back');
    const root = parseTree(after, [], { allowTrailingComma: true });
    const list = root && findNodeAtLocation(root, ['configurations']);
    const added = list?.children?.find((c) => findNodeAtLocation(c, ['name'])?.value === AZUREML_CONFIG_NAME);
    assert.ok(added, 'the configuration is in the document');
    assertOnlyInserted(before, after, added.offset, added.offset + added.length, /^[\s,]$/);
    assert.ok(after.includes('// typed but not saved') && after.includes('/* a launch configuration the user keeps */'));
    await screenshot('launch-json-added');

    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('undo');
    await until('undo to apply', () => doc.getText() === before || undefined, 5000);
    assert.equal(doc.getText(), before);

    // Run again, save, and VS Code's launch configuration holds both entries.
    await vscode.commands.executeCommand<Result>(CommandIds.launchAddConfiguration, { kinds: ['azureml'] });
    const again = await vscode.commands.executeCommand<Result>(CommandIds.launchAddConfiguration, { kinds: ['azureml'] });
    assert.deepEqual(again?.outcomes, { [AZUREML_CONFIG_NAME]: 'unchanged' }, 'a second run changes nothing');
    assert.ok(await doc.save());
    await until('VS Code to list both configurations', () => {
      const names = (vscode.workspace.getConfiguration('launch', folder.uri).get<{ name: string }[]>('configurations') ?? []).map((c) => c.name);
      return names.includes(AZUREML_CONFIG_NAME) && names.includes('Python: Current File') ? names : undefined;
    });
  });

  it('offers the attach configuration when VS Code creates launch.json (initial configurations)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode'), { recursive: true, useTrash: false });
    // With a Python file active VS Code picks the debugger for the language (ours
    // is the only one here) and writes its initial configurations, ours included.
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, 'score.py'), { preview: false });
    void vscode.commands.executeCommand('workbench.action.debug.configure');
    try {
      const text = await until('VS Code to write launch.json', async () => {
        try {
          return new TextDecoder().decode(await vscode.workspace.fs.readFile(launchUri)) || undefined;
        } catch {
          return undefined;
        }
      });
      const root = parseTree(text, [], { allowTrailingComma: true });
      const list = root && findNodeAtLocation(root, ['configurations']);
      const ours = list?.children?.find((c) => findNodeAtLocation(c, ['name'])?.value === AZUREML_CONFIG_NAME);
      assert.ok(ours, `launch.json written by VS Code:\n${text}`);
      assert.equal(findNodeAtLocation(ours, ['type'])?.value, AZUREML_DEBUG_TYPE);
      assert.equal(findNodeAtLocation(ours, ['port'])?.value, 5678);
      assert.equal(findNodeAtLocation(ours, ['pathMappings', 0, 'remoteRoot'])?.value, '/var/azureml-app');
      await screenshot('launch-json-initial-configurations');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  it('leaves a launch.json with a syntax error untouched', async () => {
    const broken = '{\n  "version": "0.2.0"\n  "configurations": []\n}\n';
    const doc = await setSaved(launchUri, broken);
    const r = await vscode.commands.executeCommand<Result>(CommandIds.launchAddConfiguration, { kinds: ['azureml'] });
    assert.equal(r, undefined);
    assert.equal(doc.getText(), broken);
    assert.equal(doc.isDirty, false);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(launchUri)), broken);
    await screenshot('launch-json-syntax-error');
  });
});
