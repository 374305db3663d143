// "Copy scoring URL": http://127.0.0.1:<published port>/score of a service.
import * as vscode from 'vscode';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService } from './pickService';

/** The scoring URL of a record, or undefined when no scoring port is published. */
export function scoringUrl(r: ServiceRecord): string | undefined {
  if (!r.scoringPort) return undefined;
  const ip = r.scoringPort.hostIp === '0.0.0.0' || r.scoringPort.hostIp === '::' ? '127.0.0.1' : r.scoringPort.hostIp;
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `http://${host}:${r.scoringPort.hostPort}/score`;
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.serviceCopyScoringUrl, async (node?: ServiceTreeNode) => {
      const record = await pickService(services, node, (r) => r.scoringPort !== undefined);
      if (!record) return;
      const url = scoringUrl(record);
      if (!url) {
        void vscode.window.showWarningMessage(Strings.noScoringPort(record.name));
        return;
      }
      await vscode.env.clipboard.writeText(url);
      void vscode.window.setStatusBarMessage(Strings.copied(url), 3000);
    }),
  );
}
