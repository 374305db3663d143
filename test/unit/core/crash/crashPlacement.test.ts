// Where each finding goes: a line of the entry script, the conda file, the
// deployment settings; and which finding heads the tree.
import * as assert from 'node:assert/strict';
import { headline, pathInCodeFolder, placementsOf, relativeToApp } from '../../../../src/core/crash/crashPlacement';
import { FindingCodes } from '../../../../src/core/crash/crashCauses';

describe('placementsOf', () => {
  it('maps container paths below the app root to relative paths, nothing outside', () => {
    assert.equal(relativeToApp('/var/azureml-app/score.py'), 'score.py');
    assert.equal(relativeToApp('/var/azureml-app/lib/m.py', '/var/azureml-app/'), 'lib/m.py');
    assert.equal(relativeToApp('/usr/lib/python3/x.py'), undefined);
    assert.equal(relativeToApp('/var/azureml-app/../etc/passwd'), undefined);
  });
  it('places a frame of a script in a subfolder of a v2 code folder on that file of the local code folder', () => {
    // code: ./src, scoring_script: onlinescoring/score.py: Azure mounts src/ at /var/azureml-app/src/.
    const [p] = placementsOf({ code: 'init-failed', reason: 'raised', location: { path: '/var/azureml-app/src/onlinescoring/score.py', line: 7 } });
    assert.deepEqual(p, { kind: 'script', relPath: 'src/onlinescoring/score.py', line: 7 });
    assert.equal(pathInCodeFolder(p.kind === 'script' ? p.relPath : '', '/var/azureml-app/src'), 'onlinescoring/score.py');
    assert.equal(pathInCodeFolder('src/onlinescoring/weights.py', '/var/azureml-app/src/'), 'onlinescoring/weights.py');
    // The whole app root mounted (a launch of a folder): the path as it is; another folder than the code's: not in it.
    assert.equal(pathInCodeFolder('src/onlinescoring/score.py'), 'src/onlinescoring/score.py');
    assert.equal(pathInCodeFolder('other/score.py', '/var/azureml-app/src'), undefined);
    assert.equal(pathInCodeFolder('srcx/score.py', '/var/azureml-app/src'), undefined);
  });
  it('puts a traceback on its line, a missing package also on the conda file, resources on settings', () => {
    assert.deepEqual(placementsOf({ code: 'init-failed', reason: 'raised', location: { path: '/var/azureml-app/score.py', line: 16 } }), [{ kind: 'script', relPath: 'score.py', line: 16 }]);
    assert.deepEqual(placementsOf({ code: 'missing-module', reason: 'no-module', location: { path: '/var/azureml-app/score.py', line: 2 }, data: { module: 'sklearn', package: 'scikit-learn' } }).map((p) => p.kind), ['script', 'conda']);
    assert.deepEqual(placementsOf({ code: 'insufficient-resources', reason: 'insufficient', data: { resource: 'nvidia.com/gpu' } }), [{ kind: 'settings', settings: ['gpu'] }]);
    assert.deepEqual(placementsOf({ code: 'oom-killed', reason: 'container-oom' }), [{ kind: 'settings', settings: ['memoryInGB'] }]);
    assert.deepEqual(placementsOf({ code: 'crash-loop', reason: 'crash-loop' }), [{ kind: 'none' }]);
  });
  it('puts a missing init() on the script, Azure ML\'s node size on both requests, the server\'s and the cluster\'s own verdicts nowhere', () => {
    assert.deepEqual(placementsOf({ code: 'function-not-found', reason: 'no-function', location: { path: '/var/azureml-app/score.py', line: 1 }, data: { function: 'init' } }), [{ kind: 'script', relPath: 'score.py', line: 1 }]);
    assert.deepEqual(placementsOf({ code: 'insufficient-resources', reason: 'insufficient-sku', data: { cpuCores: 1.1, memoryGb: 2.6 } }), [{ kind: 'settings', settings: ['cpu', 'memoryInGB'] }]);
    // A deployment error code goes where its failure goes: PodOutOfMemory on the memory, the rest nowhere.
    assert.deepEqual(placementsOf({ code: 'oom-killed', reason: 'deployment-error', data: { deploymentError: 'PodOutOfMemory' } }), [{ kind: 'settings', settings: ['memoryInGB'] }]);
    for (const code of ['server-config', 'image-build', 'probe-failed', 'deployment-rejected', 'azure-side'] as const) assert.deepEqual(placementsOf({ code, reason: 'deployment-error' }), [{ kind: 'none' }], code);
  });
  it('heads the tree with the most specific cause', () => {
    assert.equal(headline([{ code: 'crash-loop', reason: 'crash-loop' }, { code: 'init-failed', reason: 'raised' }])?.code, 'init-failed');
    assert.equal(headline([{ code: 'crash-loop', reason: 'deployment-error' }, { code: 'probe-failed', reason: 'probe-failed' }])?.code, 'probe-failed');
    assert.equal(headline([{ code: 'init-failed', reason: 'raised' }, { code: 'server-config', reason: 'config-error' }])?.code, 'server-config');
    // A refused deployment names a cause; Azure failing on its own side comes after every symptom.
    assert.equal(headline([{ code: 'crash-loop', reason: 'crash-loop' }, { code: 'deployment-rejected', reason: 'deployment-error' }])?.code, 'deployment-rejected');
    assert.equal(headline([{ code: 'azure-side', reason: 'deployment-error' }, { code: 'crash-loop', reason: 'crash-loop' }])?.code, 'crash-loop');
    assert.equal(headline([]), undefined);
  });
  it('ranks every finding code for the tree', () => {
    // A code missing from the order would sort before all others, even the first (server-config).
    for (const code of FindingCodes.filter((c) => c !== 'server-config')) {
      assert.equal(headline([{ code, reason: 'raised' }, { code: 'server-config', reason: 'config-error' }])?.code, 'server-config', code);
    }
  });
});
