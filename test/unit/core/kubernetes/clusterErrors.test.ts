// Why a cluster cannot be used, classified, with no secret repeated.
import * as assert from 'node:assert/strict';
import { describeClusterError, untrustedProblem } from '../../../../src/core/kubernetes/clusterErrors';

const TOKEN = 'kq8d0c2w-very-secret-token-0123456789';

describe('cluster errors, classified and redacted', () => {
  it('unreachable, 401, expired, 403, missing exec plugin, TLS', () => {
    assert.equal(describeClusterError(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), { server: 'https://x' }).reason, 'cannot reach https://x (ECONNREFUSED)');
    assert.equal(describeClusterError({ code: 401, message: 'HTTP-Code: 401' }).kind, 'unauthorized');
    assert.equal(describeClusterError(Object.assign(new Error('Unauthorized'), { statusCode: 401 })).kind, 'unauthorized');
    assert.equal(describeClusterError(new Error('the access token has expired; run az login')).kind, 'expired');
    assert.equal(describeClusterError({ code: 403, message: 'forbidden' }).kind, 'forbidden');
    const missing = describeClusterError(Object.assign(new Error('spawn kubelogin ENOENT'), { code: 'ENOENT', syscall: 'spawn kubelogin', path: 'kubelogin' }), { execCommand: 'kubelogin' });
    assert.equal(missing.kind, 'execMissing');
    assert.match(missing.advice, /az aks install-cli/);
    assert.equal(describeClusterError(Object.assign(new Error('self-signed certificate'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })).kind, 'tls');
    assert.equal(untrustedProblem('kubelogin').kind, 'untrusted');
  });
  it('never repeats a secret from the error text', () => {
    const p = describeClusterError(new Error(`exec plugin said: token ${TOKEN} and Bearer ${TOKEN}`), { execCommand: 'get-token', secrets: [TOKEN] });
    assert.ok(!p.reason.includes(TOKEN), p.reason);
    assert.ok(!p.reason.includes(TOKEN.slice(0, 20)), p.reason);
  });
});
