// The first window of the Japanese pass: the user installs a Japanese language
// pack as from the Extensions view ("Install from VSIX...", the command behind
// it). The install runs in code-server's own extension management, whose
// language pack participant records the pack in languagepacks.json; code-server
// reads that file when it is started with --locale ja (the second window).
// A CLI install (--install-extension) records nothing there, so it cannot stand in.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../../support/docker';

describe('display language: installing a Japanese language pack', () => {
  it('installs through the Extensions view\'s command and code-server records it for --locale ja', async function () {
    this.timeout(120000);
    const vsix = process.env.AZUREML_DEBUG_LANGUAGE_PACK ?? '';
    const userData = process.env.AZUREML_DEBUG_USER_DATA ?? '';
    assert.ok(vsix && userData, 'the runner names the pack and the profile');
    await vscode.commands.executeCommand('workbench.extensions.installExtension', vscode.Uri.file(vsix));
    const packs = await waitFor('the pack in code-server\'s languagepacks.json', () => {
      try {
        const recorded = JSON.parse(fs.readFileSync(path.join(userData, 'languagepacks.json'), 'utf8')) as Record<string, { label?: string }>;
        return recorded.ja ? recorded : undefined;
      } catch {
        return undefined;
      }
    }, 60000);
    assert.equal(packs.ja.label, '日本語');
  });
});
