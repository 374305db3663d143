// Why a pull failed, from the engine's words, and what to do about it.
import * as assert from 'node:assert/strict';
import { classifyPullFailure, loginCommands, pullFailureText } from '../../../../../src/core/docker/imagePull/pullFailure';

describe('pull failures', () => {
  // The messages below are the engine's own (Docker 26, docker-registry 2.8), captured on the test machine.
  it('no credentials / wrong credentials: auth, with the login commands', () => {
    const image = '127.0.0.1:15123/azureml/replica:t1';
    const none = classifyPullFailure(image, { message: '(HTTP code 500) server error - Head "http://127.0.0.1:15123/v2/azureml/replica/manifests/t1": no basic auth credentials', statusCode: 500 });
    assert.equal(none.kind, 'auth');
    assert.deepEqual(none.loginCommands, ['docker login 127.0.0.1:15123']);
    assert.equal(classifyPullFailure(image, { message: 'unauthorized: authentication required', statusCode: 500 }).kind, 'auth');
    const acr = classifyPullFailure('myregistry.azurecr.io/myimage:1', { message: 'denied: requested access to the resource is denied', statusCode: 500 });
    assert.equal(acr.kind, 'auth');
    assert.deepEqual(acr.loginCommands, ['az acr login --name myregistry', 'docker login myregistry.azurecr.io']);
    assert.match(pullFailureText(acr), /az acr login --name myregistry/);
    assert.deepEqual(loginCommands('docker.io'), ['docker login']);
  });

  it('a name or tag the registry lacks: notFound', () => {
    const f = classifyPullFailure('127.0.0.1:15123/azureml/replica:nope', {
      message: 'manifest for 127.0.0.1:15123/azureml/replica:nope not found: manifest unknown: manifest unknown',
      statusCode: 404,
    });
    assert.equal(f.kind, 'notFound');
    assert.match(pullFailureText(f), /no such image or tag/);
  });

  it('no network, a wrong host, nothing listening: unreachable, with the reason', () => {
    const dns = classifyPullFailure('mcr.microsoft.com/azureml/minimal-py312-inference:latest', {
      message: 'Get "https://mcr.microsoft.com/v2/": dial tcp: lookup mcr.microsoft.com on 10.255.255.53:53: no such host',
      statusCode: 500,
    });
    assert.deepEqual([dns.kind, dns.reason, dns.registry], ['unreachable', 'dns', 'mcr.microsoft.com']);
    const refused = classifyPullFailure('127.0.0.1:15999/a:1', { message: 'Get "http://127.0.0.1:15999/v2/": dial tcp 127.0.0.1:15999: connect: connection refused', statusCode: 500 });
    assert.deepEqual([refused.kind, refused.reason], ['unreachable', 'refused']);
    assert.equal(classifyPullFailure('x.io/a:1', { message: 'Get "https://x.io/v2/": net/http: TLS handshake timeout' }).reason, 'timeout');
  });

  it('an engine that does not answer is not blamed on the registry', () => {
    assert.equal(classifyPullFailure('a:1', { message: 'connect ECONNREFUSED /var/run/docker.sock', code: 'ECONNREFUSED' }).kind, 'engine');
  });
});
