// Quick fixes for crash causes, keyed by the diagnostic's stable code: add a
// missing package to the conda file, lower a request no node can give, raise
// memoryInGB or scoringTimeoutMs, compute replicas for 503 bursts, wrap run()
// in try/except, probe the model path, pause a hanging service, show logs.
// Every file change is a WorkspaceEdit that keeps formatting and comments.
import * as vscode from 'vscode';
import { addPipRequirement } from '../core/edits/condaEnv';
import { loweredRequest, raisedMemoryGb, raisedRequestTimeoutMs, raisedTimeoutMs } from '../core/crash/crashFixes';
import { wrapRunInTryExcept } from '../core/edits/runTryExcept';
import { minimalReplacement } from '../core/edits/textChange';
import { CommandIds } from '../platform/commandIds';
import { Strings } from '../platform/localize';
import type { CrashDiagnostics, CrashEntry } from './crashDiagnostics';
import { readText, settingEdit } from './crashFiles';
import { commandOf } from '../platform/commands';
import { commandAction, editAction } from './codeActions';

/** Offers the fixes of each crash diagnostic in the context. */
export class CrashQuickFix implements vscode.CodeActionProvider {
  // A getter, not a field: loading the module touches no `vscode` value (the bundle bench loads it outside the editor).
  static get providedCodeActionKinds(): vscode.CodeActionKind[] {
    return [vscode.CodeActionKind.QuickFix];
  }

  constructor(private readonly crashes: CrashDiagnostics) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const entries = this.crashes.entriesAt(doc.uri);
    if (!entries.length) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const entry = entries.find((e) => e.diagnostic.code === d.code && e.diagnostic.range.isEqual(d.range) && e.diagnostic.source === d.source);
      if (entry) actions.push(...(await this.actionsFor(entry, d)));
    }
    return actions;
  }

  private async actionsFor(e: CrashEntry, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
    const out: vscode.CodeAction[] = [];
    const service = { connectionId: e.connectionId, serviceId: e.serviceId };
    switch (e.finding.code) {
      case 'missing-module': {
        const pkg = e.finding.data?.package;
        if (pkg && e.conda) {
          const text = await readText(e.conda);
          const r = addPipRequirement(text, pkg, [pkg]);
          if ('changed' in r && r.changed) {
            const doc = await vscode.workspace.openTextDocument(e.conda);
            const change = minimalReplacement(doc.getText(), r.text);
            const edit = new vscode.WorkspaceEdit();
            edit.replace(e.conda, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
            out.push(editAction(Strings.crash.fixAddPackage(pkg, vscode.workspace.asRelativePath(e.conda)), edit, d, true));
          }
        }
        break;
      }
      case 'insufficient-resources': {
        const record = this.crashes.record(e);
        const nodes = record && this.crashes.nodeResources
          ? await this.crashes.nodeResources(record).catch((err: Error) => {
            this.crashes.warn(`no node resources for ${record.name}: ${err.message}`);
            return [];
          })
          : [];
        const site = e.site;
        const lower = site ? loweredRequest(e.finding, nodes, site.location?.value) : undefined;
        if (site && lower) {
          const edit = await settingEdit({ ...site, setting: lower.setting }, lower.setting, lower.value);
          if (edit) out.push(editAction(Strings.crash.fixLowerRequest(lower.setting, lower.value), edit, d, true));
        }
        break;
      }
      case 'oom-killed': {
        if (e.site) {
          const value = raisedMemoryGb(e.site.setting === 'memoryInGB' ? e.site.location?.value : undefined);
          const edit = await settingEdit(e.site, 'memoryInGB', value);
          if (edit) out.push(editAction(Strings.crash.fixRaiseMemory(value), edit, d, true));
        }
        break;
      }
      case 'overloaded-503':
        if (e.site && e.site.kind !== 'yaml') out.push(commandAction(commandOf(CommandIds.crashReplicaCalculator, Strings.crash.fixReplicaCalculator(), e.site.uri.toString(), e.site.kind), d));
        break;
      case 'timeout-504': {
        if (e.site) {
          const value = raisedTimeoutMs(e.site.setting === 'scoringTimeoutMs' ? e.site.location?.value : undefined, e.finding.data?.timeoutMs);
          const edit = await settingEdit(e.site, 'scoringTimeoutMs', value);
          if (edit) out.push(editAction(Strings.crash.fixRaiseTimeout(value), edit, d, true));
        }
        out.push(commandAction(commandOf(CommandIds.crashPauseService, Strings.crash.fixPause(), service), d));
        break;
      }
      case 'request-timeout-408': {
        const value = e.site && raisedRequestTimeoutMs(e.site.setting === 'requestTimeoutMs' ? e.site.location?.value : undefined, e.finding.data?.timeoutMs);
        const edit = e.site && value !== undefined ? await settingEdit(e.site, 'requestTimeoutMs', value) : undefined;
        if (edit) out.push(editAction(Strings.crash.fixRaiseRequestTimeout(value!), edit, d, true));
        break;
      }
      case 'run-failed': {
        if (e.place === 'script') {
          const doc = await vscode.workspace.openTextDocument(e.uri);
          const r = wrapRunInTryExcept(doc.getText());
          if (r.changed) {
            const change = minimalReplacement(doc.getText(), r.text);
            const edit = new vscode.WorkspaceEdit();
            edit.replace(e.uri, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
            out.push(editAction(Strings.crash.fixWrapRun(), edit, d));
          }
        }
        break;
      }
      case 'model-not-found':
        out.push(commandAction(commandOf(CommandIds.crashProbeModelPath, Strings.crash.fixProbeModel(), service), d));
        break;
      default:
        break;
    }
    // The editor runs an action's command after applying its edit: that is how the walkthrough learns a fix was applied.
    for (const a of out) if (a.edit && !a.command) a.command = commandOf(CommandIds.crashFixApplied, a.title);
    out.push(commandAction(commandOf(CommandIds.serviceShowLogs, Strings.crash.fixShowLogs(), { type: 'service', ...service }), d));
    return out;
  }
}
