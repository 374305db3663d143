// Why a cluster cannot be used, classified, with no secret repeated.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { l10n, useTranslator } from '../../../../src/core/l10n';
import { describeClusterError, untrustedProblem } from '../../../../src/core/kubernetes/clusterErrors';
import { EXEC_FAILED, parseExecCredential, pluginError } from '../../../../src/core/kubernetes/execCredential';

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

  it('tells a failed credential plugin by its code, not its words, so a translated message is still classified (issue 19)', () => {
    const ja = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../../l10n/bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;
    useTranslator((message, ...args) => (ja[message] ?? message).replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m)));
    try {
      // What execAuth rejects with when the plugin exits non-zero: in Japanese, no word of it says "exec", "credential" or "plugin".
      const exited = pluginError(l10n.t('the credential plugin "{0}" exited with an error', 'kubelogin'));
      assert.equal(exited.message, '資格情報プラグイン "kubelogin" がエラーで終了しました');
      const p = describeClusterError(exited, { execCommand: 'kubelogin' });
      assert.equal(p.kind, 'execFailed');
      assert.equal(p.reason, '資格情報プラグイン "kubelogin" が失敗しました: 資格情報プラグイン "kubelogin" がエラーで終了しました');
      assert.throws(() => parseExecCredential('not json', { command: 'kubelogin' }), (err: Error & { code?: string }) => err.code === EXEC_FAILED && /ExecCredential を出力しませんでした/.test(err.message));
    } finally {
      useTranslator(undefined);
    }
  });
});
