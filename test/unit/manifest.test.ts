// The manifest and the typed command table agree: every contributed command
// has an id in CommandIds and a localized title, and activation is never "*".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandIds, internalCommands, legacyCommandIds } from '../../src/platform/commandIds';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));

describe('manifest', () => {
  it('activates on events, never "*"', () => {
    assert.ok(Array.isArray(manifest.activationEvents) && manifest.activationEvents.length > 0);
    assert.ok(!manifest.activationEvents.includes('*'));
  });

  it('contributes exactly the commands of the typed table, less its internal ones', () => {
    const contributed = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(CommandIds).filter((id) => !internalCommands.has(id)).sort());
    assert.equal(internalCommands.size, 5, 'the crash quick fixes\' commands and the status bar item\'s');
  });

  it('spells Kubernetes one way: the old "k8s" command ids only forward, and still activate the extension', () => {
    const contributed = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
    assert.deepEqual([...contributed].filter((id) => /\.k8s\./.test(id)), []);
    assert.equal(Object.keys(legacyCommandIds).length, 6);
    for (const [old, current] of Object.entries(legacyCommandIds)) {
      assert.match(old, /^azuremlDebug\.k8s\./);
      assert.ok(contributed.has(current), `${old} forwards to ${current}, which is contributed`);
      assert.ok(manifest.activationEvents.includes(`onCommand:${old}`), `${old} activates the extension`);
    }
  });

  it('has a package.nls.json entry for every %key% in the manifest', () => {
    const keys = [...JSON.stringify(manifest.contributes).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 0);
    for (const key of keys) assert.ok(key in nls, `package.nls.json lacks "${key}"`);
  });

  it('names each package.nls.json key once (JSON keeps the last of two: a command title once read as a setting\'s text)', () => {
    const keys = [...fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8').matchAll(/^\s*"([^"]+)"\s*:/gm)].map((m) => m[1]);
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
  });

  it('keeps engines.vscode and @types/vscode at or below 1.100', () => {
    const minor = (v: string) => Number(/1\.(\d+)/.exec(v)?.[1]);
    assert.ok(minor(manifest.engines.vscode) <= 100, manifest.engines.vscode);
    assert.ok(minor(manifest.devDependencies['@types/vscode']) <= 100);
  });
});
