// userSecrets(): a kubeconfig user's secrets in every form they may be echoed in.
import * as assert from 'node:assert/strict';
import { userSecrets } from '../../../../src/core/kubernetes/userSecrets';
import { MASK, redact } from '../../../../src/core/model/secrets';

describe('userSecrets', () => {
  it('covers the token, the base64 client key, the decoded PEM and its body lines', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMx\n-----END RSA PRIVATE KEY-----\n';
    const s = userSecrets({ clientKeyData: Buffer.from(pem).toString('base64'), token: 'tok-123456' });
    assert.ok(s.includes('tok-123456'));
    assert.ok(s.includes(pem));
    assert.ok(s.includes('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMx'));
    assert.equal(redact('fragment MIIEowIBAAKCAQEAu1SU1LfVLPHCozMx', s), `fragment ${MASK}`);
  });
  it('gives nothing for no user', () => {
    assert.deepEqual(userSecrets(undefined), []);
  });
});
