// The engine the user's docker CLI talks to, reached for real: a context
// (config.json's currentContext and its meta.json, stored under the sha256
// of its name) whose endpoint is a non-default unix socket, and DOCKER_HOST
// over TLS with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH and certificates made
// with openssl here. Both front the machine's real dockerd: the socket by a
// byte relay, TLS by a relay that requires a client certificate signed by
// the test's CA, so the extension's client does the real TLS handshake.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { EngineWatcher } from '../../src/docker/client/engineWatcher';
import { ServiceModel } from '../../src/core/model/serviceModel';
import { engineAddress } from '../../src/docker/engineAddress';
import { waitFor } from '../support/docker';

/** Pipes every connection of `server` (for TLS, every one past the handshake) to the real engine's socket. */
function relay(server: net.Server, event: 'connection' | 'secureConnection' = 'connection'): net.Server {
  server.on(event, (client: net.Socket) => {
    const engine = net.connect('/var/run/docker.sock');
    client.pipe(engine).pipe(client);
    const end = () => { client.destroy(); engine.destroy(); };
    client.on('error', end);
    engine.on('error', end);
  });
  return server;
}

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

describe('Docker endpoints as the docker CLI finds them (real engine behind)', function () {
  this.timeout(60000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-endpoints-'));
  const servers: net.Server[] = [];
  after(() => {
    for (const s of servers) s.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('follows config.json\'s current context to its endpoint on a non-default socket, and says so in the label', async () => {
    const socket = path.join(scratch, 'engine.sock');
    const server = relay(net.createServer());
    servers.push(server);
    await new Promise<void>((r) => server.listen(socket, r));
    const home = path.join(scratch, 'home');
    const id = createHash('sha256').update('relay').digest('hex');
    fs.mkdirSync(path.join(home, '.docker', 'contexts', 'meta', id), { recursive: true });
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: 'relay' }));
    fs.writeFileSync(path.join(home, '.docker', 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: 'relay', Metadata: {}, Endpoints: { docker: { Host: `unix://${socket}`, SkipTLSVerify: false } } }));
    const address = engineAddress(undefined, {}, home);
    assert.equal(address.socketPath, socket);
    const c = await connectThrough(address);
    assert.match(c.label ?? '', new RegExp(`^unix://${socket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(context "relay"\\)$`));
    assert.match(c.version ?? '', /^Docker Engine \d+/);
  });

  it('reaches DOCKER_HOST over TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and only with the client certificate', async () => {
    const certs = path.join(scratch, 'certs');
    fs.mkdirSync(certs);
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-ca', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
    fs.writeFileSync(path.join(certs, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    fs.writeFileSync(path.join(certs, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const [name, ext] of [['server', 'server.ext'], ['client', 'client.ext']]) {
      ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', `${name}-cert.pem`);
    }
    const read = (f: string) => fs.readFileSync(path.join(certs, f));
    const server = relay(tls.createServer({ key: read('server-key.pem'), cert: read('server-cert.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true }), 'secureConnection');
    servers.push(server);
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
    // DOCKER_CERT_PATH holds ca.pem, cert.pem and key.pem, as the docker CLI expects.
    const clientDir = path.join(scratch, 'client');
    fs.mkdirSync(clientDir);
    fs.copyFileSync(path.join(certs, 'ca.pem'), path.join(clientDir, 'ca.pem'));
    fs.copyFileSync(path.join(certs, 'client-cert.pem'), path.join(clientDir, 'cert.pem'));
    fs.copyFileSync(path.join(certs, 'client-key.pem'), path.join(clientDir, 'key.pem'));
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: clientDir };
    const address = engineAddress(undefined, env, path.join(scratch, 'nohome'));
    assert.equal(address.protocol, 'https');
    const c = await connectThrough(address);
    assert.equal(c.label, `https://127.0.0.1:${port} (DOCKER_HOST)`);
    assert.match(c.version ?? '', /^Docker Engine \d+/);
    // Without the client certificate the relay refuses the handshake: the connection is unreachable, not connected.
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
