// Why an ssh:// engine cannot be used, in words for the engine node, with
// the command that fixes it: an unknown, changed or revoked host key, keys
// the host refused, no key at all, nothing listening, no answer, `docker`
// missing on the host, `docker system dial-stdio` failing there. Pure. Never
// names key material or a passphrase: only paths, key types and fingerprints.
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
  const trust = (keyType: string) =>
    `check the fingerprint with the host's administrator (on the host: \`ssh-keygen -lf ${hostKeyFile(keyType)}\`), then trust it: run \`${ssh} docker version\` and answer "yes", or \`ssh-keyscan ${portFlag(login, '-p')}${shellWord(login.host)} >> ${shellWord(knownHosts)}\`. It reconnects by itself.`;
  const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  switch (f.kind) {
    case 'hostUnknown':
      return {
        reason: `the SSH host key of ${hostName} is not known (${f.keyType} ${f.fingerprint}); it was not trusted${f.otherTypes.length ? ` (${knownHosts} records only ${f.otherTypes.join(', ')} for it)` : ''}`,
        advice: sentence(trust(f.keyType)),
        lasting: true,
      };
    case 'hostChanged':
      return {
        reason: `the SSH host key of ${hostName} has CHANGED since it was recorded (${tildePath(f.path, login.home)} line ${f.line}); now ${f.keyType} ${f.fingerprint}. Someone may be intercepting the connection, or the host was reinstalled; nothing was sent to it`,
        advice: `If the host really changed, remove the old key with \`ssh-keygen -f ${shellWord(tildePath(f.path, login.home))} -R ${shellWord(hostName)}\`; then ${trust(f.keyType)}`,
        lasting: true,
      };
    case 'hostRevoked':
      return {
        reason: `the SSH host key of ${hostName} (${f.keyType} ${f.fingerprint}) is marked @revoked in ${tildePath(f.path, login.home)} line ${f.line}; nothing was sent to it`,
        advice: 'Ask the host\'s administrator for its new key; a revoked key is never accepted.',
        lasting: true,
      };
    case 'noKeys': {
      const locked = f.locked.map((p) => tildePath(p, login.home));
      return {
        reason: `no SSH key to log in to ${where} with: SSH_AUTH_SOCK is not set, and ${locked.length ? `${locked.join(', ')} ${locked.length > 1 ? 'open' : 'opens'} only with a passphrase, which is used only through ssh-agent` : `none of ${login.identityFiles.map((p) => tildePath(p, login.home)).join(', ')} exists`}`,
        advice: locked.length
          ? `Load the key into ssh-agent (\`ssh-add ${locked.map(shellWord).join(' ')}\`) and start VS Code where SSH_AUTH_SOCK is set.`
          : `Create a key (\`ssh-keygen -t ed25519\`) and authorize it on the host (\`ssh-copy-id ${portFlag(login, '-p')}${shellWord(`${login.user}@${login.host}`)}\`), or start ssh-agent with your key loaded.`,
        lasting: true,
      };
    }
    case 'authFailed':
      return {
        reason: `${where} refused the SSH keys offered (${f.tried.join(', ') || 'none'})${f.agentBroken ? '; the ssh-agent at SSH_AUTH_SOCK could not be used' : ''}`,
        advice: [
          `Authorize your public key for ${login.user} on the host (\`ssh-copy-id ${portFlag(login, '-p')}${shellWord(`${login.user}@${login.host}`)}\`), or load the right key into ssh-agent (\`ssh-add\`); \`${ssh} docker version\` must work without a password.`,
          f.locked.length ? `Keys with a passphrase are used only through ssh-agent: \`ssh-add ${f.locked.map((p) => shellWord(tildePath(p, login.home))).join(' ')}\`.` : '',
        ].filter(Boolean).join(' '),
        lasting: true,
      };
    case 'refused':
      return { reason: `nothing listens for SSH at ${login.host}:${login.port} (connection refused)`, advice: `Check that sshd runs on ${login.host} and that the port is right; it reconnects by itself.`, lasting: false };
    case 'unresolved':
      return { reason: `the host name ${login.host} cannot be resolved`, advice: 'Check the host name in the Docker host (setting, DOCKER_HOST or the docker context) and the network or VPN. Host aliases from ~/.ssh/config are not read: write the real host name, user and port in the ssh:// URL.', lasting: false };
    case 'timeout':
      return f.stage === 'login'
        ? { reason: `no SSH answer from ${login.host}:${login.port} within ${f.seconds} s`, advice: 'Check the network or VPN, and that a firewall lets SSH through; it retries by itself.', lasting: false }
        : { reason: `docker on ${login.host} did not answer within ${f.seconds} s over SSH`, advice: `Check that dockerd runs on the host (\`${ssh} docker version\`); it retries by itself.`, lasting: false };
    case 'network':
      return { reason: `${login.host}:${login.port} cannot be reached (${f.code})`, advice: 'Check the network or VPN; it retries by itself.', lasting: false };
    case 'dropped':
      return { reason: `the SSH connection to ${where} dropped`, advice: 'It reconnects by itself as soon as the host answers again.', lasting: false };
    case 'dockerMissing':
      return {
        reason: `docker is not found on ${login.host} for ${login.user}${f.stderr ? ` (the remote shell said: "${remoteText(f.stderr)}")` : ''}`,
        advice: `Install the Docker CLI on the host, or put it on the PATH of non-interactive SSH sessions: \`${ssh} docker version\` must work.`,
        lasting: true,
      };
    case 'dialFailed':
      return {
        reason: `\`docker system dial-stdio\` failed on ${where}${f.exitCode !== undefined ? ` (exit ${f.exitCode})` : ''}${f.stderr ? `: ${remoteText(f.stderr)}` : ''}`,
        advice: `Run \`${ssh} docker version\` to see the same error: dockerd may be stopped on the host, or ${login.user} may not be allowed to use it (the "docker" group).`,
        // Logged in fine: a dockerd restarting on the host is back in seconds.
        lasting: false,
      };
    default:
      return { reason: `SSH to ${where} failed: ${remoteText(f.message)}`, advice: `Try \`${ssh} docker version\` in a terminal to see more; it retries by itself.`, lasting: false };
  }
}
