// The "Azure ML Logs" panel: a webview view in the bottom panel with one tab
// per log source. Streams live into each tab's bounded buffer; the webview is
// sent only the active tab's rows in and around its sight (logView.ts), at
// most every 50 ms, never one message per line: a 100,000-line log costs
// the webview what a screen of it does.
import * as vscode from 'vscode';
import type { LogEntry } from '../core/logs/logBuffer';
import type { LogSource } from '../core/logs/logSource';
import { logText } from '../core/logs/logText';
import { Strings } from '../platform/localize';
import type { Services } from '../services';
import { openAtLine, resolveFrameFile } from './frameLinks';
import { LogTab, logTabId } from './logTab';
import type { FromWebview, LogReveal, ToWebview, WireTab } from './logWire';
import { LogView } from './logView';
import { panelHtml, restartLabel } from './logPanelHtml';
import { LogSnapshots } from './logSnapshots';
import { APP_ROOT } from '../core/model/appRoot';

/** Options of {@link LogPanel.show}. */
export interface ShowLogOptions {
  /** Show the previous run (a second stream, for sources whose `previous` is 'stream'). */
  readonly previous?: boolean;
  /** Keep the focus where it is. */
  readonly preserveFocus?: boolean;
  /** Set the filter box (text, or /regex/); '' clears it. */
  readonly filter?: string;
  /** Bring a place into sight: the last restart mark, or only the run before it. */
  readonly reveal?: LogReveal;
  /** Open the tab and stream into it without showing the panel or changing its active tab. */
  readonly background?: boolean;
}

/** What a test can read of the webview's state. */
export interface LogWebviewProbe {
  readonly active?: string;
  /** Rows the active tab holds (after the filter). */
  readonly rows: number;
  /** Text of the rows in the DOM right now. */
  readonly shown: string[];
  /** The frame links among those rows. */
  readonly links: { path: string; line: number }[];
  /** The view keeps the newest row in sight. */
  readonly follow: boolean;
}

const flushDelayMs = 50;

