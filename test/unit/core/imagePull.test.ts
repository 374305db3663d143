// The pure side of pulling an image: reading references, folding Docker's
// pull stream into layers and bytes (a stream captured from the real engine
// pulling from a local docker-registry), classifying the engine's real error
// texts, and finding `docker login` credentials.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acrName, parseImageReference } from '../../../src/core/docker/imagePull/imageReference';
import { PullProgress, formatBytes } from '../../../src/core/docker/imagePull/pullProgress';
import { classifyPullFailure, loginCommands, pullFailureText } from '../../../src/core/docker/imagePull/pullFailure';
import { registryAuthFrom } from '../../../src/core/docker/imagePull/registryAuth';

const fixture = path.resolve(__dirname, '../../../../test/fixtures/pull/docker-pull-one-new-layer.jsonl');

describe('image references', () => {
  it('finds the registry the way Docker does', () => {
    assert.deepEqual(parseImageReference('mcr.microsoft.com/azureml/minimal-py312-inference:latest'), {
      registry: 'mcr.microsoft.com',
      repository: 'azureml/minimal-py312-inference',
      tag: 'latest',
      digest: undefined,
    });
    assert.equal(parseImageReference('127.0.0.1:5000/a/b').registry, '127.0.0.1:5000');
    assert.equal(parseImageReference('127.0.0.1:5000/a/b').tag, 'latest');
    assert.equal(parseImageReference('localhost/x:1').registry, 'localhost');
    assert.deepEqual(parseImageReference('python:3.12'), { registry: 'docker.io', repository: 'library/python', tag: '3.12', digest: undefined });
    assert.equal(parseImageReference('azureml-debug/inference:latest').registry, 'docker.io');
    const pinned = parseImageReference('myregistry.azurecr.io/myimage@sha256:abc');
    assert.equal(pinned.digest, 'sha256:abc');
    assert.equal(pinned.tag, undefined);
    assert.equal(acrName('myregistry.azurecr.io'), 'myregistry');
    assert.equal(acrName('mcr.microsoft.com'), undefined);
  });
});

describe('pull progress', () => {
  it('counts layers present and bytes downloaded from a real pull stream', () => {
    const p = new PullProgress();
    const text = fs.readFileSync(fixture, 'utf8');
    // Fed in odd-sized chunks, as a socket delivers it.
    let rest = '';
    for (let i = 0; i < text.length; i += 97) rest = p.addText(rest + text.slice(i, i + 97));
    p.addText(`${rest}\n`);
    const s = p.snapshot();
    assert.equal(s.layersTotal, 8);
    assert.equal(s.layersDone, 8);
    assert.equal(s.bytesTotal, 8002680);
    assert.equal(s.bytesDone, 8002680);
    assert.match(s.status ?? '', /^Status: Downloaded newer image/);
    assert.equal(p.error, undefined);
  });

  it('reports a layer part-way, and an error line of the stream', () => {
    const p = new PullProgress();
    p.add({ status: 'Pulling from azureml/x', id: 't1' });
    p.add({ status: 'Pulling fs layer', id: 'a' });
    p.add({ status: 'Already exists', id: 'b' });
    p.add({ status: 'Downloading', id: 'a', progressDetail: { current: 1000, total: 4000 } });
    assert.deepEqual({ ...p.snapshot(), status: undefined }, { layersDone: 1, layersTotal: 2, bytesDone: 1000, bytesTotal: 4000, status: undefined });
    p.add({ errorDetail: { message: 'unexpected EOF' }, error: 'unexpected EOF' });
    assert.equal(p.error, 'unexpected EOF');
  });

  it('prints sizes as Docker does', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(8002680), '8.00 MB');
    assert.equal(formatBytes(312_000_000), '312.0 MB');
  });
});

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
