// Crash causes as diagnostics: when a service fails (a container exits with an
// error, is OOM killed or restarts after a die; a pod crash-loops or cannot be
// scheduled) its evidence is collected (the container's last log lines, exit
// code, reason, pod events), analyze() explains it, and each finding lands on
// the file the user fixes. They go when the service is healthy again or gone.
import * as vscode from 'vscode';
import { analyze, maxAnalyzedLines, type CrashInput, type Finding } from '../core/crash/crashCauses';
import { failureOf, healthCheckOf, READINESS_DELAYS_MS, STABLE_MS } from '../core/crash/crashEvidence';
import { headline, placementsOf } from '../core/crash/crashPlacement';
import type { ModelChange } from '../core/model/serviceModel';
import type { ServiceRecord } from '../core/model/serviceRecord';
import type { ProblemStore } from '../core/crash/problemStore';
import { verbsOf } from '../connections';
import { heldRunLines, readTail } from '../core/logs/readTail';
import { logicalLinesOf } from '../core/logs/logicalLines';
import type { LogEntry } from '../core/logs/logBuffer';
import { Strings } from '../platform/localize';
import type { Services } from '../services';
import { condaFile, entryScript, readText, scriptFile, settingSite, type SettingSite } from './crashFiles';
import { crashSummary, findingMessage } from '../platform/findingWording';
import { APP_ROOT } from '../core/model/appRoot';

/** One published diagnostic and what its quick fixes need. */
export interface CrashEntry {
  diagnostic: vscode.Diagnostic;
  uri: vscode.Uri;
  finding: Finding;
  connectionId: string;
  serviceId: string;
  /** What the file is to this finding. */
  place: 'script' | 'conda' | 'setting' | 'other';
  site?: SettingSite;
  /** The conda file a missing package goes to. */
  conda?: vscode.Uri;
}

interface Watch {
  key?: string;
  timer?: ReturnType<typeof setTimeout>;
  entries: CrashEntry[];
  /** 'http': reported by a test request; a running container does not clear it until it restarts. */
  origin?: 'crash' | 'http';
  startedAt?: string;
  health?: { stop(): void; kind: string };
  seq: number;
  /** Re-reads of an Azure deployment's log that has not explained its failure yet. */
  rereads?: number;
}

/** Lines of a failing service's output the analysis reads (the runtime's tail, as the panel's tabs read it). */
const TAIL_LINES = 2000;
const DEBOUNCE_MS = 400;
const serviceKey = (connectionId: string, serviceId: string) => `${connectionId}\u0000${serviceId}`;
/** Waits before re-reading a failing Azure deployment's log that names no cause yet (Azure sends no event when it grows). */
const AZURE_REREAD_MS: readonly number[] = [5000, 10000, 20000, 40000, 60000, 60000];

/** What the log side already holds: a tab's whole run, when one is open (the log panel). */
export interface HeldLogs {
  heldRun(sourceId: string, previous: boolean): readonly LogEntry[] | undefined;
}

