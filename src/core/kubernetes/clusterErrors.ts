// Why a cluster cannot be used, in words for the user, with what to do:
// unreachable, TLS, 401 (expired or wrong credentials), 403 (RBAC), a
// credential plugin that is missing or failed, an untrusted workspace.
// Pure; every message goes through redact() with the context's secrets.
import { l10n } from '../l10n';
import { redact } from '../model/secrets';
import { denialText, parseDenial } from './access';
import { EXEC_FAILED } from './execCredential';

/** The classified failure (shown on the cluster node). */
export interface ClusterProblem {
  kind: 'unreachable' | 'tls' | 'unauthorized' | 'expired' | 'forbidden' | 'execMissing' | 'execFailed' | 'untrusted' | 'server' | 'config';
  reason: string;
  advice: string;
}

interface ErrorLike {
  message?: string;
  code?: unknown;
  statusCode?: unknown;
  errno?: unknown;
  syscall?: string;
  path?: string;
  cause?: unknown;
  body?: unknown;
}

function httpStatus(e: ErrorLike): number | undefined {
  for (const v of [e.statusCode, e.code]) if (typeof v === 'number' && v >= 100 && v < 600) return v;
  const m = /\b(?:HTTP[- ]?(?:status|code)?[: ]*|status code |code: )(\d{3})\b/i.exec(e.message ?? '');
  return m ? Number(m[1]) : undefined;
}

function netCode(e: ErrorLike): string | undefined {
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as ErrorLike).cause, i++) {
    const c = (x as ErrorLike).code;
    if (typeof c === 'string') return c;
  }
  return undefined;
}

function causeText(e: ErrorLike): string {
  const parts: string[] = [];
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as ErrorLike).cause, i++) parts.push(String((x as ErrorLike).message ?? ''));
  return parts.join(' ');
}

/** Classifies an error from listing, watching or the credential plugin. */
export function describeClusterError(err: unknown, ctx: { server?: string; execCommand?: string; execInstallHint?: string; secrets?: string[] } = {}): ClusterProblem {
  const e = (typeof err === 'object' && err ? err : { message: String(err) }) as ErrorLike;
  const secrets = ctx.secrets ?? [];
  const text = redact(causeText(e), secrets);
  const code = netCode(e);
  const status = httpStatus(e);
  if (code === 'ENOENT' && (e.syscall?.startsWith('spawn') || /spawn/.test(text))) {
    const cmd = ctx.execCommand ?? e.path;
    return {
      kind: 'execMissing',
      reason: cmd ? l10n.t('the credential plugin "{0}" is not installed (or not on PATH)', cmd) : l10n.t('the credential plugin is not installed (or not on PATH)'),
      advice: cmd && /kubelogin/.test(cmd)
        ? l10n.t('Install kubelogin (`az aks install-cli`, or see https://aka.ms/aks/kubelogin) and put it on PATH; "Refresh" reconnects.')
        : ctx.execInstallHint?.trim()
          // The kubeconfig's own hint, in its author's words: only the note around it is ours.
          ? l10n.t('{0} ("Refresh" reconnects.)', ctx.execInstallHint.trim().slice(0, 300))
          : cmd
            ? l10n.t('Install "{0}" or fix users[].user.exec.command in the kubeconfig; it reconnects when the file changes.', cmd)
            : l10n.t('Install the credential plugin or fix users[].user.exec.command in the kubeconfig; it reconnects when the file changes.'),
    };
  }
  if (/expired/i.test(text) && (status === 401 || /token|credential|certificate has expired|refresh/i.test(text))) {
    return {
      kind: 'expired',
      reason: l10n.t('the credentials have expired'),
      advice: l10n.t('Sign in again (`az login`, then `az aks get-credentials --resource-group RG --name CLUSTER`); the tree reconnects by itself.'),
    };
  }
  if (status === 401) {
    return {
      kind: 'unauthorized',
      reason: l10n.t('401 Unauthorized: the cluster does not accept these credentials (an expired or revoked token?)'),
      advice: l10n.t('Get fresh credentials (`az aks get-credentials --resource-group RG --name CLUSTER --overwrite-existing`); the tree reconnects when the kubeconfig changes.'),
    };
  }
  if (status === 403) {
    const denial = parseDenial(text);
    return {
      kind: 'forbidden',
      reason: denial ? l10n.t('403 Forbidden: {0}', denialText(denial)) : l10n.t('403 Forbidden: this user may not list or watch pods, deployments and events'),
      advice: l10n.t('Ask for a role that allows get/list/watch on pods, pods/log, deployments and events (e.g. "Azure Kubernetes Service RBAC Reader"), or pick another context.'),
    };
  }
  if (code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|ABORT_ERR)$/.test(code)) {
    return {
      kind: 'unreachable',
      reason: ctx.server ? l10n.t('cannot reach {0} ({1})', ctx.server, code) : l10n.t('cannot reach the API server ({0})', code),
      advice: l10n.t('Check the network or VPN, that the cluster is running (`az aks show ... --query powerState`), and the server address; it retries by itself.'),
    };
  }
  if ((code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) || /certificate|self[- ]signed/i.test(text)) {
    return {
      kind: 'tls',
      reason: code ? l10n.t('the server\'s TLS certificate is not trusted ({0})', code) : l10n.t('the server\'s TLS certificate is not trusted (certificate error)'),
      advice: l10n.t('Check certificate-authority(-data) of this cluster in the kubeconfig.'),
    };
  }
  if (ctx.execCommand && (code === EXEC_FAILED || code === 'EXEC_TIMEOUT' || /exec|credential|plugin/i.test(text))) {
    return { kind: 'execFailed', reason: l10n.t('the credential plugin "{0}" failed: {1}', ctx.execCommand, text.slice(0, 200)), advice: l10n.t('Run it in a terminal to see why (often: sign in again with `az login`).') };
  }
  if (status && status >= 500) {
    return { kind: 'server', reason: l10n.t('the API server answered {0}', status), advice: l10n.t('It retries by itself with back-off.') };
  }
  if (/fetch failed|socket hang up|network|ECONN/i.test(text)) {
    return { kind: 'unreachable', reason: ctx.server ? l10n.t('cannot reach {0}', ctx.server) : l10n.t('cannot reach the API server'), advice: l10n.t('Check the network or VPN and that the cluster is running; it retries by itself.') };
  }
  return { kind: 'server', reason: text.slice(0, 200) || l10n.t('unknown error'), advice: l10n.t('It retries by itself with back-off.') };
}

/** The problem shown for a context whose credential plugin is not run because the workspace is untrusted. */
export function untrustedProblem(execCommand: string): ClusterProblem {
  return {
    kind: 'untrusted',
    reason: l10n.t('not connected: this context runs the credential plugin "{0}", and the workspace is not trusted', execCommand),
    advice: l10n.t('Trust the workspace (Workspaces: Manage Workspace Trust) to let the extension run it; it connects then by itself.'),
  };
}
