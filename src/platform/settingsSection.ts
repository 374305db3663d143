// The extension's settings section, as Settings reads it. getConfiguration
// builds a new object at each call, and the Docker watcher reads two settings
// for every engine event: while 100 containers started and went, that was
// half a second of the extension host (`npm run bench -- logPanelHost` with
// AZUREML_DEBUG_BENCH_PROFILE=1). So the section is read once, and again after
// a change to it, a trust grant (which unlocks restricted settings) or a new
// workspace folder. The listeners are registered before any feature's, so a
// feature that rereads a setting on the same change sees the new value
// (VS Code calls an event's listeners in the order they were added).
import * as vscode from 'vscode';
import type { SettingsReader } from './settings';

export function settingsSection(subscriptions: vscode.Disposable[]): SettingsReader {
  let section: vscode.WorkspaceConfiguration | undefined;
  const forget = () => {
    section = undefined;
  };
  subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('azuremlDebug')) forget();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(forget),
    vscode.workspace.onDidChangeWorkspaceFolders(forget),
  );
  return {
    get: <T>(key: string, fallback: T) => (section ??= vscode.workspace.getConfiguration('azuremlDebug')).get<T>(key, fallback),
  };
}
