// Kubeconfig discovery and merging, as kubectl does it: the files come from
// the setting, else KUBECONFIG (several paths), else ~/.kube/config; the
// first file to name a cluster, user or context wins, and so does the first
// current-context. Pure: text in, contexts and one merged document out (file
// paths inside made absolute, so the merged text loads from anywhere).
import { l10n } from '../l10n';
import { parseYamlGuarded, yamlRefusalMessage } from '../edits/yamlText';
import { userSecrets } from './userSecrets';

/** One context as the tree shows it (no secrets in it but `secrets`, which is for redaction only). */
export interface KubeContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  /** The credential plugin command, when the user runs one (`exec`, or an exec auth-provider). */
  execCommand?: string;
  /** Its `installHint`, said when the command is missing. */
  execInstallHint?: string;
  /** Strings to redact wherever this context's output goes. */
  secrets: string[];
}

/** What the merge found. */
export interface MergedKubeconfig {
  /** Every context, the current one first, then in file order. */
  contexts: KubeContextInfo[];
  currentContext?: string;
  /** The merged kubeconfig, to load with the client library. */
  document: Record<string, unknown>;
  /** Files that could not be parsed (the others still count). */
  errors: { path: string; message: string }[];
}

/** Where to read kubeconfigs from: setting, else KUBECONFIG, else ~/.kube/config. */
export function kubeconfigPaths(opts: { setting?: string; env?: string; home: string; delimiter: string }): string[] {
  const split = (v: string) => v.split(opts.delimiter).map((s) => s.trim()).filter(Boolean);
  const home = (p: string) => (p === '~' || p.startsWith('~/') ? opts.home + p.slice(1) : p);
  const chosen = opts.setting?.trim() ? split(opts.setting) : opts.env?.trim() ? split(opts.env) : [`${opts.home}/.kube/config`];
  return [...new Set(chosen.map(home))];
}

type Named = { name?: unknown; [k: string]: unknown };
const FILE_KEYS: Record<string, string[]> = {
  cluster: ['certificate-authority'],
  user: ['client-certificate', 'client-key', 'tokenFile'],
};

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function absolute(dir: string, p: unknown): unknown {
  return typeof p === 'string' && p && !p.startsWith('/') ? `${dir}/${p}` : p;
}

/**
 * Longest kubeconfig read. Above real ones (a hundred clusters with embedded
 * certificates stay under a megabyte), so a runaway file holds the host for
 * a bounded time: a well-formed megabyte parses in about a second here.
 */
const maxKubeconfigChars = 2 * 1024 * 1024;

/** One file's value, through the guarded parse (kubectl honours `<<` merges too), or its first problem. */
function readKubeconfig(text: string): { value: Record<string, unknown> | null } | { error: string } {
  const parsed = parseYamlGuarded(text, { maxChars: maxKubeconfigChars });
  if (parsed.refused) return { error: yamlRefusalMessage(l10n.t('The file'), parsed.refused) };
  const e = parsed.doc.errors[0];
  if (e) {
    const { line, col } = parsed.lines.linePos(e.pos[0]);
    return { error: `${e.message.split('\n')[0]} (line ${line}, column ${col})` };
  }
  try {
    // The yaml package's own cap on alias expansion (it throws past it).
    return { value: parsed.doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] };
  }
}

/** Merges kubeconfig files in order; unreadable ones are reported, not fatal. */
export function mergeKubeconfigs(files: { path: string; text: string }[]): MergedKubeconfig {
  const clusters = new Map<string, Named>();
  const users = new Map<string, Named>();
  const contexts = new Map<string, Named>();
  const errors: MergedKubeconfig['errors'] = [];
  let current: string | undefined;
  for (const f of files) {
    const read = readKubeconfig(f.text);
    if ('error' in read) {
      errors.push({ path: f.path, message: read.error });
      continue;
    }
    const doc = read.value;
    if (!doc || typeof doc !== 'object') continue;
    const dir = dirOf(f.path);
    const take = (key: string, into: Map<string, Named>, inner: string) => {
      const list = Array.isArray(doc![key]) ? (doc![key] as Named[]) : [];
      for (const entry of list) {
        if (!entry || typeof entry.name !== 'string' || into.has(entry.name)) continue;
        const body = { ...((entry[inner] as Record<string, unknown>) ?? {}) };
        for (const k of FILE_KEYS[inner] ?? []) if (k in body) body[k] = absolute(dir, body[k]);
        const exec = body.exec as { command?: unknown } | undefined;
        // A relative exec command ("./bin/kubelogin") is relative to the file, as in kubectl.
        if (exec && typeof exec.command === 'string' && exec.command.includes('/')) body.exec = { ...exec, command: absolute(dir, exec.command) };
        into.set(entry.name, { name: entry.name, [inner]: body });
      }
    };
    take('clusters', clusters, 'cluster');
    take('users', users, 'user');
    take('contexts', contexts, 'context');
    if (!current && typeof doc['current-context'] === 'string' && doc['current-context']) current = doc['current-context'];
  }
  const infos: KubeContextInfo[] = [];
  for (const [name, c] of contexts) {
    const ctx = (c.context ?? {}) as { cluster?: string; user?: string; namespace?: string };
    const cluster = (clusters.get(ctx.cluster ?? '')?.cluster ?? {}) as { server?: string };
    const user = (users.get(ctx.user ?? '')?.user ?? {}) as {
      token?: string; password?: string; 'client-key-data'?: string;
      exec?: { command?: string; installHint?: string }; 'auth-provider'?: { name?: string; config?: { exec?: { command?: string } } };
    };
    const execCommand = user.exec?.command ?? user['auth-provider']?.config?.exec?.command;
    infos.push({
      name,
      cluster: ctx.cluster ?? '',
      user: ctx.user ?? '',
      namespace: ctx.namespace,
      server: cluster.server,
      execCommand,
      execInstallHint: typeof user.exec?.installHint === 'string' ? user.exec.installHint : undefined,
      secrets: userSecrets({ token: user.token, password: user.password, clientKeyData: user['client-key-data'] }),
    });
  }
  infos.sort((a, b) => Number(b.name === current) - Number(a.name === current));
  return {
    contexts: infos,
    currentContext: current && contexts.has(current) ? current : undefined,
    document: {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [...clusters.values()],
      users: [...users.values()],
      contexts: [...contexts.values()],
      'current-context': current ?? '',
      preferences: {},
    },
    errors,
  };
}
