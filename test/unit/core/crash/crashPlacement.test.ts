// Where each finding goes: a line of the entry script, the conda file, the
// deployment settings; and which finding heads the tree.
import * as assert from 'node:assert/strict';
import { headline, placementsOf, relativeToApp } from '../../../../src/core/crash/crashPlacement';

describe('placementsOf', () => {
  it('maps container paths below the app root to relative paths, nothing outside', () => {
    assert.equal(relativeToApp('/var/azureml-app/score.py'), 'score.py');
    assert.equal(relativeToApp('/var/azureml-app/lib/m.py', '/var/azureml-app/'), 'lib/m.py');
    assert.equal(relativeToApp('/usr/lib/python3/x.py'), undefined);
    assert.equal(relativeToApp('/var/azureml-app/../etc/passwd'), undefined);
  });
  it('puts a traceback on its line, a missing package also on the conda file, resources on settings', () => {
    assert.deepEqual(placementsOf({ code: 'init-failed', reason: 'raised', location: { path: '/var/azureml-app/score.py', line: 16 } }), [{ kind: 'script', relPath: 'score.py', line: 16 }]);
    assert.deepEqual(placementsOf({ code: 'missing-module', reason: 'no-module', location: { path: '/var/azureml-app/score.py', line: 2 }, data: { module: 'sklearn', package: 'scikit-learn' } }).map((p) => p.kind), ['script', 'conda']);
    assert.deepEqual(placementsOf({ code: 'insufficient-resources', reason: 'insufficient', data: { resource: 'nvidia.com/gpu' } }), [{ kind: 'settings', settings: ['gpu'] }]);
    assert.deepEqual(placementsOf({ code: 'oom-killed', reason: 'container-oom' }), [{ kind: 'settings', settings: ['memoryInGB'] }]);
    assert.deepEqual(placementsOf({ code: 'crash-loop', reason: 'crash-loop' }), [{ kind: 'none' }]);
  });
  it('heads the tree with the most specific cause', () => {
    assert.equal(headline([{ code: 'crash-loop', reason: 'crash-loop' }, { code: 'init-failed', reason: 'raised' }])?.code, 'init-failed');
    assert.equal(headline([]), undefined);
  });
});
