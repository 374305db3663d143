// What an ssh:// engine's node says when it cannot be used: the login plan
// (user, port, keys, known_hosts) and each failure in words, with a command
// that fixes it, quoted for a shell, and never key material.
import * as assert from 'node:assert/strict';
import { resolveDockerEndpoint } from '../../../../src/core/docker/dockerEndpoint';
import { shellWord, sshLogin, tildePath } from '../../../../src/core/docker/sshLogin';
import { describeSshFailure, sshCommand } from '../../../../src/core/docker/sshProblems';

const home = '/home/u';
const login = sshLogin({ host: '10.0.0.5', port: 2222 }, { env: {}, home, user: 'me', platform: 'linux' });

describe('sshLogin', () => {
  it('logs in as the URL\'s user, else the current user, on the URL\'s port, with the agent first and the default keys after', () => {
    assert.deepEqual(login, {
      user: 'me',
      host: '10.0.0.5',
      port: 2222,
      identityFiles: ['/home/u/.ssh/id_ed25519', '/home/u/.ssh/id_ecdsa', '/home/u/.ssh/id_rsa'],
      knownHostsFiles: ['/home/u/.ssh/known_hosts', '/etc/ssh/ssh_known_hosts'],
      home,
    });
    const named = sshLogin({ host: 'box', username: 'ops' }, { env: { SSH_AUTH_SOCK: '/tmp/agent.sock' }, home, user: 'me', platform: 'linux' });
    assert.equal(named.user, 'ops');
    assert.equal(named.port, 22);
    assert.equal(named.agentSocket, '/tmp/agent.sock');
  });

  it('comes with an ssh:// endpoint, wherever it was named, with the current user when the URL has none', () => {
    const e = resolveDockerEndpoint({ env: { DOCKER_HOST: 'ssh://box:2200' }, home, platform: 'linux', user: 'me', read: () => undefined, exists: () => false });
    assert.equal(e.origin, 'DOCKER_HOST');
    assert.equal(e.ssh?.user, 'me');
    assert.equal(e.ssh?.port, 2200);
    assert.equal(resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://box:2375' }, home, platform: 'linux', read: () => undefined, exists: () => false }).ssh, undefined);
  });

  it('shows paths under home with ~ and quotes words a shell would misread', () => {
    assert.equal(tildePath('/home/u/.ssh/known_hosts', home), '~/.ssh/known_hosts');
    assert.equal(tildePath('/etc/ssh/ssh_known_hosts', home), '/etc/ssh/ssh_known_hosts');
    assert.equal(shellWord('me@box'), 'me@box');
    assert.equal(shellWord('[box]:2222'), `'[box]:2222'`);
    assert.equal(shellWord(`a'b;rm -rf`), `'a'\\''b;rm -rf'`);
  });
});

describe('describeSshFailure', () => {
  it('an unknown host key: the host, its fingerprint, and the ssh-keyscan and ssh commands that trust it', () => {
    const p = describeSshFailure({ kind: 'hostUnknown', keyType: 'ssh-ed25519', fingerprint: 'SHA256:abc', otherTypes: [] }, login);
    assert.equal(p.reason, 'the SSH host key of [10.0.0.5]:2222 is not known (ssh-ed25519 SHA256:abc); it was not trusted');
    assert.ok(p.advice.includes('`ssh-keyscan -p 2222 10.0.0.5 >> ~/.ssh/known_hosts`'), p.advice);
    assert.ok(p.advice.includes('`ssh -p 2222 me@10.0.0.5 docker version`'), p.advice);
    assert.ok(p.advice.includes('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub'), p.advice);
    assert.equal(p.lasting, true);
  });

  it('a changed host key: where the old one is and the ssh-keygen -R that removes it, quoted', () => {
    const p = describeSshFailure({ kind: 'hostChanged', keyType: 'ecdsa-sha2-nistp256', fingerprint: 'SHA256:abc', path: '/home/u/.ssh/known_hosts', line: 7 }, login);
    assert.match(p.reason, /^the SSH host key of \[10\.0\.0\.5\]:2222 has CHANGED since it was recorded \(~\/\.ssh\/known_hosts line 7\)/);
    assert.ok(p.advice.includes(`\`ssh-keygen -f ~/.ssh/known_hosts -R '[10.0.0.5]:2222'\``), p.advice);
    assert.ok(p.advice.includes('ssh_host_ecdsa_key.pub'), p.advice);
  });

  it('refused keys: which were offered, and how to authorize one; locked keys point to ssh-add', () => {
    const p = describeSshFailure({ kind: 'authFailed', tried: ['ssh-agent', '~/.ssh/id_ed25519'], locked: ['/home/u/.ssh/id_rsa'], agentBroken: false }, login);
    assert.equal(p.reason, 'me@10.0.0.5:2222 refused the SSH keys offered (ssh-agent, ~/.ssh/id_ed25519)');
    assert.match(p.advice, /`ssh-copy-id -p 2222 me@10\.0\.0\.5`/);
    assert.match(p.advice, /`ssh-add ~\/\.ssh\/id_rsa`/);
  });

  it('no key at all: names the files looked for', () => {
    const p = describeSshFailure({ kind: 'noKeys', locked: [] }, login);
    assert.match(p.reason, /SSH_AUTH_SOCK is not set, and none of ~\/\.ssh\/id_ed25519, ~\/\.ssh\/id_ecdsa, ~\/\.ssh\/id_rsa exists$/);
    assert.match(p.advice, /ssh-keygen -t ed25519/);
  });

  it('docker missing or failing on the host: the remote\'s words, on one bounded line without control characters', () => {
    const missing = describeSshFailure({ kind: 'dockerMissing', stderr: 'bash: line 1: docker: command not found\n' }, login);
    assert.equal(missing.reason, 'docker is not found on 10.0.0.5 for me (the remote shell said: "bash: line 1: docker: command not found")');
    const failed = describeSshFailure({ kind: 'dialFailed', exitCode: 1, stderr: `\x1b[31mpermission denied\x1b[0m\n${'x'.repeat(1000)}` }, login);
    assert.match(failed.reason, /^`docker system dial-stdio` failed on me@10\.0\.0\.5:2222 \(exit 1\): permission denied x+\.\.\.$/);
    assert.ok(failed.reason.length < 400);
    assert.equal(failed.lasting, false, 'a dockerd restarting on the host comes back soon');
  });

  it('transient failures say it retries by itself and are not lasting', () => {
    for (const f of [{ kind: 'refused' }, { kind: 'timeout', seconds: 15, stage: 'login' }, { kind: 'dropped' }] as const) {
      const p = describeSshFailure(f, login);
      assert.equal(p.lasting, false, f.kind);
      assert.match(p.advice, /by itself/, f.kind);
    }
    assert.equal(describeSshFailure({ kind: 'refused' }, login).reason, 'nothing listens for SSH at 10.0.0.5:2222 (connection refused)');
  });

  it('writes the ssh command without -p on port 22', () => {
    assert.equal(sshCommand(sshLogin({ host: 'box' }, { env: {}, home, user: 'me', platform: 'linux' })), 'ssh me@box');
  });
});
