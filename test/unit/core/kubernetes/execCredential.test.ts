// Exec credential plugins (kubelogin on Azure AD clusters, issue 17): what
// the plugin is told, how its answer is read, when a token is renewed.
import * as assert from 'node:assert/strict';
import { execInfo, needsRenewal, parseExecCredential, type ExecSpec } from '../../../../src/core/kubernetes/execCredential';

const KUBELOGIN: ExecSpec = {
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  command: 'kubelogin',
  args: ['get-token', '--login', 'azurecli', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630'],
  provideClusterInfo: false,
};

describe('exec credential plugins', () => {
  it('tells the plugin it may not prompt, and gives the cluster only when asked to', () => {
    assert.deepEqual(JSON.parse(execInfo(KUBELOGIN, { server: 'https://aks' })), { apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec: { interactive: false } });
    assert.deepEqual(JSON.parse(execInfo({ ...KUBELOGIN, apiVersion: 'client.authentication.k8s.io/v1', provideClusterInfo: true }, { server: 'https://aks', certificateAuthorityData: 'Q0E=' })).spec,
      { interactive: false, cluster: { server: 'https://aks', 'certificate-authority-data': 'Q0E=' } });
  });

  it("reads kubelogin's answer: the token and when it expires", () => {
    const out = JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: { interactive: false }, status: { expirationTimestamp: '2026-11-30T04:00:00Z', token: 'eyJ0eXAi' } });
    assert.deepEqual(parseExecCredential(out, KUBELOGIN), { token: 'eyJ0eXAi', clientCertificateData: undefined, clientKeyData: undefined, expiresAt: Date.parse('2026-11-30T04:00:00Z') });
  });

  it('says what is wrong with a bad answer, without repeating it (it may hold a token)', () => {
    const secret = 'tok-very-secret-123';
    for (const [out, why] of [
      [`Please visit https://microsoft.com/devicelogin ${secret}`, /not JSON/],
      [JSON.stringify({ kind: 'Status', apiVersion: 'v1', token: secret }), /a Status instead of an ExecCredential/],
      [JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', status: {} }), /neither a token nor a client certificate/],
      [JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', status: { token: secret, expirationTimestamp: 'soon' } }), /expirationTimestamp that is not a time/],
    ] as const) {
      assert.throws(() => parseExecCredential(out, KUBELOGIN), (e: Error) => why.test(e.message) && !e.message.includes(secret) && e.message.includes('"kubelogin"'));
    }
  });

  it('renews ahead of expiry: five minutes early for an hour-long token, a fifth of the life for a short one, never without an expiry', () => {
    const t0 = Date.parse('2026-11-30T03:00:00Z');
    const hour = { token: 'x', expiresAt: t0 + 3600_000 };
    assert.equal(needsRenewal(hour, t0, t0 + 54 * 60_000), false);
    assert.equal(needsRenewal(hour, t0, t0 + 55 * 60_000), true);
    const short = { token: 'x', expiresAt: t0 + 10_000 };
    assert.equal(needsRenewal(short, t0, t0 + 7_900), false);
    assert.equal(needsRenewal(short, t0, t0 + 8_000), true);
    assert.equal(needsRenewal({ token: 'x' }, t0, t0 + 1e12), false);
  });
});
