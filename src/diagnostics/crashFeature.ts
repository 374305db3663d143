// Registers the crash-cause feature: the diagnostics that follow the service
// model and their quick fixes (the internal commands those call are in
// src/commands/crash). The diagnostics object is returned: the commands whose
// "Send test request" reports its answers (reportHttp) reach it through the
// Workbench. It reads what the log panel holds (HeldLogs) before it fetches a
// tail of its own.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { CrashDiagnostics, type HeldLogs } from './crashDiagnostics';
import { CrashQuickFix } from './crashQuickFix';
import { loadKubernetes } from '../kubernetes/lazy';
import { bundleDirOf } from '../platform/lazyBundle';

export function register(services: Services, logs: HeldLogs): CrashDiagnostics {
  const crashes = new CrashDiagnostics(services, services.problems, logs);
  services.context.subscriptions.push(
    crashes,
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new CrashQuickFix(crashes), { providedCodeActionKinds: CrashQuickFix.providedCodeActionKinds }),
  );
  // Lowering a request needs the nodes' allocatable amounts: asked of the cluster when the fix is offered.
  crashes.nodeResources = async (record) => {
    const bag = services.clusters.bag(record.connectionId);
    if (!bag) return [];
    const bundle = loadKubernetes(bundleDirOf(services.context));
    return bundle.listNodeAllocatable(bag.kubeConfig, services.clusters.secrets());
  };
  return crashes;
}
