// "Debug this locally", v1: a web service as ARM returns it becomes the
// inferenceconfig.json + deploymentconfig.json pair that Deploy Locally's v1
// reader reads back (entry script, source folder, inline conda dependencies,
// model), with secrets withheld and what stays in Azure said.
import * as assert from 'node:assert/strict';
import type { ServiceResource } from '../../../../src/core/azure/armTypes';
import { serviceEntryScript, serviceLocalCopy } from '../../../../src/core/azure/localCopyV1';
import { readDeployConfig } from '../../../../src/core/deploy/deployConfig';
import { aciService } from '../../../support/azureServer/fixtures';

const WS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';

function withImageRequest(request: NonNullable<ServiceResource['properties']['environmentImageRequest']>): ServiceResource {
  const s = aciService(WS, 'aci-failed', 'eastus2', { state: 'Failed' });
  return { ...s, properties: { ...s.properties, environmentImageRequest: request } };
}

describe('core/azure/localCopyV1: an Azure web service as the local v1 pair', () => {
  it('writes an inferenceconfig.json the v1 reader reads: entry script, source folder, conda dependencies, model', () => {
    const service = withImageRequest({
      driverProgram: 'score.py', modelIds: ['sklearn_mnist:1'],
      environment: {
        name: 'myenv', version: '3', docker: { baseImage: 'mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu18.04' },
        python: { condaDependencies: { name: 'project_environment', dependencies: ['python=3.8', { pip: ['azureml-defaults', 'scikit-learn==0.22'] }] } },
        environmentVariables: { MODE: 'yes', APPINSIGHTS_INSTRUMENTATIONKEY: '00000000-aaaa-bbbb-cccc-0123456789ab' },
      },
    });
    assert.equal(serviceEntryScript(service), 'score.py');
    const copy = serviceLocalCopy({ service, sourceDirectory: '.', modelPath: 'model' });
    assert.deepEqual(copy.files.map((f) => f.name), ['inferenceconfig.json', 'deploymentconfig.json']);
    const read = readDeployConfig(copy.files[0].text);
    assert.deepEqual(read.problems, []);
    assert.equal(read.config?.entryScript, 'score.py');
    assert.equal(read.config?.sourceDirectory, '.');
    assert.equal(read.config?.modelPath, 'model');
    assert.match(read.config?.condaInline ?? '', /scikit-learn==0\.22/);
    assert.deepEqual(JSON.parse(copy.files[1].text), { computeType: 'local' });
    assert.ok(!copy.files.some((f) => f.text.includes('0123456789ab')), 'the instrumentation key is not written');
    assert.equal((JSON.parse(copy.files[0].text) as { environment: { environmentVariables: Record<string, string> } }).environment.environmentVariables.MODE, 'yes');
    assert.ok(copy.notes.some((n) => n.includes('APPINSIGHTS_INSTRUMENTATIONKEY')));
    assert.ok(copy.notes.some((n) => n.includes('openmpi3.1.2')), 'the Azure base image is named');
    assert.ok(copy.notes.some((n) => n.includes('0.1') && n.includes('0.5')), 'ACI cores and memory are named');
  });

  it('copies a service whose answer has no image request at all, saying what to fill in', () => {
    const bare = aciService(WS, 'bare', 'eastus2', { state: 'Healthy' });
    const copy = serviceLocalCopy({ service: bare });
    const read = readDeployConfig(copy.files[0].text);
    assert.deepEqual(read.problems, []);
    assert.equal(read.config?.entryScript, 'score.py');
    assert.ok(copy.notes.some((n) => n.includes('entryScript')));
    assert.ok(copy.notes.some((n) => n.includes('sourceDirectory')));
    // Not even properties: still no throw.
    assert.equal(serviceLocalCopy({ service: { id: 'x', name: 'x', type: 't' } as unknown as ServiceResource }).files.length, 2);
  });

  it('keeps odd characters in names and paths as JSON strings, and names a registered environment it could not copy', () => {
    const service = withImageRequest({ driverProgram: 'src/"odd" score\\n.py', environmentReference: { name: 'AzureML-Minimal', version: '12' }, modelIds: ['m:1'] });
    const copy = serviceLocalCopy({ service, sourceDirectory: 'a b/ü' });
    const read = readDeployConfig(copy.files[0].text);
    assert.equal(read.config?.entryScript, 'src/"odd" score\\n.py');
    assert.equal(read.config?.sourceDirectory, 'a b/ü');
    assert.ok(copy.notes.some((n) => n.includes('AzureML-Minimal:12')));
    assert.ok(copy.notes.some((n) => n.includes('m:1')));
  });
});
