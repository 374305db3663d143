// "Open as document" of a log tab: a read-only snapshot under our own scheme
// rather than an untitled document. An untitled editor is dirty, so closing it
// asks to save, and VS Code's debug.saveBeforeStart opens a Save As dialog on
// an active untitled editor at every debug start (which blocks the "Debug"
// action until the dialog is answered). Save As still works on a snapshot.
import * as vscode from 'vscode';

/** The URI scheme of log snapshots. */
export const LOG_SNAPSHOT_SCHEME = 'azureml-log';

export class LogSnapshots implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[];
  private counter = 0;

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(LOG_SNAPSHOT_SCHEME, this),
      // A snapshot lives as long as a tab shows it. A document can close while
      // its tab stays (a language change reopens it), so the tabs decide.
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === LOG_SNAPSHOT_SCHEME && !this.shownInATab(doc.uri.toString())) this.contents.delete(doc.uri.toString());
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens `content` as a new read-only document titled `<title>.azureml-log` (the language comes from the extension). */
  async open(title: string, content: string): Promise<vscode.TextDocument> {
    const safe = title.replace(/[\\/:*?"<>|#%]+/g, '-').trim() || 'log';
    // The query keeps two snapshots of one tab apart while the tab shows the plain title.
    const uri = vscode.Uri.from({ scheme: LOG_SNAPSHOT_SCHEME, path: `/${safe}.azureml-log`, query: String(++this.counter) });
    this.contents.set(uri.toString(), content);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  private shownInATab(key: string): boolean {
    return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.contents.clear();
  }
}
