// The log panel's front, registered at activation: its webview view, whose
// first showing builds the panel from dist/logs.js (this folder's host code).
// The panel is also built when a feature first opens a log in it; until
// then no tab exists, so nothing else needs it.
import * as vscode from 'vscode';
import type * as LogsBundle from './logPanel';
import type { LogPanel } from './logPanel';
import { bundleDirOf, Lazy, loadBundle } from '../platform/lazyBundle';
import type { Services } from '../services';

// Type-checked against the panel's own id, without loading the panel's module.
const viewId: typeof LogsBundle.LogPanel.viewId = 'azuremlDebug.logs';

/** Registers the panel's view; the panel itself is built on the returned value's first `get()`. */
export function register(services: Services): Lazy<LogPanel> {
  const panel = new Lazy(() => loadBundle<typeof LogsBundle>(bundleDirOf(services.context), 'logs').createLogPanel(services));
  services.context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(viewId, { resolveWebviewView: (view) => panel.get().resolveWebviewView(view) }),
    { dispose: () => panel.built?.dispose() },
  );
  return panel;
}
