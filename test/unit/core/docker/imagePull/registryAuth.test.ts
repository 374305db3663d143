// The credentials `docker login` stored for a registry, as the engine API
// wants them.
import * as assert from 'node:assert/strict';
import { registryAuthFrom } from '../../../../../src/core/docker/imagePull/registryAuth';

describe('registry credentials', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const config = JSON.stringify({
    auths: {
      '127.0.0.1:15123': { auth: b64('tester:pa:ss') },
      'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
      'myregistry.azurecr.io': { identitytoken: 'tok' },
    },
  });
  it('reads what docker login stored, for the image registry only', () => {
    assert.deepEqual(registryAuthFrom(config, '127.0.0.1:15123'), { username: 'tester', password: 'pa:ss', serveraddress: '127.0.0.1:15123' });
    assert.deepEqual(registryAuthFrom(config, 'docker.io'), { username: 'hubuser', password: 'hubpass', serveraddress: 'https://index.docker.io/v1/' });
    assert.deepEqual(registryAuthFrom(config, 'myregistry.azurecr.io'), { identitytoken: 'tok', serveraddress: 'myregistry.azurecr.io' });
    assert.equal(registryAuthFrom(config, 'mcr.microsoft.com'), undefined);
    assert.equal(registryAuthFrom('not json', 'x'), undefined);
  });
});
