// An engine reached over ssh:// as the docker CLI reaches it: a private
// OpenSSH server (Debian's sshd, scripts/setup/sshd.sh) on a free loopback
// port, with its own host key and authorized_keys, logs the test's key in as
// the current user and runs `docker system dial-stdio`, which reaches this
// machine's real dockerd. Each case has its own HOME (keys, known_hosts), so
// the user's ~/.ssh is never read or written.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineWatcher } from '../../src/docker/client/engineWatcher';
import { ServiceModel } from '../../src/core/model/serviceModel';
import type { ConnectionState } from '../../src/core/model/serviceRecord';
import { engineAddress } from '../../src/docker/engineAddress';
import { docker, removeLabelled, SAMPLE_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../support/docker';

const SSHD = '/usr/sbin/sshd';
const runLabel = `com.azureml-debug.test-run=${uniqueName('ssh')}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function keygen(file: string, passphrase = ''): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', path.basename(file), '-f', file], { stdio: 'pipe' });
  return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Our sshd's per-connection processes (each calls setsid, so killing the listener leaves them serving). */
function children(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map(Number).filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none.
  }
}

describe('Docker engine over ssh:// (private sshd on loopback, real engine behind)', function () {
  this.timeout(90000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-ssh-'));
  const config = path.join(scratch, 'sshd_config');
  const hostKeyPub = () => fs.readFileSync(path.join(scratch, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  let port = 0;
  let sshd: ChildProcess | undefined;
  let sshdLog = '';
  const cleanups: (() => void)[] = [];

  /** Starts our sshd and resolves once it listens. */
  async function startSshd(): Promise<void> {
    const child = spawn(SSHD, ['-D', '-f', config, '-e'], { stdio: ['ignore', 'ignore', 'pipe'] });
    sshd = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sshd did not start:\n${sshdLog}`)), 10000);
      child.stderr!.on('data', (b: Buffer) => {
        sshdLog += b.toString();
        if (sshdLog.includes(`Server listening on 127.0.0.1 port ${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited ${code}:\n${sshdLog}`));
      });
    });
  }

  /** Stops sshd and drops its open connections, as a host going down does. */
  async function stopSshd(): Promise<void> {
    const child = sshd;
    if (!child?.pid || child.exitCode !== null) return;
    const sessions = children(child.pid);
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
    for (const pid of sessions) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone with its connection.
      }
    }
  }

  /** A HOME of its own: `.ssh/` with the files given (name -> content, 0600). */
  function home(name: string, files: Record<string, string>): string {
    const dir = path.join(scratch, name);
    fs.mkdirSync(path.join(dir, '.ssh'), { recursive: true, mode: 0o700 });
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, '.ssh', f), text, { mode: 0o600 });
    return dir;
  }

  /** Watches the engine DOCKER_HOST names, from `homeDir`; disposed after the test. */
  function watch(homeDir: string, env: Record<string, string> = {}): { model: ServiceModel; watcher: EngineWatcher; state: () => ConnectionState | undefined } {
    const model = new ServiceModel();
    const address = engineAddress(undefined, { DOCKER_HOST: `ssh://127.0.0.1:${port}`, ...env }, homeDir);
    const watcher = new EngineWatcher({ connectionId: 'docker:ssh', address, model, pinned: () => new Set(), showAll: () => true, minBackoffMs: 200, maxBackoffMs: 1000, lastingRetryMs: 500 });
    watcher.start();
    cleanups.push(() => {
      watcher.dispose();
      model.dispose();
    });
    return { model, watcher, state: () => model.connection('docker:ssh') };
  }

  const unreachable = (state: () => ConnectionState | undefined, what: string, re: RegExp) =>
    waitFor(what, () => {
      const s = state();
      return s?.status === 'unreachable' && re.test(s.reason ?? '') ? s : undefined;
    }, 30000);

  let clientKey = '';
  const clientPub = () => fs.readFileSync(path.join(scratch, 'client_key.pub'), 'utf8');
  const knownHosts = () => `[127.0.0.1]:${port} ${hostKeyPub()}\n`;

  before(async function () {
    if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} is missing: run scripts/setup/sshd.sh (the integration tier does).`);
    port = await freePort();
    keygen(path.join(scratch, 'host_key'));
    keygen(path.join(scratch, 'client_key'));
    clientKey = fs.readFileSync(path.join(scratch, 'client_key'), 'utf8');
    const noDocker = keygen(path.join(scratch, 'nodocker_key'));
    // The second key is forced to a shell where docker is not on PATH: the host "has no docker" for it.
    fs.writeFileSync(path.join(scratch, 'authorized_keys'), `${clientPub()}command="PATH=/nonexistent; docker system dial-stdio" ${noDocker}\n`, { mode: 0o600 });
    fs.writeFileSync(config, [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${path.join(scratch, 'host_key')}`,
      `AuthorizedKeysFile ${path.join(scratch, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      // The test logs in as the current user, root on the test machines; keys only.
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'PidFile none',
      // The key files live under the temp folder, not in the user's ~/.ssh.
      'StrictModes no',
      '',
    ].join('\n'));
    // sshd's privilege separation directory; /run is emptied at boot and only the service's unit makes it.
    fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    await startSshd();
  });

  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  after(async () => {
    await stopSshd();
    await removeLabelled(runLabel);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('lists and follows a real container over ssh://, logged in with ~/.ssh/id_ed25519 as the current user, and names DOCKER_HOST on the node', async () => {
    const name = uniqueName('aml-ssh');
    // No network: it needs none, and a shared machine's bridge may be mid-restart.
    const id = await docker('run', '-d', '--network', 'none', '--name', name, '--label', TEST_LABEL, '--label', runLabel, '--entrypoint', 'sleep', SAMPLE_IMAGE, '600');
    const { model, watcher, state } = watch(home('home-key', { id_ed25519: clientKey, known_hosts: knownHosts() }));
    const c = await waitFor('connected over ssh', () => (state()?.status === 'connected' ? state() : undefined), 30000);
    assert.equal(c.label, `ssh://127.0.0.1:${port} (DOCKER_HOST)`);
    assert.match(c.version ?? '', /^Docker Engine \d+/);
    assert.equal(model.get('docker:ssh', id)?.state, 'running', 'the container listed through dial-stdio');
    assert.match(sshdLog, new RegExp(`Accepted publickey for ${escape(os.userInfo().username)} from 127\\.0\\.0\\.1`));
    // An exec (the HTTP upgrade the debug bootstrap and server restarts use) rides the same transport.
    const exec = await watcher.docker.getContainer(id).exec({ Cmd: ['echo', 'over-ssh'], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    let out = '';
    stream.on('data', (b: Buffer) => (out += b.toString('latin1')));
    await new Promise((r) => stream.on('end', r));
    assert.match(out, /over-ssh/);
    // Events come through the SSH channel too: removing it reaches the model.
    await docker('rm', '-f', id);
    await waitFor('the removal seen over ssh', () => !model.get('docker:ssh', id));
  });

  it('logs in with a key held by ssh-agent (SSH_AUTH_SOCK) when ~/.ssh has none', async () => {
    const sock = path.join(scratch, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    cleanups.push(() => agent.kill());
    await waitFor('the agent socket', () => fs.existsSync(sock), 5000);
    execFileSync('ssh-add', [path.join(scratch, 'client_key')], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'pipe' });
    const { state } = watch(home('home-agent', { known_hosts: knownHosts() }), { SSH_AUTH_SOCK: sock });
    await waitFor('connected through the agent', () => state()?.status === 'connected', 30000);
  });

  it('refuses an unknown host key with the host, its fingerprint and the command to trust it, and connects by itself once trusted', async () => {
    const dir = home('home-unknown', { id_ed25519: clientKey });
    const logFrom = sshdLog.length;
    const { state } = watch(dir);
    const s = await unreachable(state, 'the unknown host key', /host key/);
    const fp = execFileSync('ssh-keygen', ['-lf', path.join(scratch, 'host_key.pub')], { encoding: 'utf8' }).split(' ')[1];
    assert.equal(s.reason, `the SSH host key of [127.0.0.1]:${port} is not known (ssh-ed25519 ${fp}); it was not trusted`);
    assert.ok(s.advice?.includes(`\`ssh-keyscan -p ${port} 127.0.0.1 >> ~/.ssh/known_hosts\``), s.advice);
    assert.ok(s.advice?.includes(`\`ssh -p ${port} ${os.userInfo().username}@127.0.0.1 docker version\``), s.advice);
    assert.doesNotMatch(sshdLog.slice(logFrom), /Accepted publickey/, 'the refused host was never logged in to');
    // What the advice says to run, for real: ssh-keyscan's line trusts the key.
    fs.appendFileSync(path.join(dir, '.ssh', 'known_hosts'), execFileSync('ssh-keyscan', ['-p', String(port), '127.0.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    await waitFor('connected once the key is trusted', () => state()?.status === 'connected', 30000);
  });

  it('refuses a host key that changed since known_hosts recorded it, and says how to remove the old one', async () => {
    const other = keygen(path.join(scratch, 'other_host_key')).split(' ').slice(0, 2).join(' ');
    const { state } = watch(home('home-changed', { id_ed25519: clientKey, known_hosts: `# an old entry\n[127.0.0.1]:${port} ${other}\n` }));
    const s = await unreachable(state, 'the changed host key', /host key/);
    assert.match(s.reason ?? '', new RegExp(`^the SSH host key of \\[127\\.0\\.0\\.1\\]:${port} has CHANGED since it was recorded \\(~/\\.ssh/known_hosts line 2\\)`));
    assert.ok(s.advice?.includes(`\`ssh-keygen -f ~/.ssh/known_hosts -R '[127.0.0.1]:${port}'\``), s.advice);
  });

  it('says the host refused the key, naming the key file and never its content', async () => {
    const wrong = path.join(scratch, 'wrong_key');
    keygen(wrong);
    const wrongKey = fs.readFileSync(wrong, 'utf8');
    const { state } = watch(home('home-wrong', { id_rsa: wrongKey, known_hosts: knownHosts() }));
    const s = await unreachable(state, 'the refused key', /refused/);
    assert.equal(s.reason, `${os.userInfo().username}@127.0.0.1:${port} refused the SSH keys offered (~/.ssh/id_rsa)`);
    assert.match(s.advice ?? '', /ssh-copy-id -p \d+ /);
    const body = wrongKey.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const line of body) assert.ok(!`${s.reason}${s.advice}`.includes(line), 'no key material on the node');
  });

  it('uses a passphrase-protected key only through ssh-agent, and says so without the passphrase', async () => {
    const locked = path.join(scratch, 'locked_key');
    keygen(locked, 'correct horse battery');
    const { state } = watch(home('home-locked', { id_ecdsa: fs.readFileSync(locked, 'utf8'), known_hosts: knownHosts() }));
    const s = await unreachable(state, 'no usable key', /no SSH key/);
    assert.match(s.reason ?? '', /~\/\.ssh\/id_ecdsa opens only with a passphrase/);
    assert.match(s.advice ?? '', /`ssh-add ~\/\.ssh\/id_ecdsa`/);
    assert.ok(!`${s.reason}${s.advice}`.includes('horse'), 'never the passphrase');
  });

  it('says docker is not found on the host when the remote shell cannot run it', async () => {
    const { state } = watch(home('home-nodocker', { id_ed25519: fs.readFileSync(path.join(scratch, 'nodocker_key'), 'utf8'), known_hosts: knownHosts() }));
    const s = await unreachable(state, 'docker missing', /docker is not found/);
    assert.match(s.reason ?? '', new RegExp(`^docker is not found on 127\\.0\\.0\\.1 for \\S+ \\(the remote shell said: ".*docker: (command )?not found"\\)$`));
    assert.match(s.advice ?? '', /Install the Docker CLI on the host/);
  });

  it('shows a stopped sshd as unreachable (nothing listens) and comes back by itself when sshd is back', async () => {
    const { state } = watch(home('home-outage', { id_ed25519: clientKey, known_hosts: knownHosts() }));
    await waitFor('connected', () => state()?.status === 'connected', 30000);
    await stopSshd();
    const s = await unreachable(state, 'sshd gone', /nothing listens for SSH/);
    assert.equal(s.reason, `nothing listens for SSH at 127.0.0.1:${port} (connection refused)`);
    await startSshd();
    await waitFor('reconnected on its own', () => state()?.status === 'connected', 30000);
  });
});
