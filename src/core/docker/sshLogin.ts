// How an ssh:// engine is logged in to, as the ssh client the docker CLI runs
// would do it without a config file: the user from the URL or the current
// user, the URL's port, keys from ssh-agent (SSH_AUTH_SOCK) and then the
// default identity files, the host checked against the user's and the
// system's known_hosts. Pure: the environment in, a plan (paths, no key) out.

/** What logging in to one ssh:// engine uses. Paths only: keys are read when connecting. */
export interface SshLogin {
  user: string;
  host: string;
  port: number;
  /** The ssh-agent socket (SSH_AUTH_SOCK), tried first. */
  agentSocket?: string;
  /** Private key files tried after the agent, in order, when they exist. */
  identityFiles: string[];
  /** The user's known_hosts first (the one to add to), then the system's. */
  knownHostsFiles: string[];
  /** The home folder the paths are under, to show them as `~/...`. */
  home: string;
}

/** The files OpenSSH tries when no IdentityFile is configured, newest key types first. */
export const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

const join = (...parts: string[]) => parts.join('/').replace(/\/+/g, '/');

/** The login plan for `ssh://[user@]host[:port]` (already parsed). */
export function sshLogin(address: { host: string; port?: number; username?: string }, inputs: { env: Record<string, string | undefined>; home: string; user: string; platform: string }): SshLogin {
  const sshDir = join(inputs.home, '.ssh');
  const system = inputs.platform === 'win32' ? join(inputs.env.PROGRAMDATA || 'C:/ProgramData', 'ssh', 'ssh_known_hosts') : '/etc/ssh/ssh_known_hosts';
  const agent = inputs.env.SSH_AUTH_SOCK?.trim();
  return {
    user: address.username || inputs.user,
    host: address.host,
    port: address.port ?? 22,
    ...(agent ? { agentSocket: agent } : {}),
    identityFiles: DEFAULT_IDENTITIES.map((f) => join(sshDir, f)),
    knownHostsFiles: [join(sshDir, 'known_hosts'), system],
    home: inputs.home,
  };
}

/** A path as the user writes it: `~/...` under the home folder. */
export function tildePath(path: string, home: string): string {
  const h = home.replace(/\/+$/, '');
  return h && path.startsWith(`${h}/`) ? `~${path.slice(h.length)}` : path;
}

/** One word for a POSIX shell: bare when it is plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9@%+=:,./_~-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
