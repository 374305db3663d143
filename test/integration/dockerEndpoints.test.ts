// The engine the user's docker CLI talks to, reached for real: a context
// (config.json's currentContext and its meta.json, stored under the sha256
// of its name) whose endpoint is a non-default unix socket, and DOCKER_HOST
// over TLS with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH and certificates made
// with openssl here. Both are a second, real dockerd (test/support/
// privateDockerd.ts) listening on its own socket and on 127.0.0.1 with
// --tlsverify, so the extension's client does dockerd's own TLS handshake;
// its one image tells it from the machine's engine.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineWatcher } from '../../src/docker/client/engineWatcher';
import { ServiceModel } from '../../src/core/model/serviceModel';
import { engineAddress } from '../../src/docker/engineAddress';
import { waitFor } from '../support/docker';
import { startPrivateDockerd, type PrivateDockerd } from '../support/privateDockerd';
import Dockerode from 'dockerode';

/** The connection the watcher reports once it has tried `address`. */
async function connectThrough(address: ReturnType<typeof engineAddress>) {
  const model = new ServiceModel();
  const watcher = new EngineWatcher({ connectionId: 'docker:endpoint', address, model, pinned: () => new Set(), showAll: () => false });
  watcher.start();
  try {
    return await waitFor('the engine to answer', () => (model.connection('docker:endpoint')?.status === 'connected' ? model.connection('docker:endpoint') : undefined), 20000);
  } finally {
    watcher.dispose();
    model.dispose();
  }
}

/** Makes a CA, a server certificate for 127.0.0.1 and a client certificate in `dir` with the openssl CLI. */
function makeCerts(dir: string): void {
  fs.mkdirSync(dir);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-ca', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, ext] of [['server', 'server.ext'], ['client', 'client.ext']]) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', `${name}-cert.pem`);
  }
}

/** A free TCP port on 127.0.0.1 (closed again at once, for dockerd to take). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('Docker endpoints as the docker CLI finds them (a second real dockerd)', function () {
  this.timeout(90000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-endpoints-'));
  const certs = path.join(scratch, 'certs');
  let engine: PrivateDockerd;
  let tlsPort: number;

  before(async () => {
    makeCerts(certs);
    tlsPort = await freePort();
    engine = await startPrivateDockerd(200, [
      '-H', `tcp://127.0.0.1:${tlsPort}`, '--tlsverify',
      '--tlscacert', path.join(certs, 'ca.pem'), '--tlscert', path.join(certs, 'server-cert.pem'), '--tlskey', path.join(certs, 'server-key.pem'),
    ]);
  });

  after(async () => {
    await engine?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** Whether `address` reaches the private engine (its only image), not the machine's. */
  async function isPrivateEngine(address: ReturnType<typeof engineAddress>): Promise<boolean> {
    const images = await new Dockerode(address as Dockerode.DockerOptions).listImages();
    return images.some((i) => (i.RepoTags ?? []).includes(engine.baseImage)) && images.length === 1;
  }

  it('follows config.json\'s current context to its endpoint on a non-default socket, and says so in the label', async () => {
    const home = path.join(scratch, 'home');
    const id = createHash('sha256').update('second').digest('hex');
    fs.mkdirSync(path.join(home, '.docker', 'contexts', 'meta', id), { recursive: true });
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: 'second' }));
    fs.writeFileSync(path.join(home, '.docker', 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: 'second', Metadata: {}, Endpoints: { docker: { Host: `unix://${engine.socket}`, SkipTLSVerify: false } } }));
    const address = engineAddress(undefined, {}, home);
    assert.equal(address.socketPath, engine.socket);
    const c = await connectThrough(address);
    assert.match(c.label ?? '', new RegExp(`^unix://${engine.socket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(context "second"\\)$`));
    assert.match(c.version ?? '', /^Docker Engine \d+/);
    assert.ok(await isPrivateEngine(address), 'the context reached the second engine');
  });

  it('reaches DOCKER_HOST over TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and only with the client certificate', async () => {
    // DOCKER_CERT_PATH holds ca.pem, cert.pem and key.pem, as the docker CLI expects.
    const clientDir = path.join(scratch, 'client');
    fs.mkdirSync(clientDir);
    fs.copyFileSync(path.join(certs, 'ca.pem'), path.join(clientDir, 'ca.pem'));
    fs.copyFileSync(path.join(certs, 'client-cert.pem'), path.join(clientDir, 'cert.pem'));
    fs.copyFileSync(path.join(certs, 'client-key.pem'), path.join(clientDir, 'key.pem'));
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${tlsPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: clientDir };
    const address = engineAddress(undefined, env, path.join(scratch, 'nohome'));
    assert.equal(address.protocol, 'https');
    const c = await connectThrough(address);
    assert.equal(c.label, `https://127.0.0.1:${tlsPort} (DOCKER_HOST)`);
    assert.match(c.version ?? '', /^Docker Engine \d+/);
    assert.ok(await isPrivateEngine(address), 'TLS reached the second engine');
    // Without the client certificate dockerd refuses the handshake: the connection is unreachable, not connected.
    fs.rmSync(path.join(clientDir, 'key.pem'));
    fs.rmSync(path.join(clientDir, 'cert.pem'));
    const model = new ServiceModel();
    const watcher = new EngineWatcher({ connectionId: 'docker:nocert', address: engineAddress(undefined, env, path.join(scratch, 'nohome')), model, pinned: () => new Set(), showAll: () => false });
    watcher.start();
    try {
      const refused = await waitFor('the refusal', () => (model.connection('docker:nocert')?.status === 'unreachable' ? model.connection('docker:nocert') : undefined), 20000);
      assert.ok(refused.reason, 'with a reason');
    } finally {
      watcher.dispose();
      model.dispose();
    }
  });
});
