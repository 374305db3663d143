// Runs a kubeconfig's exec credential plugin (kubelogin on Azure AD
// clusters) for client-node, in place of its own ExecAuth, which waits on a
// plugin forever (kubelogin's device-code sign-in never returns in the
// extension host), runs it once per concurrent request, keeps a token until
// the very millisecond it expires, and never lets a refused token go.
import { execFile } from 'node:child_process';
import type * as https from 'node:https';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { execInfo, needsRenewal, parseExecCredential, pluginError, type ExecCredential, type ExecSpec } from '../../core/kubernetes/execCredential';
import { l10n } from '../../core/l10n';

/** The auth-provider name an exec user is rewritten to (see {@link withExecProvider}). */
const PROVIDER = 'azureml-debug-exec';

/** How long a plugin may take before it is given up on. */
export const EXEC_TIMEOUT_MS = 60_000;

interface Cached { credential: ExecCredential; obtainedAt: number }

/** Runs the plugin of each exec user, sharing one run among concurrent requests and renewing ahead of expiry. */
export class ExecCredentialAuth {
  private readonly cache = new Map<string, Cached>();
  private readonly running = new Map<string, Promise<Cached>>();
  /** How many times a plugin was run (tests read it). */
  runs = 0;

  constructor(private readonly cluster: () => { server?: string; certificateAuthorityData?: string } | undefined, private readonly timeoutMs = EXEC_TIMEOUT_MS) {}

  isAuthProvider(user: User): boolean {
    return user.authProvider?.name === PROVIDER;
  }

  async applyAuthentication(user: User, opts: Pick<https.RequestOptions, 'headers' | 'cert' | 'key'>): Promise<void> {
    const spec = JSON.parse((user.authProvider?.config as { spec: string }).spec) as ExecSpec;
    const { credential } = await this.credential(user.name, spec);
    if (credential.clientCertificateData) opts.cert = credential.clientCertificateData;
    if (credential.clientKeyData) opts.key = credential.clientKeyData;
    if (credential.token) opts.headers = { ...(opts.headers as Record<string, string> | undefined), Authorization: `Bearer ${credential.token}` };
  }

  /** Drops every cached credential (the server answered 401): the next request runs the plugin again. */
  forget(): void {
    this.cache.clear();
  }

  private credential(userName: string, spec: ExecSpec): Promise<Cached> {
    const cached = this.cache.get(userName);
    if (cached && !needsRenewal(cached.credential, cached.obtainedAt, Date.now())) return Promise.resolve(cached);
    let run = this.running.get(userName);
    if (!run) {
      run = this.run(spec).then((c) => {
        this.cache.set(userName, c);
        return c;
      }).finally(() => this.running.delete(userName));
      this.running.set(userName, run);
    }
    return run;
  }

  private run(spec: ExecSpec): Promise<Cached> {
    this.runs++;
    const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: execInfo(spec, this.cluster()) };
    for (const e of spec.env ?? []) if (e && typeof e.name === 'string') env[e.name] = String(e.value ?? '');
    return new Promise((resolve, reject) => {
      // An argument array, no shell: nothing in the kubeconfig is interpreted.
      execFile(spec.command, spec.args ?? [], { env, timeout: this.timeoutMs, maxBuffer: 1 << 20, windowsHide: true }, (err, stdout, stderr) => {
        if (err) {
          const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
          if (e.code === 'ENOENT') return reject(e);
          if (e.killed) {
            return reject(Object.assign(new Error(l10n.t('the credential plugin "{0}" did not answer within {1} s (is it waiting for an interactive sign-in? sign in with `az login`, or convert the kubeconfig with `kubelogin convert-kubeconfig -l azurecli`)', spec.command, Math.round(this.timeoutMs / 1000))), { code: 'EXEC_TIMEOUT' }));
          }
          const said = String(stderr).trim().split('\n').slice(-3).join(' ').slice(0, 300);
          const how = e.code ?? e.signal;
          return reject(pluginError(
            how !== undefined && how !== null
              ? said ? l10n.t('the credential plugin "{0}" exited with {1}: {2}', spec.command, String(how), said) : l10n.t('the credential plugin "{0}" exited with {1}', spec.command, String(how))
              : said ? l10n.t('the credential plugin "{0}" exited with an error: {1}', spec.command, said) : l10n.t('the credential plugin "{0}" exited with an error', spec.command),
          ));
        }
        try {
          resolve({ credential: parseExecCredential(String(stdout), spec), obtainedAt: Date.now() });
        } catch (parseErr) {
          reject(parseErr as Error);
        }
      });
    });
  }
}

const auths = new WeakMap<KubeConfig, ExecCredentialAuth>();

/**
 * A kubeconfig document whose exec users go through {@link ExecCredentialAuth}:
 * each `exec` becomes an auth-provider of ours (client-node asks its own
 * authenticators first, and its ExecAuth claims every `exec` user).
 */
export function withExecProvider(document: Record<string, unknown>): Record<string, unknown> {
  const users = Array.isArray(document.users) ? (document.users as { name?: string; user?: Record<string, unknown> }[]) : [];
  return {
    ...document,
    users: users.map((u) => {
      const exec = u?.user?.exec as ExecSpec | undefined;
      if (!exec || typeof exec !== 'object' || typeof exec.command !== 'string') return u;
      const { exec: _moved, ...rest } = u.user!;
      return { ...u, user: { ...rest, 'auth-provider': { name: PROVIDER, config: { spec: JSON.stringify(exec) } } } };
    }),
  };
}

/** Registers the plugin runner on a kubeconfig loaded from {@link withExecProvider}'s document. */
export function attachExecAuth(config: KubeConfig, timeoutMs?: number): ExecCredentialAuth {
  const auth = new ExecCredentialAuth(() => {
    const c = config.getCurrentCluster();
    return c ? { server: c.server, certificateAuthorityData: c.caData } : undefined;
  }, timeoutMs);
  config.addAuthenticator(auth);
  auths.set(config, auth);
  return auth;
}

/** After a 401: the next request runs the plugin again instead of resending the refused token. */
export function forgetExecCredential(config: KubeConfig): void {
  auths.get(config)?.forget();
}
