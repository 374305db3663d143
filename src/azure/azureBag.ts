// One signed-in session's connection to Azure, thrown away whole when the
// session or the cloud changes: the ARM client and the Azure ML API over it,
// and the lister that reads subscriptions -> workspaces -> online endpoints
// -> deployments and v1 web services into the model. Azure has no event
// stream: the lists are read on demand, and again while anything is
// transitioning or a call failed, the interval backing off. A failure shows
// on the node it concerns (a 403 names the role) and clears on the next good read.
import { AzureRequestError } from '../core/azure/armErrors';
import type { OnlineEndpoint, Workspace } from '../core/azure/armTypes';
import { anyTransitioning, azureRecord, nodeError, type AzureWorkspaceRef } from '../core/azure/azureRecords';
import type { AzureCloud } from '../core/azure/clouds';
import { nextPollMs, onlineDeploymentView, webServiceView } from '../core/azure/deploymentView';
import { parseResourceId } from '../core/azure/routes';
import type { AzureNodeError, AzureSubscriptionEntry } from '../core/model/azureDetails';
import type { ServiceModel } from '../core/model/serviceModel';
import type { ServiceRecord } from '../core/model/serviceRecord';
import { ArmClient, type TokenSource } from './armClient';
import { AzureMlApi, type WorkspaceRef } from './azureMlApi';
import { localCodeOf } from './localCode';

/** What a bag is built with. */
export interface AzureBagOptions {
  connectionId: string;
  label: string;
  cloud: AzureCloud;
  account: string;
  model: ServiceModel;
  log: (line: string) => void;
  getToken: TokenSource;
}

/** Waits after a failed listing, before the next try (recovering by itself). */
const RETRY_BASE_MS = 5000;

function failureOf(err: unknown): AzureNodeError {
  if (err instanceof AzureRequestError) return nodeError(err.failure);
  return { message: err instanceof Error ? err.message : String(err) };
}

/** The bag of one session. */
export class AzureBag {
  readonly client: ArmClient;
  readonly api: AzureMlApi;
  private timer?: ReturnType<typeof setTimeout>;
  private polls = 0;
  private failures = 0;
  private running?: Promise<void>;
  private disposed = false;
  private readonly ctl = new AbortController();
  /** Each online endpoint read in the last listing, by its deployments' ids (a test request needs its auth mode). */
  private readonly endpoints = new Map<string, { ws: WorkspaceRef; endpoint: OnlineEndpoint }>();

  constructor(private readonly o: AzureBagOptions) {
    this.client = new ArmClient({ armEndpoint: o.cloud.armEndpoint, getToken: o.getToken, log: o.log, userAgent: 'azureml-deployment-debugger' });
    this.api = new AzureMlApi(this.client);
  }

  start(): void {
    void this.refresh();
  }

  /** The text with every token and key this session handled masked. */
  redact(text: string): string {
    return this.client.redact(text);
  }

  /** The endpoint of a deployment record, as last listed. */
  endpointOf(record: ServiceRecord): { ws: WorkspaceRef; endpoint: OnlineEndpoint } | undefined {
    return this.endpoints.get(record.id.toLowerCase());
  }

  /** Reads everything again now; one listing at a time (a second call joins the running one). */
  refresh(): Promise<void> {
    this.running ??= this.list().finally(() => (this.running = undefined));
    return this.running;
  }

  private setListing(subscriptions: AzureSubscriptionEntry[], status: 'connected' | 'unreachable' | 'connecting', updatedAt?: number, error?: AzureNodeError): void {
    const before = this.o.model.connection(this.o.connectionId)?.azure;
    this.o.model.setConnection({
      id: this.o.connectionId, kind: 'azure', label: this.o.label, status,
      ...(error ? { reason: error.message, advice: error.advice } : {}),
      azure: { signedIn: true, account: this.o.account, cloud: this.o.cloud.name, subscriptions, updatedAt: updatedAt ?? before?.updatedAt },
    });
  }

