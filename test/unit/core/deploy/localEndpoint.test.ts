// The container the Azure ML CLI's --local makes, laid out from resolved
// paths: names, labels, the model's parent and the code folder mounted, and
// the variables the server reads, in the CLI's own corner cases.
import * as assert from 'node:assert/strict';
import { CliLabels, localEndpointLayout, localEndpointOf } from '../../../../src/core/deploy/localEndpoint';

const base = {
  endpoint: 'my-endpoint',
  deployment: 'blue',
  modelPath: '/work/model-1/model',
  modelName: 'sklearn',
  modelVersion: '3',
  codeFolder: '/work/model-1/onlinescoring',
  scoringScript: 'score.py',
  environmentVariables: {},
  endpointData: { name: 'my-endpoint' },
  deploymentData: { name: 'blue' },
};

describe('localEndpoint.localEndpointLayout', () => {
  it('names the image and container, labels it as the CLI does, and mounts the model\'s parent and the code folder', () => {
    const l = localEndpointLayout(base);
    assert.equal(l.image, 'my-endpoint:blue');
    assert.equal(l.container, 'my-endpoint.blue');
    assert.deepEqual(l.labels, {
      [CliLabels.localEndpoint]: '',
      endpoint: 'my-endpoint',
      deployment: 'blue',
      'endpoint-data': '{"name":"my-endpoint"}',
      'deployment-data': '{"name":"blue"}',
      'azureml-port': '5001',
    });
    assert.deepEqual(l.binds, ['/work/model-1:/var/azureml-app/azureml-models/sklearn/3', '/work/model-1/onlinescoring:/var/azureml-app/onlinescoring/']);
    assert.deepEqual(l.env, { AZUREML_MODEL_DIR: '/var/azureml-app/azureml-models/sklearn/3', AML_APP_ROOT: '/var/azureml-app/onlinescoring/', AZUREML_ENTRY_SCRIPT: 'score.py' });
    assert.equal(l.appRoot, '/var/azureml-app/onlinescoring');
  });

  it('runs a script in a subfolder from that subfolder, with no trailing slash (os.path.join)', () => {
    const l = localEndpointLayout({ ...base, scoringScript: 'src/score.py' });
    assert.equal(l.env.AML_APP_ROOT, '/var/azureml-app/onlinescoring/src');
    assert.equal(l.env.AZUREML_ENTRY_SCRIPT, 'score.py');
    assert.equal(l.appRoot, '/var/azureml-app/onlinescoring/src');
  });

  it('mounts `code: ./src` under its own name and runs onlinescoring/score.py from its folder, as Azure\'s examples lay it out', () => {
    const l = localEndpointLayout({ ...base, codeFolder: '/work/proj/src', scoringScript: 'onlinescoring/score.py' });
    assert.equal(l.binds[1], '/work/proj/src:/var/azureml-app/src/');
    assert.deepEqual([l.env.AML_APP_ROOT, l.env.AZUREML_ENTRY_SCRIPT], ['/var/azureml-app/src/onlinescoring', 'score.py']);
  });

  it('puts an anonymous model at azureml-models/, a file model\'s folder as the mount, and lets the user\'s variables win', () => {
    const l = localEndpointLayout({ ...base, modelName: undefined, modelVersion: undefined, modelPath: '/work/m/model.pkl', environmentVariables: { AZUREML_ENTRY_SCRIPT: 'other.py', X: '1' } });
    assert.equal(l.modelDir, '/var/azureml-app/azureml-models/');
    assert.equal(l.binds[0], '/work/m:/var/azureml-app/azureml-models/');
    assert.equal(l.env.AZUREML_ENTRY_SCRIPT, 'other.py');
    assert.equal(l.env.X, '1');
  });

  it('mounts, as Azure lays it out, model.path alone under its own name, a file as a folder the same', () => {
    const folder = localEndpointLayout({ ...base, modelMount: 'azure' });
    assert.equal(folder.binds[0], '/work/model-1/model:/var/azureml-app/azureml-models/sklearn/3/model');
    assert.equal(folder.env.AZUREML_MODEL_DIR, '/var/azureml-app/azureml-models/sklearn/3');
    const file = localEndpointLayout({ ...base, modelMount: 'azure', modelName: undefined, modelVersion: undefined, modelPath: '/work/m/model.pkl' });
    assert.equal(file.binds[0], '/work/m/model.pkl:/var/azureml-app/azureml-models/model.pkl');
    assert.equal(localEndpointLayout({ ...base, modelMount: 'azure', modelPath: '/work/model-1/model/' }).binds[0], '/work/model-1/model:/var/azureml-app/azureml-models/sklearn/3/model');
  });

  it('reads the endpoint and deployment back from labels, and nothing from other containers', () => {
    assert.deepEqual(localEndpointOf(localEndpointLayout(base).labels), { endpoint: 'my-endpoint', deployment: 'blue' });
    assert.equal(localEndpointOf({ endpoint: 'x' }), undefined);
    assert.equal(localEndpointOf(undefined), undefined);
  });
});
