// The cloud a sign-in talks to, from VS Code's sovereign cloud settings: the
// public cloud by default, China and US Government by name, a custom one from
// its Resource Manager URL, and an error rather than a silent fall back.
import * as assert from 'node:assert/strict';
import { CLOUDS, cloudOf } from '../../../../src/core/azure/clouds';

describe('core/azure clouds', () => {
  it('the public cloud when nothing is set, the named ones by name', () => {
    assert.equal(cloudOf(undefined), CLOUDS.AzureCloud);
    assert.equal(CLOUDS.AzureCloud.providerId, 'microsoft');
    assert.equal((cloudOf('ChinaCloud') as { providerId: string }).providerId, 'microsoft-sovereign-cloud');
    assert.equal(cloudOf(''), CLOUDS.AzureCloud);
    assert.equal((cloudOf('ChinaCloud') as { armEndpoint: string }).armEndpoint, 'https://management.chinacloudapi.cn');
    assert.equal((cloudOf('USGovernment') as { armScope: string }).armScope, 'https://management.core.usgovcloudapi.net//.default');
  });

  it('a custom cloud from its Resource Manager URL and resource id', () => {
    assert.deepEqual(cloudOf('custom', { name: 'Stack', resourceManagerEndpointUrl: 'https://management.local.azurestack.external/', activeDirectoryResourceId: 'https://management.adfs.azurestack.local/abc' }), {
      name: 'Stack', providerId: 'microsoft-sovereign-cloud', armEndpoint: 'https://management.local.azurestack.external', armScope: 'https://management.adfs.azurestack.local/abc//.default',
    });
  });

  it('an unknown value or a custom cloud without an https URL is an error, never the public cloud', () => {
    assert.ok('error' in cloudOf('AzureGermanCloud'));
    assert.ok('error' in cloudOf('custom', {}));
    assert.ok('error' in cloudOf('custom', { resourceManagerEndpointUrl: 'http://management.example' }));
  });
});
