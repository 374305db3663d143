// Namespace-scoped users (issue 17): the API server's refusal read from its
// own words, the namespaces watched instead, and how the tree says so.
import * as assert from 'node:assert/strict';
import { denialText, namespacesToWatch, parseDenial } from '../../../../src/core/kubernetes/access';
import { describeClusterError } from '../../../../src/core/kubernetes/clusterErrors';
import { connectionDisplay, scopeDisplay } from '../../../../src/core/model/serviceDisplay';

const CLUSTER = 'pods is forbidden: User "alice@contoso.com" cannot list resource "pods" in API group "" at the cluster scope';
const NAMESPACED = 'deployments.apps is forbidden: User "alice" cannot watch resource "deployments" in API group "apps" in the namespace "team-b"';

describe('namespace-scoped access', () => {
  it("reads kube-apiserver's Forbidden message, cluster-wide and in a namespace", () => {
    assert.deepEqual(parseDenial(CLUSTER), { user: 'alice@contoso.com', verb: 'list', resource: 'pods', group: '', namespace: undefined });
    assert.deepEqual(parseDenial(NAMESPACED), { user: 'alice', verb: 'watch', resource: 'deployments', group: 'apps', namespace: 'team-b' });
    assert.equal(parseDenial('Forbidden'), undefined);
    assert.equal(denialText(parseDenial(CLUSTER)!), 'User "alice@contoso.com" may not list pods at the cluster scope');
    assert.equal(denialText(parseDenial(NAMESPACED)!), 'User "alice" may not watch deployments in namespace "team-b"');
  });

  it('a 403 names the user and what was refused', () => {
    const p = describeClusterError(Object.assign(new Error(CLUSTER), { statusCode: 403 }));
    assert.equal(p.kind, 'forbidden');
    assert.equal(p.reason, '403 Forbidden: User "alice@contoso.com" may not list pods at the cluster scope');
  });

  it("watches the context's namespace, then exact names from the setting, then listed namespaces a glob matches, once each", () => {
    assert.deepEqual(namespacesToWatch({ contextNamespace: 'team-a', settings: ['azureml-*', 'team-a', 'ml'], listed: ['azureml-ws', 'kube-system', 'ml'] }), [
      { name: 'team-a', source: 'context' },
      { name: 'ml', source: 'setting' },
      { name: 'azureml-ws', source: 'listed' },
    ]);
    // A glob names nothing without a list; a name that is not a namespace name is never put in a URL.
    assert.deepEqual(namespacesToWatch({ settings: ['azureml-*', '../x', 'A'] }), []);
  });

  it('the connection says what was refused and what it shows instead', () => {
    const scope = {
      denied: ['User "alice" may not list pods at the cluster scope'],
      namespaces: [{ name: 'team-a', source: 'context' as const }],
    };
    const d = connectionDisplay({ id: 'k', kind: 'kubernetes', label: 'aks', status: 'connected', version: 'Kubernetes v1.32.0', scope });
    assert.equal(d.description, 'Kubernetes v1.32.0 · namespace team-a only');
    assert.match(d.tooltip.join('\n'), /Refused: User "alice" may not list pods at the cluster scope\.\nWatching instead: team-a \(the context's namespace\)\./);
    assert.equal(scopeDisplay(scope).message, 'Cluster-wide watch refused: showing team-a');
    const none = scopeDisplay({ denied: scope.denied, namespaces: [] });
    assert.equal(none.short, 'no namespace to watch');
    assert.match(none.lines.join('\n'), /kubectl config set-context --current --namespace NAME/);
  });
});
