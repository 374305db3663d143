// The launch's paths as the resolver checks them after VS Code's substitution:
// a folder VS Code resolved (also `${workspaceFolder:name}` in a multi-root
// workspace) is used as is, a relative one is taken from the configuration's
// folder, and a variable VS Code left in place is named rather than looked up.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkLaunchPaths } from '../../../../src/core/edits/launchPaths';

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

describe('launch paths after substitution', () => {
  let root = '';
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-launch-paths-'));
    fs.mkdirSync(path.join(root, 'api', 'app'), { recursive: true });
    fs.mkdirSync(path.join(root, 'web'));
    fs.writeFileSync(path.join(root, 'api', 'app', 'score.py'), 'def init(): pass\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('an absolute folder holding the entry script starts', () => {
    const r = checkLaunchPaths({ appFolder: path.join(root, 'api', 'app'), entryScript: 'score.py' }, isFile);
    assert.deepEqual(r, { ok: true, appFolder: path.join(root, 'api', 'app'), entryScript: 'score.py' });
  });

  it('a relative folder is taken from the configuration\'s workspace folder, not the current directory', () => {
    const r = checkLaunchPaths({ appFolder: 'app', entryScript: 'score.py', folder: path.join(root, 'api') }, isFile);
    assert.deepEqual(r, { ok: true, appFolder: path.join(root, 'api', 'app'), entryScript: 'score.py' });
  });

  it('an absolute folder (what VS Code puts for ${workspaceFolder:api}/app) is not rebased on the configuration\'s own folder', () => {
    const r = checkLaunchPaths({ appFolder: path.join(root, 'api', 'app'), entryScript: 'score.py', folder: path.join(root, 'web') }, isFile);
    assert.equal(r.ok && r.appFolder, path.join(root, 'api', 'app'));
    const other = checkLaunchPaths({ appFolder: path.join(root, 'web'), entryScript: 'score.py' }, isFile);
    assert.deepEqual(other, { ok: false, problem: 'noEntryScript', appFolder: path.join(root, 'web'), entryScript: 'score.py' });
  });

  it('a folder without the entry script is refused with the absolute folder', () => {
    const r = checkLaunchPaths({ appFolder: 'web', entryScript: 'score.py', folder: root }, isFile);
    assert.deepEqual(r, { ok: false, problem: 'noEntryScript', appFolder: path.join(root, 'web'), entryScript: 'score.py' });
  });

  it('a folder is not taken for the entry script', () => {
    const r = checkLaunchPaths({ appFolder: root, entryScript: 'api' }, isFile);
    assert.equal(r.ok, false);
  });

  it('a variable left in place is named, never looked up as a path', () => {
    const r = checkLaunchPaths({ appFolder: '${command:pickFolder}/app', entryScript: 'score.py', folder: root }, () => true);
    assert.deepEqual(r, { ok: false, problem: 'unsubstituted', variable: '${command:pickFolder}' });
  });
});
