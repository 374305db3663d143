// The attach configuration written into a .code-workspace "launch" section of
// a multi-root workspace: a bare ${workspaceFolder} names no folder there, so
// the mapping names one with ${workspaceFolder:name}, the folder that holds
// score.py. VS Code then resolves it to that folder (the host suite starts
// such a configuration by name).
import * as assert from 'node:assert/strict';
import { azuremlAttachConfiguration, azuremlFromDebugpy, debugpyAttachConfiguration, scopedLocalRoot } from '../../../../src/core/edits/attachConfig';

describe('attach configuration in a multi-root workspace', () => {
  it('names the folder that holds score.py, not merely the first', () => {
    const root = scopedLocalRoot([{ name: 'web', hasEntryScript: false }, { name: 'scoring api', hasEntryScript: true }]);
    assert.equal(root, '${workspaceFolder:scoring api}');
    assert.deepEqual(azuremlAttachConfiguration({ localRoot: root }).pathMappings, [{ localRoot: '${workspaceFolder:scoring api}', remoteRoot: '/var/azureml-app' }]);
    assert.equal(debugpyAttachConfiguration({ localRoot: root }).pathMappings[0].localRoot, '${workspaceFolder:scoring api}');
  });

  it('falls back to the first folder when none holds score.py', () => {
    assert.equal(scopedLocalRoot([{ name: 'a', hasEntryScript: false }, { name: 'b', hasEntryScript: false }]), '${workspaceFolder:a}');
  });

  it('never writes a name VS Code would cut at its "}"', () => {
    assert.equal(scopedLocalRoot([{ name: 'odd}name', hasEntryScript: true }, { name: 'app', hasEntryScript: false }]), '${workspaceFolder:app}');
    assert.equal(scopedLocalRoot([{ name: 'odd}name', hasEntryScript: true }]), undefined);
    assert.equal(scopedLocalRoot([]), undefined);
  });

  it('a folder configuration keeps the bare ${workspaceFolder}', () => {
    assert.equal(azuremlAttachConfiguration().pathMappings[0].localRoot, '${workspaceFolder}');
  });
});

describe('a debugpy attach configuration on the azureml debugger (no Python Debugger installed)', () => {
  it('takes the seeds\' configuration as written: address, mappings and justMyCode', () => {
    const seeds = debugpyAttachConfiguration();
    assert.deepEqual(azuremlFromDebugpy(seeds), {
      name: 'Azure Machine Learning: Docker Debug',
      type: 'azureml',
      request: 'attach',
      host: '127.0.0.1',
      port: 5678,
      pathMappings: [{ localRoot: '${workspaceFolder}', remoteRoot: '/var/azureml-app' }],
      justMyCode: true,
    });
  });

  it('reads the Python Debugger\'s current "connect" form', () => {
    const r = azuremlFromDebugpy({ name: 'x', type: 'debugpy', request: 'attach', connect: { host: 'localhost', port: 5679 } });
    assert.equal(r?.host, 'localhost');
    assert.equal(r?.port, 5679);
    assert.deepEqual(r?.pathMappings, [{ localRoot: '${workspaceFolder}', remoteRoot: '/var/azureml-app' }]);
  });

  it('leaves alone what is not an attach to an address', () => {
    assert.equal(azuremlFromDebugpy({ type: 'debugpy', request: 'launch', program: '${file}' }), undefined);
    assert.equal(azuremlFromDebugpy({ type: 'debugpy', request: 'attach', processId: '${command:pickProcess}' }), undefined);
    assert.equal(azuremlFromDebugpy({ type: 'debugpy', request: 'attach', port: 70000 }), undefined);
    assert.equal(azuremlFromDebugpy({ type: 'python', request: 'attach', port: 5678 }), undefined);
  });
});
