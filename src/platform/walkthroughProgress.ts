// Tells the workbench a walkthrough step's gesture really happened, by
// setting its context key (src/platform/contextKeys.ts); VS Code marks the
// step done on `onContext:<key>` and remembers it. Also sets the first
// step's key once the workspace is seen to hold a deployment.
import * as vscode from 'vscode';
import { WalkthroughContext, type WalkthroughContextKey } from './contextKeys';

/** Sets `key`: the step whose completion event it is is done. */
export function reached(key: WalkthroughContextKey): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

/** The files that make a folder a deployment the extension works on. */
const DEPLOYMENT_FILES = '**/{score.py,inferenceconfig.json,deployment.yml}';
const DEPLOYMENT_FILE = /[\\/](score\.py|inferenceconfig\.json|deployment\.ya?ml)$/;

/**
 * How long after activation the folder is looked at. Not at once: VS Code
 * (1.100, gettingStartedService) counts a completion key that is already
 * true when it registers the walkthrough as seen, and never completes the
 * step on it in that session; it registers extensions' walkthroughs at its
 * own pace, often after a workspaceContains activation.
 */
const SETTLE_MS = 10_000;

/**
 * Sets deploymentFolderOpen when the workspace holds a deployment: a little
 * after activation, when folders are added, or at once when a deployment's
 * file becomes the active editor.
 */
export function watchDeploymentFolder(context: vscode.ExtensionContext): void {
  let done = false;
  const check = async () => {
    if (done || !vscode.workspace.workspaceFolders?.length) return;
    const found = await vscode.workspace.findFiles(DEPLOYMENT_FILES, '**/node_modules/**', 1);
    if (!found.length || done) return;
    done = true;
    reached(WalkthroughContext.deploymentFolderOpen);
  };
  const timer = setTimeout(() => void check(), SETTLE_MS);
  context.subscriptions.push(
    { dispose: () => clearTimeout(timer) },
    vscode.workspace.onDidChangeWorkspaceFolders(() => void check()),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e && DEPLOYMENT_FILE.test(e.document.uri.path) && vscode.workspace.getWorkspaceFolder(e.document.uri)) void check();
    }),
  );
}
