// The diagnostics' front, registered at activation: it watches, cheaply, for
// the first thing any diagnostic is about (a service in the model, an open
// YAML or Python file) and then registers them all from dist/diagnostics.js,
// which checks what is already there. Until then there is nothing to check.
import * as vscode from 'vscode';
import type * as DiagnosticsBundle from './index';
import type { CrashDiagnostics, HeldLogs } from './crashDiagnostics';
import { bundleDirOf, Lazy, loadBundle } from '../platform/lazyBundle';
import type { Services } from '../services';

/** A document one of the checks reads: a conda file or deployment.yml, or a scoring script. */
function isChecked(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'yaml' || /\.(ya?ml|py)$/i.test(doc.uri.path);
}

/** Registers the diagnostics on the first deployment or checked file; the returned value's `get()` registers them now. */
export function register(services: Services, logs: HeldLogs): Lazy<CrashDiagnostics> {
  const triggers: vscode.Disposable[] = [];
  const diagnostics = new Lazy(() => {
    for (const t of triggers.splice(0)) t.dispose();
    return loadBundle<typeof DiagnosticsBundle>(bundleDirOf(services.context), 'diagnostics').register(services, logs);
  });
  if (vscode.workspace.textDocuments.some(isChecked)) {
    diagnostics.get();
    return diagnostics;
  }
  triggers.push(
    services.model.onDidChange((c) => {
      if (c.type === 'added') diagnostics.get();
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (isChecked(doc)) diagnostics.get();
    }),
  );
  services.context.subscriptions.push({ dispose: () => triggers.splice(0).forEach((t) => t.dispose()) });
  return diagnostics;
}
