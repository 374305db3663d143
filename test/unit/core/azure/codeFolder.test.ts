// Where an Azure deployment's code is on this machine: the folder the user's
// own deployment.yml for this endpoint and deployment names, else the one
// folder holding the scoring script, else a choice; a script path that would
// leave its folder is refused, and "nowhere" is said in words.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { chooseCodeFolder, localCodeFolder, relativePath, scriptInFolder } from '../../../../src/core/azure/codeFolder';

const W = path.resolve('/work/space');
const at = (...p: string[]) => path.join(W, ...p);

describe('core/azure/codeFolder: the local folder of a deployment\'s code', () => {
  it('takes the folder the matching deployment.yml names, though other folders hold a score.py too', () => {
    const choice = chooseCodeFolder({
      scoringScript: 'score.py', endpoint: 'sample-endpoint', deployment: 'crashloop',
      scripts: [at('sample', 'score.py'), at('crash', 'onlinescoring', 'score.py'), at('other', 'score.py')],
      deploymentFiles: [
        { file: at('crash', 'deployment.yml'), endpointName: 'sample-endpoint', name: 'crashloop', code: 'onlinescoring' },
        // Same deployment name, another endpoint: not this one.
        { file: at('other', 'deployment.yml'), endpointName: 'elsewhere', name: 'crashloop', code: '.' },
        // Names this deployment, but its folder has no score.py: not a candidate.
        { file: at('stale', 'deployment.yml'), endpointName: 'sample-endpoint', name: 'crashloop', code: 'gone' },
      ],
    });
    assert.deepEqual(choice, { kind: 'found', code: { folder: at('crash', 'onlinescoring'), deploymentFile: at('crash', 'deployment.yml') } });
  });

  it('matches names as Azure does (case-insensitively)', () => {
    const choice = chooseCodeFolder({
      scoringScript: 'score.py', endpoint: 'Sample-Endpoint', deployment: 'CrashLoop', scripts: [at('a', 'score.py'), at('b', 'score.py')],
      deploymentFiles: [{ file: at('b', 'deployment.yml'), endpointName: 'sample-endpoint', name: 'crashloop', code: '.' }],
    });
    assert.equal(choice.kind === 'found' && choice.code.folder, at('b'));
  });

  it('takes the only folder holding the script, and asks when several do', () => {
    assert.deepEqual(chooseCodeFolder({ scoringScript: './score.py', deployment: 'd', scripts: [at('app', 'score.py'), at('app', 'notes.txt')] }), { kind: 'found', code: { folder: at('app') } });
    const several = chooseCodeFolder({ scoringScript: 'score.py', deployment: 'd', scripts: [at('b', 'score.py'), at('a', 'score.py'), at('a', 'score.py')] });
    assert.deepEqual(several, { kind: 'ask', candidates: [{ folder: at('a') }, { folder: at('b') }] });
    // Two deployment files naming this deployment in two folders: asked too.
    const twoNamed = chooseCodeFolder({
      scoringScript: 'score.py', endpoint: 'e', deployment: 'd', scripts: [at('a', 'score.py'), at('b', 'score.py'), at('c', 'score.py')],
      deploymentFiles: [{ file: at('a', 'deployment.yml'), endpointName: 'e', name: 'd', code: '.' }, { file: at('b', 'dep.yml'), endpointName: 'e', name: 'd', code: '.' }],
    });
    assert.equal(twoNamed.kind === 'ask' && twoNamed.candidates.length, 2);
  });

  it('finds a script kept in a subfolder of the code folder (scoring_script: src/score.py)', () => {
    const choice = chooseCodeFolder({ scoringScript: 'src\\score.py', deployment: 'd', scripts: [at('proj', 'src', 'score.py'), at('proj', 'score.py')] });
    assert.deepEqual(choice, { kind: 'found', code: { folder: at('proj') } });
  });

  it('says so when no folder holds the script, or when there is no usable script path', () => {
    const none = chooseCodeFolder({ scoringScript: 'score.py', deployment: 'crashloop', scripts: [at('a', 'train.py'), at('a', 'my_score.py')] });
    assert.equal(none.kind, 'none');
    assert.match(none.kind === 'none' ? none.message : '', /score\.py.*crashloop/);
    for (const bad of ['../score.py', '/etc/passwd', 'C:/x/score.py', '..', '', 'a/../../score.py']) {
      const c = chooseCodeFolder({ scoringScript: bad, deployment: 'd', scripts: [at('score.py'), '/etc/passwd'] });
      assert.equal(c.kind, 'none', bad);
    }
    assert.equal(chooseCodeFolder({ scoringScript: undefined, deployment: 'd', scripts: [at('score.py')] }).kind, 'none');
    assert.equal(scriptInFolder('a/./b/../score.py'), 'a/score.py');
  });

  it('writes paths relative to the copy\'s folder, as a deployment file names them', () => {
    assert.equal(relativePath(at('.azureml-local', 'e-d'), at('crash', 'onlinescoring')), '../../crash/onlinescoring');
    assert.equal(relativePath(at('x'), at('x')), '.');
  });
});

// Placing a crash read from Azure's log, where nobody can be asked: a
// deployment.yml naming the endpoint and deployment wins over one naming the
// endpoint only, which wins over a file named like the scoring script; the
// app root is where Azure mounts the code folder.
describe('core/azure/codeFolder: localCodeFolder, for a crash in Azure', () => {
  const ws = W;
  const ymls = [
    { file: at('v2', 'deployment.yml'), name: 'blue', endpointName: 'sample-endpoint', code: 'onlinescoring', scoringScript: 'score.py' },
    { file: at('crash', 'deployment.yml'), name: 'crashloop', endpointName: 'Sample-Endpoint', code: '.', scoringScript: 'score.py' },
  ];
  const scripts = [at('score.py'), at('v2', 'onlinescoring', 'score.py'), at('crash', 'score.py')];

  it('prefers the yml naming this endpoint and deployment (names compared as Azure does, case-insensitively)', () => {
    assert.deepEqual(localCodeFolder({ endpointName: 'sample-endpoint', deploymentName: 'crashloop', scoringScript: 'score.py' }, ymls, scripts),
      { folder: at('crash'), appRoot: '/var/azureml-app/crash', by: 'deployment.yml' });
  });

  it('falls back to a yml of the same endpoint, its code folder resolved beside it', () => {
    assert.deepEqual(localCodeFolder({ endpointName: 'sample-endpoint', deploymentName: 'green', scoringScript: 'score.py' }, [ymls[0]], scripts),
      { folder: at('v2', 'onlinescoring'), appRoot: '/var/azureml-app/onlinescoring', by: 'endpoint.yml' });
  });

  it('else takes the shortest path of a file named like the scoring script, above a script in a subfolder', () => {
    assert.deepEqual(localCodeFolder({ endpointName: 'other', deploymentName: 'd', scoringScript: 'score.py' }, ymls, scripts)?.folder, ws);
    assert.deepEqual(localCodeFolder({ endpointName: 'other', deploymentName: 'd', scoringScript: 'src/main.py' }, [], [at('app', 'src', 'main.py')]),
      { folder: at('app'), appRoot: '/var/azureml-app/app', by: 'script' });
  });

  it('says nothing when the workspace holds neither', () => {
    assert.equal(localCodeFolder({ endpointName: 'other', deploymentName: 'd', scoringScript: 'score.py' }, [], [at('x', 'main.py')]), undefined);
  });
});
