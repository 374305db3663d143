// "Open the sample deployment": opens the bundled sample/ folder (or the one
// the setting names) in a new window, so a user without a deployment of their
// own can see every feature.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.sampleOpen, async () => {
      const folder = services.settings.sampleFolder || path.join(services.context.extensionPath, 'sample');
      try {
        await vscode.workspace.fs.stat(vscode.Uri.file(folder));
      } catch {
        void vscode.window.showErrorMessage(Strings.sampleNotFound(folder));
        return;
      }
      await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder), { forceNewWindow: false });
    }),
  );
}