/** Publishes crash causes of every service in the model. */
export class CrashDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('azuremlDebug.crash');
  private readonly watches = new Map<string, Watch>();
  private readonly changed = new vscode.EventEmitter<{ connectionId: string; serviceId: string }>();
  /** Fires after a service's diagnostics were published or cleared. */
  readonly onDidPublish = this.changed.event;
  private readonly subscription: { dispose(): void };
  private disposed = false;
  /** Each node's allocatable resources (quantities by name) for a cluster service; set by the Kubernetes side. */
  nodeResources?: (record: ServiceRecord) => Promise<Record<string, string | undefined>[]>;

  constructor(
    private readonly services: Services,
    private readonly problems: ProblemStore,
    private readonly held: HeldLogs,
  ) {
    this.subscription = services.model.onDidChange((c) => this.onModelChange(c));
    for (const r of services.model.allServices()) this.consider(r);
  }

  private watch(r: { connectionId: string; id: string }): Watch {
    const key = serviceKey(r.connectionId, r.id);
    let w = this.watches.get(key);
    if (!w) this.watches.set(key, (w = { entries: [], seq: 0 }));
    return w;
  }

  private onModelChange(c: ModelChange): void {
    if (c.type === 'removed') return this.clear(c.service.connectionId, c.service.id);
    if (c.type === 'connectionRemoved') {
      for (const p of this.problems.all().filter((x) => x.connectionId === c.connectionId)) this.clear(p.connectionId, p.serviceId);
      return;
    }
    if (c.type === 'added' || c.type === 'updated') this.consider(c.service);
  }

  /** Cheap: decides from the record alone; the work happens after a debounce. */
  private consider(r: ServiceRecord): void {
    const failure = failureOf(r);
    const w = this.watches.get(serviceKey(r.connectionId, r.id));
    if (failure) {
      w?.health?.stop();
      if (w) w.health = undefined;
      const mine = this.watch(r);
      if (mine.key === failure.key) return;
      mine.key = failure.key;
      mine.rereads = 0;
      clearTimeout(mine.timer);
      mine.timer = setTimeout(() => void this.explain(r.connectionId, r.id), DEBOUNCE_MS);
      return;
    }
    if (!w || !w.entries.length) return;
    if (w.origin === 'http' && r.startedAt === w.startedAt) return;
    const check = healthCheckOf(r);
    // The ports come with the inspect after the start event (new ones after a restart): a changed check replaces the first.
    if (w.health && w.health.kind === checkKey(check)) return;
    w.health?.stop();
    w.health = check ? this.healthWatch(r, check) : undefined;
  }

  private healthWatch(r: ServiceRecord, check: NonNullable<ReturnType<typeof healthCheckOf>>): { stop(): void; kind: string } {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
    };
    const healthy = () => {
      if (!stopped) this.clear(r.connectionId, r.id);
    };
    if (check.kind === 'ready') {
      setImmediate(healthy);
    } else if (check.kind === 'docker-health') {
      // Docker checks it; its health_status event updates the record, and consider() sees it here.
      if (check.status === 'healthy') setImmediate(healthy);
    } else if (check.kind === 'stable') {
      timer = setTimeout(() => {
        const now = this.services.model.get(r.connectionId, r.id);
        if (now && now.state === 'running' && now.startedAt === r.startedAt && !failureOf(now)) healthy();
      }, Math.max(0, check.sinceMs + STABLE_MS - Date.now()));
    } else {
      // A bounded series of readiness checks, further apart as they go (no loop once a second).
      let attempt = 0;
      const poll = async () => {
        if (stopped) return;
        try {
          const res = await fetch(check.url, { signal: AbortSignal.timeout(2000) });
          const ok = res.status === 200;
          // Only the status matters; the body is dropped without waiting for it.
          res.body?.cancel().catch(() => undefined);
          if (ok) return healthy();
        } catch {
          // Not answering yet.
        }
        const wait = READINESS_DELAYS_MS[++attempt];
        if (!stopped && wait !== undefined) timer = setTimeout(() => void poll(), wait);
      };
      timer = setTimeout(() => void poll(), READINESS_DELAYS_MS[0]);
    }
    return { stop, kind: checkKey(check) };
  }

  /** Collects the evidence of a failing service and publishes what analyze() finds. */
  private async explain(connectionId: string, serviceId: string, extra: Partial<CrashInput> = {}): Promise<Finding[]> {
    const record = this.services.model.get(connectionId, serviceId);
    if (!record || this.disposed) return [];
    const w = this.watch(record);
    const seq = ++w.seq;
    const failure = failureOf(record);
    const input: CrashInput = { exitCode: failure?.exitCode ?? record.exitCode, reason: failure?.reason, events: failure?.events, ...(failure?.initContainer ? { initContainer: failure.initContainer } : {}), ...extra };
    // The logs are what the panel's tab of the runtime's log source holds when it holds the
    // run to its end; else that source is read once into a LogBuffer (readTail), down the
    // tab's own road. A pod's: the container the failure names, always read (a previous-run
    // tab is a snapshot of whichever run was previous when it opened, and cannot be dated).
    const pod = record.kubernetes?.object === 'pod' ? record.kubernetes : undefined;
    // A container here, or a deployment in Azure (its log read through getLogs): the same analysis.
    const dockerWants = (record.kind === 'docker' || record.kind === 'azure') && (failure?.wantsLogs || extra.httpStatus !== undefined);
    const wanted = pod ? failure?.logsOf : dockerWants ? { container: undefined, previous: false } : undefined;
    if (wanted) {
      try {
        const source = verbsOf(this.services, record).logSource(record, wanted.container);
        const tab = pod ? undefined : this.held.heldRun(source.id, wanted.previous);
        const held = tab && heldRunLines(tab, record.startedAt);
        // The lines analyze() reads: a \r-ended progress bar in a held tab's lines is millions of them.
        input.lines = logicalLinesOf(held ?? (await readTail(source, { tail: TAIL_LINES, previous: wanted.previous })), maxAnalyzedLines);
      } catch (err) {
        // The previous run can be gone already (the kubelet keeps one); the events still explain something.
        this.services.log.warn(`crash diagnostics: no logs of ${record.name}${wanted.container ? `/${wanted.container}` : ''}: ${(err as Error).message}`);
      }
    }
    if (seq !== w.seq || this.disposed) return [];
    const findings = analyze(input, { appRoot: `${APP_ROOT}/` });
    await this.publish(record, findings, extra.httpStatus !== undefined ? 'http' : 'crash', seq);
    // A deployment in Azure fails before its log says why (the traceback comes with the next restart): read again, further apart.
    const wait = AZURE_REREAD_MS[w.rereads ?? 0];
    if (record.kind === 'azure' && failure && !findings.some((f) => f.location) && wait !== undefined && seq === w.seq) {
      w.rereads = (w.rereads ?? 0) + 1;
      clearTimeout(w.timer);
      w.timer = setTimeout(() => void this.explain(connectionId, serviceId), wait);
    }
    return findings;
  }

  /**
   * Feeds a test request's answer into the analysis (502/503/504 become
   * run-failed, overloaded-503, timeout-504 with the service's logs).
   */
  async reportHttp(record: ServiceRecord, status: number, body: string): Promise<Finding[]> {
    if (status < 400) {
      const w = this.watches.get(serviceKey(record.connectionId, record.id));
      if (w?.origin === 'http') this.clear(record.connectionId, record.id);
      return [];
    }
    return this.explain(record.connectionId, record.id, { httpStatus: status, httpBody: body });
  }

  /**
   * Reads a failing service's log again and publishes what it shows now. For
   * a deployment in Azure, whose record does not change while its log grows
   * (Azure sends no event): its log opened is the moment to look again.
   */
  async reanalyze(record: ServiceRecord): Promise<Finding[]> {
    return failureOf(record) ? this.explain(record.connectionId, record.id) : [];
  }

  /** Places findings on the user's files and in the problem store (also the way to feed findings in). */
  async publish(record: ServiceRecord, findings: Finding[], origin: 'crash' | 'http' = 'crash', seq?: number): Promise<CrashEntry[]> {
    const w = this.watch(record);
    const entries: CrashEntry[] = [];
    for (const finding of findings) entries.push(...(await this.place(record, finding)));
    if ((seq !== undefined && seq !== w.seq) || this.disposed) return [];
    const touched = new Set([...w.entries, ...entries].map((e) => e.uri.toString()));
    w.entries = entries;
    w.origin = origin;
    w.startedAt = record.startedAt;
    w.health?.stop();
    w.health = undefined;
    this.refreshUris(touched);
    const top = headline(findings);
    if (top) this.problems.set({ connectionId: record.connectionId, serviceId: record.id, code: top.code, summary: crashSummary(top), count: entries.length });
    else this.problems.clear(record.connectionId, record.id);
    this.changed.fire({ connectionId: record.connectionId, serviceId: record.id });
    return entries;
  }

  private async place(record: ServiceRecord, finding: Finding): Promise<CrashEntry[]> {
    const out: CrashEntry[] = [];
    const message = findingMessage(finding);
    const make = (uri: vscode.Uri, range: vscode.Range, place: CrashEntry['place'], more: Partial<CrashEntry> = {}) => {
      const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
      d.source = Strings.crash.source(record.name);
      d.code = finding.code;
      out.push({ diagnostic: d, uri, finding, connectionId: record.connectionId, serviceId: record.id, place, ...more });
    };
    const conda = finding.code === 'missing-module' ? await condaFile(record) : undefined;
    for (const p of placementsOf(finding)) {
      if (p.kind === 'script') {
        const uri = await scriptFile(record, p.relPath);
        if (uri) make(uri, lineRange(await readText(uri), p.line), 'script', { conda });
      } else if (p.kind === 'conda') {
        if (conda) make(conda, lineRange(await readText(conda), condaLine(await readText(conda))), 'conda', { conda });
      } else if (p.kind === 'settings') {
        const site = await settingSite(record, p.settings);
        if (!site) continue;
        const l = site.location;
        make(site.uri, l ? new vscode.Range(l.line - 1, l.character, l.line - 1, l.character + l.length) : new vscode.Range(0, 0, 0, 1), 'setting', { site });
      }
    }
    if (!out.length) {
      // Causes with no line of their own (crash loop, image pull, Key Vault) sit on the entry script.
      const uri = await entryScript(record);
      if (uri) make(uri, new vscode.Range(0, 0, 0, 1), 'other');
    }
    return out;
  }

  private refreshUris(uris: Set<string>): void {
    const all = [...this.watches.values()].flatMap((w) => w.entries);
    for (const u of uris) {
      const here = all.filter((e) => e.uri.toString() === u);
      const uri = vscode.Uri.parse(u);
      if (here.length) this.collection.set(uri, here.map((e) => e.diagnostic));
      else this.collection.delete(uri);
    }
  }

  /** Logs a problem of the feature (never a secret: callers redact). */
  warn(message: string): void {
    this.services.log.warn(`crash diagnostics: ${message}`);
  }

  /** The record an entry came from, while it is listed. */
  record(e: Pick<CrashEntry, 'connectionId' | 'serviceId'>): ServiceRecord | undefined {
    return this.services.model.get(e.connectionId, e.serviceId);
  }

  /** The entries published on a file. */
  entriesAt(uri: vscode.Uri): CrashEntry[] {
    const u = uri.toString();
    return [...this.watches.values()].flatMap((w) => w.entries).filter((e) => e.uri.toString() === u);
  }

  /** Removes a service's diagnostics and problem (healthy again, or gone). */
  clear(connectionId: string, serviceId: string): void {
    const key = serviceKey(connectionId, serviceId);
    const w = this.watches.get(key);
    if (!w) return;
    clearTimeout(w.timer);
    w.health?.stop();
    w.seq++;
    this.watches.delete(key);
    this.refreshUris(new Set(w.entries.map((e) => e.uri.toString())));
    this.problems.clear(connectionId, serviceId);
    this.changed.fire({ connectionId, serviceId });
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.watches.values()) {
      clearTimeout(w.timer);
      w.health?.stop();
    }
    this.subscription.dispose();
    this.collection.dispose();
    this.changed.dispose();
  }
}

/** What a health check watches: a new scoring port (after `docker start`) is a new check. */
function checkKey(check: ReturnType<typeof healthCheckOf>): string {
  return check ? `${check.kind}|${check.kind === 'http' ? check.url : check.kind === 'docker-health' ? check.status : ''}` : '';
}

/** The 1-based line's text span (from its first non-blank character), clamped to the text. */
function lineRange(text: string, line: number): vscode.Range {
  const lines = text.split(/\r?\n/);
  const i = Math.min(Math.max(0, line - 1), Math.max(0, lines.length - 1));
  const body = lines[i] ?? '';
  const start = body.length - body.trimStart().length;
  return new vscode.Range(i, start, i, Math.max(start + 1, body.trimEnd().length));
}

/** The conda file's `- pip:` line (where the package goes), else `dependencies:`, else the first (1-based). */
function condaLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const pip = lines.findIndex((l) => /^\s*-\s*pip\s*:/.test(l));
  if (pip >= 0) return pip + 1;
  const deps = lines.findIndex((l) => /^\s*dependencies\s*:/.test(l));
  return deps >= 0 ? deps + 1 : 1;
}
