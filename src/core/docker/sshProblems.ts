// Why an ssh:// engine cannot be used, in words for the engine node, with
// the command that fixes it: an unknown, changed or revoked host key, keys
// the host refused, no key at all, nothing listening, no answer, `docker`
// missing on the host, `docker system dial-stdio` failing there. Pure. Never
// names key material or a passphrase: only paths, key types and fingerprints.
import { l10n } from '../l10n';
import { knownHostsName } from './knownHosts';
import { shellWord, tildePath, type SshLogin } from './sshLogin';

/** What went wrong, as the transport saw it. */
export type SshFailure =
  | { kind: 'hostUnknown'; keyType: string; fingerprint: string; otherTypes: string[] }
  | { kind: 'hostChanged'; keyType: string; fingerprint: string; path: string; line: number }
  | { kind: 'hostRevoked'; keyType: string; fingerprint: string; path: string; line: number }
  /** Nothing to offer: no agent and no identity file that opens without a passphrase. */
  | { kind: 'noKeys'; locked: string[] }
  /** The host refused every key offered (`tried` names where they came from). */
  | { kind: 'authFailed'; tried: string[]; locked: string[]; agentBroken: boolean }
  | { kind: 'refused' }
  | { kind: 'unresolved' }
  | { kind: 'timeout'; seconds: number; stage: 'login' | 'answer' }
  | { kind: 'network'; code: string }
  | { kind: 'dropped' }
  | { kind: 'dockerMissing'; stderr: string }
  | { kind: 'dialFailed'; exitCode?: number; stderr: string }
  | { kind: 'other'; message: string };

/** The node's reason and what to do about it. */
export interface SshProblem {
  reason: string;
  advice: string;
  /** Errors that will not go away by retrying at once (keys, host keys, the remote's docker): retry slowly. */
  lasting: boolean;
}

