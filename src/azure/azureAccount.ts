// The Azure side's long-lived part: the sign-in, through VS Code's own
// authentication (`vscode.authentication.getSession` on the provider of the
// cloud the sovereign cloud settings name; nothing stored by us), the Azure
// root in the model, and the bag of one signed-in session (client, lister,
// polling) loaded from dist/azure.js when the Azure node is first expanded or
// a command needs Azure, thrown away whole when the session or cloud changes.
import * as vscode from 'vscode';
import { resolveCloud, type AzureCloud, type CustomEnvironment } from '../core/azure/clouds';
import type { ServiceModel } from '../core/model/serviceModel';
import { loadBundle } from '../platform/lazyBundle';
import type * as AzureBundle from './index';
import type { AzureBag } from './azureBag';
import type { AzureMlApi } from './azureMlApi';

/** How a session is asked for: silently (an Accounts menu request at most), on the user's gesture, or fresh after a refusal. */
type Ask = 'silent' | 'quiet' | 'interactive' | 'fresh';

/** The sign-in and the bag of the signed-in session. */
export class AzureAccount implements vscode.Disposable {
  private bag?: AzureBag;
  private bagFor?: string;
  private readonly disposables: vscode.Disposable[] = [];
  private started = false;
  private connectionId = 'azure';

  constructor(
    private readonly model: ServiceModel,
    private readonly log: vscode.LogOutputChannel,
    private readonly bundleDir: string,
  ) {
    vscode.authentication.onDidChangeSessions((e) => {
      const c = this.cloud();
      if (this.started && !('error' in c) && e.provider.id === c.providerId) void this.connect('quiet');
    }, this, this.disposables);
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('microsoft-sovereign-cloud')) return;
      // Another cloud: another provider, endpoint and token; the old bag goes whole.
      this.dropBag();
      if (this.started) void this.connect('silent');
      else this.showRoot();
    }, this, this.disposables);
    this.showRoot();
  }

  /** The cloud VS Code's sovereign cloud settings name (or why they cannot be used). */
  cloud(): AzureCloud | { error: string } {
    const c = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    const cloud = resolveCloud(c.get<string>('environment') || undefined, c.get<CustomEnvironment>('customEnvironment'));
    if (!('problem' in cloud)) return cloud;
    // Worded here with the host's l10n (as core/azure/clouds's cloudOf words it): activation loads no strings module.
    return {
      error: cloud.problem === 'unknownEnvironment'
        ? vscode.l10n.t('The setting `microsoft-sovereign-cloud.environment` has a value this extension does not know: {0}.', cloud.value)
        : vscode.l10n.t('The setting `microsoft-sovereign-cloud.customEnvironment` needs a resourceManagerEndpointUrl that is an https URL.'),
    };
  }

  private showRoot(reason?: string): void {
    const c = this.cloud();
    const label = 'error' in c || c.name === 'AzureCloud' ? 'Azure' : `Azure (${c.name})`;
    const id = `azure:${'error' in c ? 'settings' : c.name}`;
    if (id !== this.connectionId) this.model.removeConnection(this.connectionId);
    this.connectionId = id;
    this.model.setConnection({
      id, kind: 'azure', label, status: 'error' in c ? 'unreachable' : 'idle',
      reason: 'error' in c ? c.error : reason, azure: { signedIn: false, subscriptions: [] },
    });
  }

  /** The session of the cloud, asked for as `ask` says; undefined when signed out (or the settings are wrong). */
  async session(ask: Ask): Promise<vscode.AuthenticationSession | undefined> {
    const c = this.cloud();
    if ('error' in c) throw new Error(c.error);
    const scopes = [c.armScope];
    switch (ask) {
      // No flag: VS Code adds "Sign in ... to use" to the Accounts menu when there is no session (the user's to click).
      case 'silent':
        return vscode.authentication.getSession(c.providerId, scopes, {});
      case 'quiet':
        return vscode.authentication.getSession(c.providerId, scopes, { silent: true });
      case 'interactive':
        return vscode.authentication.getSession(c.providerId, scopes, { createIfNone: true, clearSessionPreference: true });
      case 'fresh':
        return vscode.authentication.getSession(c.providerId, scopes, { forceNewSession: { detail: vscode.l10n.t('Azure refused the sign-in: sign in again to keep reading your deployments.') } });
    }
  }

  /**
   * A bearer token for Resource Manager: the session's, kept; after a 401
   * (`forceRefresh`) the session is asked for again (VS Code's provider
   * refreshes an expired token), and only when it still holds the refused
   * token, a new sign-in is asked for.
   */
  private async token(last: { token?: string }, forceRefresh: boolean): Promise<string> {
    // Kept until Azure refuses it: a sign-out or account change throws the bag (and it) away.
    if (!forceRefresh && last.token) return last.token;
    let s = await this.session('quiet');
    if (s && forceRefresh && s.accessToken === last.token) s = await this.session('fresh');
    if (!s) throw new Error(vscode.l10n.t('Not signed in to Azure: sign in (Accounts menu, or "Sign in to Azure" in the Services view).'));
    last.token = s.accessToken;
    return s.accessToken;
  }

  /** Signs in on the user's gesture (a dialog may ask), then lists. */
  async signIn(): Promise<void> {
    this.started = true;
    try {
      const s = await this.session('interactive');
      if (s) await this.connect('quiet');
    } catch (err) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not sign in to Azure: {0}', (err as Error).message));
    }
  }

  /** Starts the Azure side (the Azure node was expanded, or a command needs it): silent sign-in, then the listing. */
  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    void this.connect('silent');
  }

  private async connect(ask: Ask): Promise<AzureBag | undefined> {
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await this.session(ask);
    } catch (err) {
      this.dropBag();
      this.showRoot((err as Error).message);
      return undefined;
    }
    if (!session) {
      this.dropBag();
      this.showRoot();
      return undefined;
    }
    const c = this.cloud() as AzureCloud;
    const key = `${c.name}|${c.armEndpoint}|${session.account.id}`;
    if (this.bag && this.bagFor === key) return this.bag;
    this.dropBag();
    this.showRoot();
    const bundle = loadBundle<typeof AzureBundle>(this.bundleDir, 'azure');
    const last: { token?: string } = {};
    this.bag = new bundle.AzureBag({
      connectionId: this.connectionId, label: this.model.connection(this.connectionId)?.label ?? 'Azure', cloud: c, account: session.account.label,
      model: this.model, log: (m) => this.log.info(m),
      getToken: async ({ forceRefresh }) => this.token(last, forceRefresh),
    });
    this.bagFor = key;
    this.bag.start();
    return this.bag;
  }

  private dropBag(): void {
    this.bag?.dispose();
    this.bag = undefined;
    this.bagFor = undefined;
  }

  /** The bag of the signed-in session, signing in silently; undefined when signed out. */
  async current(): Promise<AzureBag | undefined> {
    this.started = true;
    return this.bag ?? (await this.connect('quiet'));
  }

  /**
   * The Azure ML API of the signed-in session (signs in silently; undefined
   * when signed out). For features that reach Azure themselves ("Debug this locally").
   */
  async api(): Promise<AzureMlApi | undefined> {
    return (await this.current())?.api;
  }

  /** Lists again now (the refresh button). */
  async refresh(): Promise<void> {
    const bag = await this.current();
    await bag?.refresh();
  }

  /** The text with every token and key the session's client handled masked. */
  redact(text: string): string {
    return this.bag ? this.bag.redact(text) : text;
  }

  dispose(): void {
    this.dropBag();
    for (const d of this.disposables) d.dispose();
  }
}
