// Which local folder a deployment's code in Azure maps to: a deployment.yml
// naming the endpoint and deployment wins over one naming the endpoint only,
// which wins over a file named like the scoring script; the app root is where
// Azure mounts the code folder.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { localCodeFolder } from '../../../../src/core/azure/codeFolder';

const ws = path.resolve('/ws');
const at = (...p: string[]) => path.join(ws, ...p);

describe('localCodeFolder', () => {
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
