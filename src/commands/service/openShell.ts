// "Open shell": a terminal running `docker exec -it <id> sh -c 'bash || sh'`,
// started with an argument array (never a shell string), so a container
// name or id cannot inject a command.
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService, requireTrust } from './pickService';

/** The argv of the shell terminal for a container id (exported for tests). */
export function shellArgs(containerId: string): string[] {
  // A fixed script picks bash when the image has it; the id is its own argument.
  return ['exec', '-it', containerId, '/bin/sh', '-c', 'if command -v bash >/dev/null; then exec bash; else exec sh; fi'];
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.serviceOpenShell, async (node?: ServiceTreeNode) => {
      if (!requireTrust()) return;
      const record = await pickService(services, node, (r) => r.kind === 'docker' && r.state === 'running');
      if (!record) return;
      const terminal = vscode.window.createTerminal({
        name: Strings.shellTerminalName(record.name),
        shellPath: 'docker',
        shellArgs: shellArgs(record.id),
        iconPath: new vscode.ThemeIcon('terminal'),
      });
      terminal.show();
    }),
  );
}
