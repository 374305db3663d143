// Image references split as Docker reads them: registry, repository, tag.
import * as assert from 'node:assert/strict';
import { acrName, parseImageReference } from '../../../../../src/core/docker/imagePull/imageReference';

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
