// "Insert / Remove Debug Hook in score.py": for images built elsewhere, puts
// the debugpy listen-and-wait block into the entry script (port, timeout and
// host from the settings, the host confirmed by the user) or takes it out.
import * as vscode from 'vscode';
import { insertDebugHook as insertIntoText, removeDebugHook as removeFromText, type ScoreEditResult } from '../../core/edits/scoreHook';
import { Strings } from '../../platform/localize';
import type { Settings } from '../../platform/settings';
import { pickDeploymentFile } from '../deploymentFiles';
import { applyCoreEdit, inform } from '../textEdits';

/** Optional arguments, so tests can skip the pickers. */
export interface DebugHookArgs {
  uri?: vscode.Uri;
  host?: string;
}

/** What happened; undefined when cancelled or refused. */
export type DebugHookResult = { uri: vscode.Uri; changed: boolean; reason?: string } | undefined;

function findScore(given: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  return pickDeploymentFile({
    given,
    kind: 'entryScript',
    matches: (doc) => doc.languageId === 'python' || doc.uri.path.endsWith('.py'),
    fallbackGlob: '**/score.py',
    placeHolder: Strings.scaffold.pickScoreFile(),
  });
}

async function pickHost(settings: Settings): Promise<string | undefined> {
  const local = { label: Strings.scaffold.hostLocal(), host: '127.0.0.1' };
  const container = { label: Strings.scaffold.hostContainer(), host: '0.0.0.0' };
  const items = settings.debugListenHost === '0.0.0.0' ? [container, local] : [local, container];
  return (await vscode.window.showQuickPick(items, { placeHolder: Strings.scaffold.pickListenHost() }))?.host;
}

async function apply(uri: vscode.Uri, edit: (text: string, eol: string) => ScoreEditResult, done: (file: string, line: number) => string): Promise<DebugHookResult> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const file = vscode.workspace.asRelativePath(uri);
  let r: ScoreEditResult;
  try {
    r = edit(doc.getText(), doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  } catch (e) {
    // Settings that cannot be written into Python (a bad host or port).
    void vscode.window.showErrorMessage(String(e instanceof Error ? e.message : e));
    return undefined;
  }
  const result = await applyCoreEdit(doc, r);
  if (!result?.changed || 'error' in r || !r.changed) return result;
  const at = new vscode.Position(r.line - 1, 0);
  await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(at, at) });
  inform(done(file, r.line));
  return result;
}

/** Inserts the hook into the chosen entry script. */
export async function insertDebugHook(settings: Settings, args: DebugHookArgs = {}): Promise<DebugHookResult> {
  const uri = await findScore(args.uri);
  if (!uri) {
    void vscode.window.showErrorMessage(Strings.scaffold.noScoreFile());
    return undefined;
  }
  const host = args.host ?? (await pickHost(settings));
  if (!host) return undefined;
  const options = { host, port: settings.debugPort, timeoutSeconds: settings.debugTimeoutSeconds };
  return apply(uri, (text, eol) => insertIntoText(text, options, eol), (file, line) => Strings.scaffold.hookInserted(file, line, `${host}:${options.port}`));
}

/** Removes the hook from the chosen entry script. */
export async function removeDebugHook(args: DebugHookArgs = {}): Promise<DebugHookResult> {
  const uri = await findScore(args.uri);
  if (!uri) {
    void vscode.window.showErrorMessage(Strings.scaffold.noScoreFile());
    return undefined;
  }
  return apply(uri, (text) => removeFromText(text), (file) => Strings.scaffold.hookRemoved(file));
}
