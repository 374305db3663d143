// The Kubernetes side's long-lived part: reads the kubeconfig files (setting,
// KUBECONFIG, ~/.kube/config), shows one cluster node per context (the current
// one first), and watches the files. Each context's connection (client,
// watches, port-forwards, log streams) lives in one bag, created when its node
// is first expanded or a command needs it, and thrown away whole when the
// context or a kubeconfig file changes. The client bundle loads then too.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, delimiter, dirname } from 'node:path';
import * as vscode from 'vscode';
import { untrustedProblem } from '../core/kubernetes/clusterErrors';
import { kubeconfigPaths, mergeKubeconfigs, type KubeContextInfo, type MergedKubeconfig } from '../core/kubernetes/kubeconfig';
import type { KubeFilter } from '../core/kubernetes/records';
import { redact } from '../core/model/secrets';
import type { ServiceModel } from '../core/model/serviceModel';
import type { Settings } from '../platform/settings';
import { ContextBag } from './contextBag';

/** Connection ids of clusters: `kubernetes:<context>`. */
export function clusterConnectionId(context: string): string {
  return `kubernetes:${context}`;
}

/** Every cluster context the user's kubeconfig names, and their bags. */
export class ClusterConnections implements vscode.Disposable {
  private merged?: MergedKubeconfig;
  private readonly bags = new Map<string, ContextBag>();
  private watchers: FSWatcher[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private rediscoverTimer?: ReturnType<typeof setTimeout>;
  private discovery?: Promise<void>;
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each (re)discovery. */
  readonly onDidDiscover = this.changed.event;

  constructor(
    private readonly model: ServiceModel,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
    private readonly bundleDir: string,
  ) {
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('azuremlDebug.kubernetes.kubeconfig')) this.scheduleRediscover(0);
      else if (e.affectsConfiguration('azuremlDebug.kubernetes')) for (const b of this.bags.values()) b.refilter();
    }, this, this.disposables);
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleRediscover(0), this, this.disposables);
  }

  /** Reads the kubeconfig files (once; later on change). Cheap: no client library. */
  discover(): Promise<void> {
    this.discovery ??= this.rediscover();
    return this.discovery;
  }

  /** The secrets of every known context, for redaction anywhere. */
  secrets(): string[] {
    return this.merged?.contexts.flatMap((c) => c.secrets) ?? [];
  }

  /** Redacts every known secret from text for a log or message. */
  redact(text: string): string {
    return redact(text, this.secrets());
  }

  filter(): KubeFilter {
    return { labels: this.settings.kubernetesLabels, namespaces: this.settings.kubernetesNamespaces, showAll: this.settings.kubernetesShowAll };
  }

  private files(): string[] {
    return kubeconfigPaths({ setting: this.settings.kubeconfig, env: process.env.KUBECONFIG, home: homedir(), delimiter });
  }

  private async rediscover(): Promise<void> {
    const generation = ++this.generation;
    const files = this.files();
    const texts: { path: string; text: string }[] = [];
    for (const f of files) {
      try {
        texts.push({ path: f, text: await readFile(f, 'utf8') });
      } catch {
        // A missing file in KUBECONFIG is skipped, as kubectl does.
      }
    }
    if (generation !== this.generation) return;
    const merged = mergeKubeconfigs(texts);
    for (const e of merged.errors) this.log.warn(`kubeconfig ${e.path} could not be read: ${redact(e.message, merged.contexts.flatMap((c) => c.secrets))}`);
    const wasStarted = new Set(this.bags.keys());
    // Any change in the files throws every bag away: credentials, servers and contexts may all have moved.
    for (const b of this.bags.values()) b.dispose();
    this.bags.clear();
    const keep = new Set(merged.contexts.map((c) => clusterConnectionId(c.name)));
    for (const c of this.model.connections()) if (c.kind === 'kubernetes' && !keep.has(c.id)) this.model.removeConnection(c.id);
    this.merged = merged;
    for (const c of merged.contexts) {
      const id = clusterConnectionId(c.name);
      this.model.removeConnection(id);
      this.model.setConnection({ id, kind: 'kubernetes', label: c.name, status: 'idle', reason: c.server ? `Server: ${c.server}` : undefined });
    }
    this.watchFiles(files);
    this.log.info(`kubeconfig: ${merged.contexts.length} context(s) from ${texts.map((t) => t.path).join(', ') || 'no file'}`);
    for (const id of wasStarted) if (keep.has(id)) this.ensureStarted(id);
    this.changed.fire();
  }

  private scheduleRediscover(delayMs: number): void {
    clearTimeout(this.rediscoverTimer);
    this.rediscoverTimer = setTimeout(() => {
      this.discovery = this.rediscover();
    }, delayMs);
  }

  private watchFiles(files: string[]): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    // Watch folders, not files: `az aks get-credentials` and editors replace the file.
    const byDir = new Map<string, Set<string>>();
    for (const f of files) {
      const dir = dirname(f);
      if (!byDir.has(dir)) byDir.set(dir, new Set());
      byDir.get(dir)!.add(basename(f));
    }
    for (const [dir, names] of byDir) {
      try {
        const w = watch(dir, (_event, name) => {
          if (!name || names.has(name.toString())) this.scheduleRediscover(300);
        });
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // The folder does not exist (no ~/.kube yet): nothing to watch.
      }
    }
  }

  /** The context behind a connection id. */
  context(connectionId: string): KubeContextInfo | undefined {
    return this.merged?.contexts.find((c) => clusterConnectionId(c.name) === connectionId);
  }

  /** Connects a context if it is not connected yet (loads the client bundle on first use). */
  ensureStarted(connectionId: string): ContextBag | undefined {
    const existing = this.bags.get(connectionId);
    if (existing) return existing;
    const ctx = this.context(connectionId);
    if (!ctx || !this.merged) return undefined;
    // A credential plugin is a program named by the kubeconfig: never run it for an untrusted workspace.
    if (ctx.execCommand && !vscode.workspace.isTrusted) {
      const p = untrustedProblem(ctx.execCommand);
      this.model.setConnection({ id: connectionId, kind: 'kubernetes', label: ctx.name, status: 'unreachable', reason: p.reason, advice: p.advice });
      return undefined;
    }
    const bag = new ContextBag(connectionId, ctx, this.merged.document, {
      model: this.model,
      filter: () => this.filter(),
      log: (m) => this.log.info(redact(m, ctx.secrets)),
      bundleDir: this.bundleDir,
    });
    this.bags.set(connectionId, bag);
    bag.start();
    return bag;
  }

  /** The bag of a started context (undefined when it is not connected). */
  bag(connectionId: string): ContextBag | undefined {
    return this.bags.get(connectionId);
  }

  /** Retries every stopped watch now. */
  refresh(): void {
    for (const b of this.bags.values()) b.retryNow();
  }

  dispose(): void {
    clearTimeout(this.rediscoverTimer);
    for (const w of this.watchers) w.close();
    for (const b of this.bags.values()) b.dispose();
    this.bags.clear();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