/** The log panel; {@link createLogPanel} creates the one instance. */
export class LogPanel implements vscode.WebviewViewProvider, vscode.Disposable {
  /** The view's id in package.json. */
  static readonly viewId = 'azuremlDebug.logs';

  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly tabs = new Map<string, LogTab>();
  private readonly linkRoots = new Map<string, string[]>();
  private active: string | undefined;
  private readonly viewState = new LogView();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tabsDirty = true;
  private filterDirty = false;
  private probeToken = 0;
  private readonly probes = new Map<number, (p: LogWebviewProbe) => void>();
  private readonly snapshots = new LogSnapshots();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly capacity: () => number,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    view.webview.html = panelHtml(view.webview, media, dist);
    // Listeners live as long as this webview: it is recreated each time the panel is shown again.
    const perView: vscode.Disposable[] = [];
    view.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m), this, perView);
    view.onDidDispose(
      () => {
        // The streams keep filling their buffers; everything is resent when a webview comes back.
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
        for (const d of perView.splice(0)) d.dispose();
      },
      this,
      perView,
    );
  }

  /**
   * Streams `source` into its tab (opening the tab, or selecting it when
   * open) and reveals the panel. Returns the tab's id.
   */
  show(source: LogSource, options: ShowLogOptions = {}): string {
    let tab = this.tabs.get(logTabId(source.id, options.previous === true));
    if (!tab || tab.isDisposed) {
      tab = new LogTab(source, { capacity: this.capacity(), previous: options.previous }, (t, what) => this.changed(t, what));
      this.tabs.set(tab.id, tab);
      this.linkRoots.set(tab.id, [APP_ROOT]);
      void this.loadLinkRoots(tab);
      tab.start();
    }
    if (options.background) {
      if (!this.active) this.active = tab.id;
      this.tabsDirty = true;
      this.schedule();
    } else {
      this.present(tab.id, options);
    }
    return tab.id;
  }

  /**
   * Selects an open tab and reveals the panel; with `filter` or `reveal`,
   * sets the filter box or brings the last restart / the run before it into sight.
   */
  present(id: string, options: Omit<ShowLogOptions, 'previous'> = {}): void {
    if (!this.tabs.has(id)) return;
    this.select(id);
    if (options.filter !== undefined) this.setFilter(options.filter);
    if (options.reveal) this.reveal(id, options.reveal);
    this.revealPanel(options.preserveFocus ?? true);
  }

  /** Ends a tab's stream and removes it. */
  close(id: string): void {
    const tab = this.tabs.get(id);
    if (!tab) return;
    tab.dispose();
    this.tabs.delete(id);
    this.linkRoots.delete(id);
    if (this.active === id) {
      this.active = [...this.tabs.keys()].pop();
      this.viewState.attach(this.active ? this.tabs.get(this.active) : undefined);
    }
    this.tabsDirty = true;
    this.schedule();
  }

  /** Ids of the open tabs. */
  tabIds(): string[] {
    return [...this.tabs.keys()];
  }

  /** The entries a tab's buffer holds (for other features and tests). */
  entriesFor(id: string): readonly LogEntry[] {
    return this.tabs.get(id)?.buffer.entries() ?? [];
  }

  /**
   * The entries of a source's tab when it holds the whole run: its stream has
   * ended (the container stopped, or a previous run was read to its end).
   * Undefined while it is live or connecting, when output may still arrive,
   * and when no tab shows the source.
   */
  heldRun(sourceId: string, previous: boolean): readonly LogEntry[] | undefined {
    const tab = this.tabs.get(logTabId(sourceId, previous));
    return tab && !tab.isDisposed && tab.state === 'ended' ? tab.buffer.entries() : undefined;
  }

  /** The text of the output lines a tab holds, oldest first (restart marks left out). */
  linesFor(id: string): string[] {
    return this.entriesFor(id)
      .filter((e) => e.kind === 'line')
      .map((e) => e.text);
  }

  /** Asks the webview what it shows; undefined when it is not open. */
  probeWebview(): Promise<LogWebviewProbe | undefined> {
    if (!this.view || !this.ready) return Promise.resolve(undefined);
    const token = ++this.probeToken;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.probes.delete(token);
        resolve(undefined);
      }, 5000);
      this.probes.set(token, (p) => {
        clearTimeout(timer);
        resolve(p);
      });
      this.flush();
      void this.post({ type: 'probe', token });
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const tab of this.tabs.values()) tab.dispose();
    this.tabs.clear();
    this.snapshots.dispose();
  }

  private select(id: string): void {
    if (this.active !== id || this.viewState.tabId !== id) {
      this.active = id;
      this.viewState.attach(this.tabs.get(id));
    }
    this.tabsDirty = true;
    this.schedule();
  }

  private revealPanel(preserveFocus: boolean): void {
    if (this.view) this.view.show(preserveFocus);
    else void vscode.commands.executeCommand(`${LogPanel.viewId}.focus`, { preserveFocus }).then(undefined, (err: unknown) => this.log.warn(`log panel: ${String(err)}`));
  }

  private async loadLinkRoots(tab: LogTab): Promise<void> {
    try {
      const maps = (await tab.source.pathMappings?.()) ?? [];
      const roots = [APP_ROOT, ...maps.map((m) => m.remoteRoot)];
      if (this.tabs.get(tab.id) === tab) this.linkRoots.set(tab.id, [...new Set(roots)]);
    } catch (err) {
      this.log.warn(`log panel: path mappings of ${tab.source.title}: ${String(err)}`);
    }
  }

  private changed(tab: LogTab, what: 'entries' | 'state'): void {
    if (what === 'state') this.tabsDirty = true;
    if (tab.id === this.active) this.viewState.changed();
    if (what === 'state' || tab.id === this.active) this.schedule(tab.id === this.active && !this.viewState.shownRows);
  }

  private setFilter(text: string): void {
    this.viewState.setFilter(text);
    this.filterDirty = true;
    this.schedule(true);
  }

  /** Brings a place of tab `id` into sight; a source that streams its previous run gets a tab for it. */
  private reveal(id: string, what: LogReveal | 'all'): void {
    const tab = this.tabs.get(id);
    if (!tab || id !== this.active) return;
    if (what === 'previousRun' && tab.source.previous === 'stream' && !tab.options.previous) {
      this.show(tab.source, { previous: true });
      return;
    }
    this.viewState.reveal(what);
    this.schedule(true);
  }

  /** A flush soon: at once when the webview waits on it (a tab's first rows, a filter typed), else within 50 ms. */
  private schedule(now = false): void {
    if (now && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.timer ??= setTimeout(() => this.flush(), now ? 0 : flushDelayMs);
  }

  /** Sends what changed: the tabs, the filter box, the rows in sight. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.view || !this.ready) return;
    if (this.tabsDirty) {
      this.tabsDirty = false;
      void this.post({ type: 'tabs', tabs: [...this.tabs.values()].map((t) => this.wireTab(t)), active: this.active });
    }
    if (this.filterDirty) {
      this.filterDirty = false;
      const f = this.viewState.filter;
      void this.post({ type: 'filter', text: f.text, invalid: f.invalid });
    }
    const rows = this.viewState.take((this.active && this.linkRoots.get(this.active)) || [APP_ROOT]);
    if (rows) void this.post(rows);
  }

  private wireTab(t: LogTab): WireTab {
    return {
      id: t.id,
      title: t.options.previous ? Strings.logs.previousTitle(t.title) : t.title,
      description: t.source.description,
      state: t.state,
      detail: t.detail,
      previous: t.options.previous ? undefined : t.source.previous,
      isPrevious: t.options.previous === true,
    };
  }

  private post(message: ToWebview): Thenable<boolean> {
    return this.view ? this.view.webview.postMessage(message) : Promise.resolve(false);
  }

  private receive(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.tabsDirty = true;
        // The box as the webview kept it (its state outlives a reload), unless a command set it since.
        if (!this.filterDirty) this.viewState.setFilter(m.filter);
        this.filterDirty = true;
        // A jump or filter asked for before the webview existed stays.
        if (this.viewState.tabId === this.active) this.viewState.resync();
        else this.viewState.attach(this.active ? this.tabs.get(this.active) : undefined);
        this.flush();
        return;
      case 'select':
        if (this.tabs.has(m.id)) this.select(m.id);
        return;
      case 'close':
        this.close(m.id);
        return;
      case 'viewport':
        if (m.id !== this.active) return;
        this.viewState.viewport(m.top, m.rows, m.follow, m.anchor);
        this.flush();
        return;
      case 'filter':
        this.setFilter(m.text);
        return;
      case 'reveal':
        this.reveal(m.id, m.reveal);
        return;
      case 'openFrame':
        void this.openFrame(m.id, m.path, m.line);
        return;
      case 'openDocument':
        void this.openDocument(m.id, m.timestamps, this.viewState.filter.text);
        return;
      case 'probe':
        this.probes.get(m.token)?.({ active: m.active, rows: m.rows, shown: m.shown, links: m.links, follow: m.follow });
        this.probes.delete(m.token);
        return;
    }
  }

  /**
   * Opens the workspace file behind a traceback frame of tab `id` (what a
   * click on a frame link does). Resolves false when no file matches.
   */
  async openFrame(id: string, containerPath: string, line: number): Promise<boolean> {
    const uri = await resolveFrameFile(containerPath, this.tabs.get(id)?.source);
    if (!uri) {
      void vscode.window.showWarningMessage(Strings.logs.frameNotFound(containerPath));
      return false;
    }
    await openAtLine(uri, line);
    return true;
  }

  /** Opens tab `id`'s lines as a read-only `azureml-log` document ("Open as document"). */
  async openDocument(id: string, timestamps: boolean, filter = ''): Promise<vscode.TextDocument> {
    const content = logText(this.entriesFor(id), { timestamps, filter, restartLabel });
    return this.snapshots.open(this.tabs.get(id)?.title ?? 'log', content);
  }
}

/** The log panel; src/logs/lazy.ts builds it on first use and registers its view. */
export function createLogPanel(services: Services): LogPanel {
  return new LogPanel(services.context.extensionUri, () => services.settings.logsMaxLines, services.log);
}
