// Where the server runs a scoring script from, as Azure ML v2 runs it: the
// script's own folder under the code folder's mount (AML_APP_ROOT) and its
// file name (AZUREML_ENTRY_SCRIPT); and which script a v2 container names.
import * as assert from 'node:assert/strict';
import { scriptRoot } from '../../../../src/core/model/appRoot';
import { CliLabels, scoringScriptOf } from '../../../../src/core/model/cliLabels';

describe('appRoot.scriptRoot', () => {
  it('runs a script in a subfolder of the code folder from that subfolder, under its file name', () => {
    assert.deepEqual(scriptRoot('/var/azureml-app/src', 'onlinescoring/score.py'), { appRoot: '/var/azureml-app/src/onlinescoring', entryScript: 'score.py' });
    assert.deepEqual(scriptRoot('/var/azureml-app/src/', './a/b/score.py'), { appRoot: '/var/azureml-app/src/a/b', entryScript: 'score.py' });
    // As deployment.yml is written on Windows.
    assert.deepEqual(scriptRoot('/var/azureml-app', 'src\\onlinescoring\\score.py'), { appRoot: '/var/azureml-app/src/onlinescoring', entryScript: 'score.py' });
  });
  it('runs a script at the top from the mount itself', () => {
    assert.deepEqual(scriptRoot('/var/azureml-app/onlinescoring/', 'score.py'), { appRoot: '/var/azureml-app/onlinescoring', entryScript: 'score.py' });
    assert.deepEqual(scriptRoot('/var/azureml-app', 'score.py'), { appRoot: '/var/azureml-app', entryScript: 'score.py' });
  });
});

describe('cliLabels.scoringScriptOf', () => {
  const labels = (data: string) => ({ [CliLabels.localEndpoint]: '', [CliLabels.endpoint]: 'ep', [CliLabels.deployment]: 'blue', [CliLabels.deploymentData]: data });
  it('reads code_configuration.scoring_script from a v2 container\'s deployment-data label', () => {
    assert.equal(scoringScriptOf(labels('{"name":"blue","code_configuration":{"code":"./src","scoring_script":"onlinescoring/score.py"}}')), 'onlinescoring/score.py');
    assert.equal(scoringScriptOf(labels('{"code_configuration":{"code":"..","scoring_script":"./onlinescoring\\\\score.py"}}')), 'onlinescoring/score.py');
  });
  it('names nothing for another container, a label that is not JSON, no script, or a path leaving the code folder', () => {
    assert.equal(scoringScriptOf({ [CliLabels.deploymentData]: '{"code_configuration":{"scoring_script":"score.py"}}' }), undefined);
    assert.equal(scoringScriptOf(labels('not json')), undefined);
    assert.equal(scoringScriptOf(labels('null')), undefined);
    assert.equal(scoringScriptOf(labels('{"name":"blue"}')), undefined);
    assert.equal(scoringScriptOf(labels('{"code_configuration":{"scoring_script":"../other/score.py"}}')), undefined);
    assert.equal(scoringScriptOf(labels('{"code_configuration":{"scoring_script":42}}')), undefined);
    assert.equal(scoringScriptOf(undefined), undefined);
  });
});
