// The engine the user means, found as the docker CLI finds it: the setting,
// DOCKER_HOST with its TLS variables, a context (DOCKER_CONTEXT or
// config.json's currentContext, with its stored TLS files), the rootless
// socket, the platform default; each says where it came from.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { resolveDockerEndpoint, type EndpointInputs } from '../../../../src/core/docker/dockerEndpoint';

const home = '/home/u';
const id = (name: string) => createHash('sha256').update(name).digest('hex');

function inputs(files: Record<string, string>, env: Record<string, string> = {}, more: Partial<EndpointInputs> = {}): EndpointInputs {
  return { env, home, platform: 'linux', read: (p) => files[p], exists: (p) => p in files, ...more };
}

describe('dockerEndpoint.resolveDockerEndpoint', () => {
  const remote = {
    [`${home}/.docker/config.json`]: '{"auths": {}, "currentContext": "remote"}',
    [`${home}/.docker/contexts/meta/${id('remote')}/meta.json`]: '{"Name":"remote","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://10.1.2.3:2376","SkipTLSVerify":false}}}',
    [`${home}/.docker/contexts/tls/${id('remote')}/docker/ca.pem`]: 'CA',
    [`${home}/.docker/contexts/tls/${id('remote')}/docker/cert.pem`]: 'CERT',
    [`${home}/.docker/contexts/tls/${id('remote')}/docker/key.pem`]: 'KEY',
  };

  it('takes config.json\'s current context, its endpoint and its TLS files', () => {
    const e = resolveDockerEndpoint(inputs(remote));
    assert.deepEqual(e, { host: '10.1.2.3', port: 2376, protocol: 'https', label: 'https://10.1.2.3:2376', ca: 'CA', cert: 'CERT', key: 'KEY', origin: 'context "remote"' });
  });

  it('lets DOCKER_CONTEXT, then DOCKER_HOST, then the setting win, as the CLI orders them', () => {
    const local = { ...remote, [`${home}/.docker/contexts/meta/${id('sock')}/meta.json`]: '{"Endpoints":{"docker":{"Host":"unix:///run/user/1000/docker.sock"}}}' };
    assert.equal(resolveDockerEndpoint(inputs(local, { DOCKER_CONTEXT: 'sock' })).socketPath, '/run/user/1000/docker.sock');
    assert.equal(resolveDockerEndpoint(inputs(local, { DOCKER_CONTEXT: 'default' })).origin, 'default', 'the default context is the default engine');
    assert.equal(resolveDockerEndpoint(inputs(local, { DOCKER_CONTEXT: 'sock', DOCKER_HOST: 'tcp://h:2375' })).origin, 'DOCKER_HOST');
    assert.equal(resolveDockerEndpoint(inputs(local, { DOCKER_HOST: 'tcp://h:2375' }, { setting: 'unix:///tmp/mine.sock' })).origin, 'setting');
  });

  it('reads DOCKER_TLS_VERIFY with DOCKER_CERT_PATH (else ~/.docker)', () => {
    const files = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY', [`${home}/.docker/ca.pem`]: 'HOMECA' };
    const e = resolveDockerEndpoint(inputs(files, { DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }));
    assert.deepEqual([e.protocol, e.port, e.ca, e.key], ['https', 2376, 'CA', 'KEY']);
    assert.equal(resolveDockerEndpoint(inputs(files, { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' })).ca, 'HOMECA');
    assert.equal(resolveDockerEndpoint(inputs(files, { DOCKER_HOST: 'tcp://h:2375' })).protocol, 'http', 'no TLS unless asked');
  });

  it('says which context is missing or broken, and shrugs off a broken config.json', () => {
    assert.throws(() => resolveDockerEndpoint(inputs({}, { DOCKER_CONTEXT: 'gone' })), /Docker context "gone" is not found .*docker context ls/);
    assert.throws(() => resolveDockerEndpoint(inputs({ [`${home}/.docker/contexts/meta/${id('bad')}/meta.json`]: '{' }, { DOCKER_CONTEXT: 'bad' })), /not valid JSON/);
    assert.equal(resolveDockerEndpoint(inputs({ [`${home}/.docker/config.json`]: 'not json' })).origin, 'default');
  });

  it('finds a rootless engine\'s socket when the system one is absent, and the named pipe on Windows', () => {
    const rootless = resolveDockerEndpoint(inputs({ '/run/user/1000/docker.sock': '' }, { XDG_RUNTIME_DIR: '/run/user/1000' }));
    assert.deepEqual([rootless.socketPath, rootless.origin], ['/run/user/1000/docker.sock', 'rootless socket']);
    const both = resolveDockerEndpoint(inputs({ '/run/user/1000/docker.sock': '', '/var/run/docker.sock': '' }, { XDG_RUNTIME_DIR: '/run/user/1000' }));
    assert.equal(both.socketPath, '/var/run/docker.sock');
    assert.equal(resolveDockerEndpoint(inputs({}, {}, { platform: 'win32' })).label, 'npipe:////./pipe/docker_engine');
  });
});