/** Remote text made fit for one line on the node: no control characters, bounded. */
function remoteText(s: string): string {
  const line = s
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

const portFlag = (login: SshLogin, flag: '-p' | '-P') => (login.port === 22 ? '' : `${flag} ${login.port} `);

/** `ssh -p PORT user@host`, ready to paste. */
export function sshCommand(login: SshLogin): string {
  return `ssh ${portFlag(login, '-p')}${shellWord(`${login.user}@${login.host}`)}`;
}

/** Describes a failure of the ssh:// engine `login`. */
export function describeSshFailure(f: SshFailure, login: SshLogin): SshProblem {
  const where = `${login.user}@${login.host}${login.port === 22 ? '' : `:${login.port}`}`;
  const hostName = knownHostsName(login.host, login.port);
  const knownHosts = tildePath(login.knownHostsFiles[0] ?? '~/.ssh/known_hosts', login.home);
  const ssh = sshCommand(login);
  // The host's own file for that key type, where its administrator reads the fingerprint.
  const hostKeyFile = (t: string) => `/etc/ssh/ssh_host_${t.replace(/^ssh-/, '').replace(/^ecdsa-sha2-nistp\d+$/, 'ecdsa')}_key.pub`;
  const keyscan = `${portFlag(login, '-p')}${shellWord(login.host)}`;
  const copyId = `${portFlag(login, '-p')}${shellWord(`${login.user}@${login.host}`)}`;
  switch (f.kind) {
    case 'hostUnknown':
      return {
        reason: f.otherTypes.length
          ? l10n.t('the SSH host key of {0} is not known ({1} {2}); it was not trusted ({3} records only {4} for it)', hostName, f.keyType, f.fingerprint, knownHosts, f.otherTypes.join(', '))
          : l10n.t('the SSH host key of {0} is not known ({1} {2}); it was not trusted', hostName, f.keyType, f.fingerprint),
        advice: l10n.t('Check the fingerprint with the host\'s administrator (on the host: `ssh-keygen -lf {0}`), then trust it: run `{1} docker version` and answer "yes", or `ssh-keyscan {2} >> {3}`. It reconnects by itself.', hostKeyFile(f.keyType), ssh, keyscan, shellWord(knownHosts)),
        lasting: true,
      };
    case 'hostChanged':
      return {
        reason: l10n.t('the SSH host key of {0} has CHANGED since it was recorded ({1} line {2}); now {3} {4}. Someone may be intercepting the connection, or the host was reinstalled; nothing was sent to it', hostName, tildePath(f.path, login.home), f.line, f.keyType, f.fingerprint),
        advice: l10n.t('If the host really changed, remove the old key with `ssh-keygen -f {0} -R {1}`; then check the fingerprint with the host\'s administrator (on the host: `ssh-keygen -lf {2}`), then trust it: run `{3} docker version` and answer "yes", or `ssh-keyscan {4} >> {5}`. It reconnects by itself.', shellWord(tildePath(f.path, login.home)), shellWord(hostName), hostKeyFile(f.keyType), ssh, keyscan, shellWord(knownHosts)),
        lasting: true,
      };
    case 'hostRevoked':
      return {
        reason: l10n.t('the SSH host key of {0} ({1} {2}) is marked @revoked in {3} line {4}; nothing was sent to it', hostName, f.keyType, f.fingerprint, tildePath(f.path, login.home), f.line),
        advice: l10n.t('Ask the host\'s administrator for its new key; a revoked key is never accepted.'),
        lasting: true,
      };
    case 'noKeys': {
      const locked = f.locked.map((p) => tildePath(p, login.home));
      return {
        reason: locked.length > 1
          ? l10n.t('no SSH key to log in to {0} with: SSH_AUTH_SOCK is not set, and {1} open only with a passphrase, which is used only through ssh-agent', where, locked.join(', '))
          : locked.length
            ? l10n.t('no SSH key to log in to {0} with: SSH_AUTH_SOCK is not set, and {1} opens only with a passphrase, which is used only through ssh-agent', where, locked[0])
            : l10n.t('no SSH key to log in to {0} with: SSH_AUTH_SOCK is not set, and none of {1} exists', where, login.identityFiles.map((p) => tildePath(p, login.home)).join(', ')),
        advice: locked.length
          ? l10n.t('Load the key into ssh-agent (`ssh-add {0}`) and start VS Code where SSH_AUTH_SOCK is set.', locked.map(shellWord).join(' '))
          : l10n.t('Create a key (`ssh-keygen -t ed25519`) and authorize it on the host (`ssh-copy-id {0}`), or start ssh-agent with your key loaded.', copyId),
        lasting: true,
      };
    }
    case 'authFailed': {
      const tried = f.tried.join(', ');
      return {
        reason: f.agentBroken
          ? tried
            ? l10n.t('{0} refused the SSH keys offered ({1}); the ssh-agent at SSH_AUTH_SOCK could not be used', where, tried)
            : l10n.t('{0} refused the SSH keys offered (none); the ssh-agent at SSH_AUTH_SOCK could not be used', where)
          : tried
            ? l10n.t('{0} refused the SSH keys offered ({1})', where, tried)
            : l10n.t('{0} refused the SSH keys offered (none)', where),
        advice: [
          l10n.t('Authorize your public key for {0} on the host (`ssh-copy-id {1}`), or load the right key into ssh-agent (`ssh-add`); `{2} docker version` must work without a password.', login.user, copyId, ssh),
          f.locked.length ? l10n.t('Keys with a passphrase are used only through ssh-agent: `ssh-add {0}`.', f.locked.map((p) => shellWord(tildePath(p, login.home))).join(' ')) : '',
        ].filter(Boolean).join(' '),
        lasting: true,
      };
    }
    case 'refused':
      return { reason: l10n.t('nothing listens for SSH at {0}:{1} (connection refused)', login.host, login.port), advice: l10n.t('Check that sshd runs on {0} and that the port is right; it reconnects by itself.', login.host), lasting: false };
    case 'unresolved':
      return { reason: l10n.t('the host name {0} cannot be resolved', login.host), advice: l10n.t('Check the host name in the Docker host (setting, DOCKER_HOST or the docker context) and the network or VPN. Host aliases from ~/.ssh/config are not read: write the real host name, user and port in the ssh:// URL.'), lasting: false };
    case 'timeout':
      return f.stage === 'login'
        ? { reason: l10n.t('no SSH answer from {0}:{1} within {2} s', login.host, login.port, f.seconds), advice: l10n.t('Check the network or VPN, and that a firewall lets SSH through; it retries by itself.'), lasting: false }
        : { reason: l10n.t('docker on {0} did not answer within {1} s over SSH', login.host, f.seconds), advice: l10n.t('Check that dockerd runs on the host (`{0} docker version`); it retries by itself.', ssh), lasting: false };
    case 'network':
      return { reason: l10n.t('{0}:{1} cannot be reached ({2})', login.host, login.port, f.code), advice: l10n.t('Check the network or VPN; it retries by itself.'), lasting: false };
    case 'dropped':
      return { reason: l10n.t('the SSH connection to {0} dropped', where), advice: l10n.t('It reconnects by itself as soon as the host answers again.'), lasting: false };
    case 'dockerMissing':
      return {
        reason: f.stderr
          ? l10n.t('docker is not found on {0} for {1} (the remote shell said: "{2}")', login.host, login.user, remoteText(f.stderr))
          : l10n.t('docker is not found on {0} for {1}', login.host, login.user),
        advice: l10n.t('Install the Docker CLI on the host, or put it on the PATH of non-interactive SSH sessions: `{0} docker version` must work.', ssh),
        lasting: true,
      };
    case 'dialFailed':
      return {
        reason: dialFailedReason(where, f.exitCode, f.stderr ? remoteText(f.stderr) : ''),
        advice: l10n.t('Run `{0} docker version` to see the same error: dockerd may be stopped on the host, or {1} may not be allowed to use it (the "docker" group).', ssh, login.user),
        // Logged in fine: a dockerd restarting on the host is back in seconds.
        lasting: false,
      };
    default:
      return { reason: l10n.t('SSH to {0} failed: {1}', where, remoteText(f.message)), advice: l10n.t('Try `{0} docker version` in a terminal to see more; it retries by itself.', ssh), lasting: false };
  }
}

/** `docker system dial-stdio` failing on the host, with its exit code and what it said when known (one sentence each). */
function dialFailedReason(where: string, exitCode: number | undefined, said: string): string {
  if (exitCode !== undefined) {
    return said
      ? l10n.t('`docker system dial-stdio` failed on {0} (exit {1}): {2}', where, exitCode, said)
      : l10n.t('`docker system dial-stdio` failed on {0} (exit {1})', where, exitCode);
  }
  return said ? l10n.t('`docker system dial-stdio` failed on {0}: {1}', where, said) : l10n.t('`docker system dial-stdio` failed on {0}', where);
}