  private async list(): Promise<void> {
    clearTimeout(this.timer);
    const signal = this.ctl.signal;
    if (!this.o.model.connection(this.o.connectionId)?.azure?.updatedAt) this.setListing([], 'connecting');
    let failed = false;
    try {
      const subs = await this.api.listSubscriptions(signal);
      const records: ServiceRecord[] = [];
      const entries: AzureSubscriptionEntry[] = await Promise.all(subs.map(async (s) => {
        const entry: AzureSubscriptionEntry = { id: s.subscriptionId, name: s.displayName, workspaces: [] };
        let workspaces: Workspace[] = [];
        try {
          workspaces = await this.api.listWorkspaces(s.subscriptionId, signal);
        } catch (err) {
          if (signal.aborted) throw err;
          failed = true;
          entry.error = failureOf(err);
        }
        entry.workspaces = await Promise.all(workspaces.map(async (w) => {
          const p = parseResourceId(w.id);
          const ws: AzureWorkspaceRef = { subscriptionId: s.subscriptionId, id: w.id, name: w.name, resourceGroupName: p.resourceGroupName ?? '', discoveryUrl: w.properties?.discoveryUrl };
          try {
            records.push(...(await this.workspaceRecords(ws, signal)));
            return { id: w.id, name: w.name, resourceGroupName: ws.resourceGroupName };
          } catch (err) {
            if (signal.aborted) throw err;
            failed = true;
            return { id: w.id, name: w.name, resourceGroupName: ws.resourceGroupName, error: failureOf(err) };
          }
        }));
        return entry;
      }));
      if (this.disposed) return;
      this.o.model.replaceAll(this.o.connectionId, records);
      this.setListing(entries, 'connected', Date.now());
      this.polls = anyTransitioning(records) ? this.polls + 1 : 0;
      this.failures = failed ? this.failures + 1 : 0;
      const next = failed ? Math.min(60000, RETRY_BASE_MS * 2 ** (this.failures - 1)) : nextPollMs(this.polls > 0, this.polls - 1);
      if (next !== undefined) this.timer = setTimeout(() => void this.refresh(), next);
    } catch (err) {
      if (this.disposed || signal.aborted) return;
      this.failures++;
      const e = failureOf(err);
      this.o.log(`Azure: listing failed: ${this.redact(e.message)}`);
      this.setListing(this.o.model.connection(this.o.connectionId)?.azure?.subscriptions ?? [], 'unreachable', undefined, e);
      // Throttled, unreachable or refused: tried again, further apart, until it answers.
      this.timer = setTimeout(() => void this.refresh(), Math.min(60000, RETRY_BASE_MS * 2 ** (this.failures - 1)));
    }
  }

  /** The deployments and web services of one workspace, as records. */
  private async workspaceRecords(ws: AzureWorkspaceRef, signal: AbortSignal): Promise<ServiceRecord[]> {
    const ref: WorkspaceRef = { subscriptionId: ws.subscriptionId, resourceGroupName: ws.resourceGroupName, workspaceName: ws.name };
    const [endpoints, services] = await Promise.all([this.api.listOnlineEndpoints(ref, signal), this.api.listServices(ref, signal)]);
    const out: ServiceRecord[] = [];
    for (const endpoint of endpoints) {
      const deployments = await this.api.listOnlineDeployments(ref, endpoint.name, signal);
      for (const d of deployments) {
        const view = onlineDeploymentView(endpoint, d);
        this.endpoints.set(d.id.toLowerCase(), { ws: ref, endpoint });
        const local = await localCodeOf({ endpointName: endpoint.name, deploymentName: d.name, scoringScript: view.scoringScript });
        out.push(azureRecord(this.o.connectionId, ws, view, local));
      }
    }
    for (const s of services) {
      const local = await localCodeOf({ endpointName: s.name, deploymentName: s.name, scoringScript: undefined });
      out.push(azureRecord(this.o.connectionId, ws, webServiceView(s), local));
    }
    return out;
  }

  dispose(): void {
    this.disposed = true;
    this.ctl.abort();
    clearTimeout(this.timer);
    this.o.model.replaceAll(this.o.connectionId, []);
  }
}
