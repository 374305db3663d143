// Tells the workbench a walkthrough step's gesture really happened, by
// setting its context key (src/platform/contextKeys.ts); VS Code marks the
// step done on `onContext:<key>` and remembers it. A key set before the
// walkthrough was first shown (VS Code registers it then, and takes a key
// already set as seen) completes its step through the manifest's second
// event, `<key> && activeEditor == gettingStartedPage`, when the page shows.
// Also sets the first step's key when the workspace holds a deployment.
import * as vscode from 'vscode';
import { WalkthroughContext, type WalkthroughContextKey } from './contextKeys';

/** Sets `key`: the step whose completion event it is is done. */
export function reached(key: WalkthroughContextKey): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

/** The files that make a folder a deployment the extension works on. */
const DEPLOYMENT_FILES = '**/{score.py,inferenceconfig.json,deployment.yml}';

/** Sets deploymentFolderOpen at activation and when folders are added, once the workspace holds a deployment. */
export function watchDeploymentFolder(context: vscode.ExtensionContext): void {
  const check = async () => {
    if (!vscode.workspace.workspaceFolders?.length) return;
    const found = await vscode.workspace.findFiles(DEPLOYMENT_FILES, '**/node_modules/**', 1);
    if (found.length) reached(WalkthroughContext.deploymentFolderOpen);
  };
  void check();
  context.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void check()));
}
