// Where the Docker engine is: the setting, DOCKER_HOST, or the default socket.
import * as assert from 'node:assert/strict';
import { resolveDockerAddress } from '../../../../src/core/docker/dockerHost';

describe('resolveDockerAddress', () => {
  it('defaults to the standard socket', () => {
    assert.deepEqual(resolveDockerAddress('', undefined), { socketPath: '/var/run/docker.sock', label: 'unix:///var/run/docker.sock' });
  });
  it('prefers the setting over DOCKER_HOST', () => {
    assert.equal(resolveDockerAddress('unix:///tmp/d.sock', 'tcp://h:1').socketPath, '/tmp/d.sock');
    assert.deepEqual(resolveDockerAddress(undefined, 'tcp://10.0.0.5:2376'), { host: '10.0.0.5', port: 2376, protocol: 'http', label: 'tcp://10.0.0.5:2376' });
  });
  it('gives tcp:// its default port and https its TLS port', () => {
    assert.equal(resolveDockerAddress('tcp://docker', undefined).port, 2375);
    assert.equal(resolveDockerAddress('https://docker', undefined).port, 2376);
  });
  it('reads ssh://[user@]host[:port] as the docker CLI does', () => {
    assert.deepEqual(resolveDockerAddress('ssh://me@box', undefined), { protocol: 'ssh', host: 'box', port: 22, username: 'me', label: 'ssh://me@box' });
    assert.deepEqual(resolveDockerAddress(undefined, 'ssh://[::1]:2222'), { protocol: 'ssh', host: '::1', port: 2222, label: 'ssh://[::1]:2222' });
  });
  it('explains what it does not understand', () => {
    assert.throws(() => resolveDockerAddress('ftp://box', undefined), /not understood: use unix:\/\/.*ssh:\/\/user@host/);
    assert.throws(() => resolveDockerAddress('unix://', undefined), /names no socket path/);
  });
});
