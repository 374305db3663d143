// redact(): known secrets and secret-shaped text never reach a log line.
import * as assert from 'node:assert/strict';
import { redact, redactError, REDACTED, userSecrets } from '../../../../src/core/kubernetes/redact';

describe('redact', () => {
  const token = 'Zm9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkw';
  it('replaces known secrets, longest first', () => {
    assert.equal(redact(`a ${token} b ${token}`, [token, token.slice(0, 10)]), `a ${REDACTED} b ${REDACTED}`);
  });
  it('replaces bearer tokens, JWTs, PEM private keys and kubeconfig secret fields without being told', () => {
    assert.equal(redact('Authorization: Bearer abc.def-ghi'), `Authorization: Bearer ${REDACTED}`);
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXBhcnQ';
    assert.equal(redact(`got ${jwt}!`), `got ${REDACTED}!`);
    const pem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx\n-----END EC PRIVATE KEY-----';
    assert.equal(redact(`key:\n${pem}\nafter`), `key:\n${REDACTED}\nafter`);
    assert.equal(redact('token: s3cr3t-value'), `token: ${REDACTED}`);
    assert.equal(redact('{"status":{"token":"abc123456"}}'), `{"status":{"token":"${REDACTED}"}}`);
    assert.equal(redact('client-key-data: LS0tLS1CRUdJTg=='), `client-key-data: ${REDACTED}`);
  });
  it('leaves ordinary text alone and ignores too-short secrets', () => {
    assert.equal(redact('cannot reach https://127.0.0.1:6443 (ECONNREFUSED)', ['a', '']), 'cannot reach https://127.0.0.1:6443 (ECONNREFUSED)');
  });
  it('redactError takes an Error, a string or an object', () => {
    assert.equal(redactError(new Error(`x ${token}`), [token]), `x ${REDACTED}`);
    assert.equal(redactError({ message: 'm' }), '{"message":"m"}');
  });
  it('userSecrets covers the base64 client key, the decoded PEM and its body lines', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMx\n-----END RSA PRIVATE KEY-----\n';
    const s = userSecrets({ clientKeyData: Buffer.from(pem).toString('base64'), token: 'tok-123456' });
    assert.ok(s.includes('tok-123456'));
    assert.ok(s.includes(pem));
    assert.ok(s.includes('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMx'));
    assert.equal(redact('fragment MIIEowIBAAKCAQEAu1SU1LfVLPHCozMx', s), `fragment ${REDACTED}`);
  });
});
