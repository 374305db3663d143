// Kubeconfig discovery and merging, as kubectl does it, with each user's
// secrets collected for redaction.
import * as assert from 'node:assert/strict';
import { kubeconfigPaths, mergeKubeconfigs } from '../../../../src/core/kubernetes/kubeconfig';

const TOKEN = 'kq8d0c2w-very-secret-token-0123456789';
const KEY_PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n';
const KEY_DATA = Buffer.from(KEY_PEM).toString('base64');

const fileA = `apiVersion: v1
kind: Config
current-context: aks-prod
clusters:
- name: prod
  cluster: { server: 'https://prod.example:443', certificate-authority: ca.crt }
- name: dev
  cluster: { server: 'https://dev.example:443' }
users:
- name: token-user
  user: { token: ${TOKEN} }
- name: aad
  user:
    exec: { command: kubelogin, args: [get-token] }
contexts:
- name: dev
  context: { cluster: dev, user: token-user }
- name: aks-prod
  context: { cluster: prod, user: aad, namespace: azureml-ws }
`;
const fileB = `apiVersion: v1
current-context: other
clusters:
- name: prod
  cluster: { server: 'https://SHADOWED.example' }
- name: lab
  cluster: { server: 'https://lab.example' }
users:
- name: key-user
  user: { client-certificate-data: Zm9v, client-key-data: ${KEY_DATA} }
contexts:
- name: lab
  context: { cluster: lab, user: key-user }
`;

describe('kubeconfig discovery and merge', () => {
  it('reads the setting, else KUBECONFIG (several files), else ~/.kube/config', () => {
    assert.deepEqual(kubeconfigPaths({ setting: '/s/a:/s/b', env: '/e', home: '/h', delimiter: ':' }), ['/s/a', '/s/b']);
    assert.deepEqual(kubeconfigPaths({ setting: '', env: '/e/1::/e/2:/e/1', home: '/h', delimiter: ':' }), ['/e/1', '/e/2']);
    assert.deepEqual(kubeconfigPaths({ env: '', home: '/h', delimiter: ':' }), ['/h/.kube/config']);
    assert.deepEqual(kubeconfigPaths({ setting: '~/k.yaml', home: '/h', delimiter: ':' }), ['/h/k.yaml']);
  });

  it('merges like kubectl: first file wins per name, first current-context, current first', () => {
    const m = mergeKubeconfigs([{ path: '/cfg/a', text: fileA }, { path: '/cfg/b', text: fileB }]);
    assert.equal(m.currentContext, 'aks-prod');
    assert.deepEqual(m.contexts.map((c) => c.name), ['aks-prod', 'dev', 'lab']);
    const prod = m.contexts[0];
    assert.equal(prod.server, 'https://prod.example:443');
    assert.equal(prod.execCommand, 'kubelogin');
    assert.equal(prod.namespace, 'azureml-ws');
    const clusters = m.document.clusters as { name: string; cluster: Record<string, string> }[];
    assert.equal(clusters.find((c) => c.name === 'prod')?.cluster['certificate-authority'], '/cfg/ca.crt');
    assert.ok(m.contexts[1].secrets.includes(TOKEN));
    assert.ok(m.contexts[2].secrets.includes(KEY_DATA));
    assert.ok(m.contexts[2].secrets.some((s) => s.includes('MIIEowIBAAKCAQEA')));
  });

  it('reports a file the guarded parse refuses (too deep, too many aliases, a duplicate key) and keeps the others', () => {
    const aliases = `x: &a 1\nl: [${Array(1001).fill('*a').join(', ')}]\n`;
    const m = mergeKubeconfigs([
      { path: '/deep', text: `clusters: ${'['.repeat(40_000)}` },
      { path: '/aliases', text: aliases },
      { path: '/dup', text: 'kind: Config\nkind: Config\n' },
      { path: '/cfg/b', text: fileB },
    ]);
    assert.deepEqual(m.errors.map((e) => e.path), ['/deep', '/aliases', '/dup']);
    assert.match(m.errors[0].message, /nested deeper than 64 levels/);
    assert.match(m.errors[1].message, /more than 1000 anchors and aliases/);
    assert.equal(m.errors[2].message, 'Map keys must be unique (line 2, column 1)');
    assert.deepEqual(m.contexts.map((c) => c.name), ['lab']);
  });

  it('reports a file of 2 MB of blank lines unread, as too many tokens to parse within a second (issue 17)', () => {
    // Within the 2 MB a kubeconfig may have, these were two million tokens: 8 s of CPU in the yaml package.
    const m = mergeKubeconfigs([{ path: '/blank', text: `kind: Config${'\n'.repeat(2 * 1024 * 1024 - 20)}` }, { path: '/cfg/b', text: fileB }]);
    assert.deepEqual(m.errors.map((e) => e.path), ['/blank']);
    assert.match(m.errors[0].message, /^The file has more than 65536 keys, values, indicators and line ends; it was not read\./);
    assert.deepEqual(m.contexts.map((c) => c.name), ['lab']);
  });

  it('reports a broken file and keeps the others', () => {
    const m = mergeKubeconfigs([{ path: '/x', text: 'clusters: [ {' }, { path: '/cfg/b', text: fileB }]);
    assert.equal(m.errors.length, 1);
    assert.deepEqual(m.contexts.map((c) => c.name), ['lab']);
  });
});
