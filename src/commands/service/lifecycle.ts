// Start, stop, restart and remove a service, through its runtime's verbs
// (Docker's today). The tree updates from the runtime's events, not from
// these commands; they only report failures.
import * as vscode from 'vscode';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import { verbsOf } from '../../connections';
import type { ServiceControl } from '../../platform/runtimeVerbs';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService, requireTrust } from './pickService';

type Verb = ServiceControl;

async function act(services: Services, verb: Verb, record: ServiceRecord): Promise<void> {
  const verbs = verbsOf(services, record);
  if (!verbs.control) throw new Error(Strings.notOffered(Strings.verb(verb), record.name));
  await verbs.control(record, verb);
}

const ACCEPTS: Record<Verb, (r: ServiceRecord) => boolean> = {
  start: (r) => r.kind === 'docker' && r.state !== 'running',
  stop: (r) => r.kind === 'docker' && (r.state === 'running' || r.state === 'restarting' || r.state === 'paused'),
  restart: (r) => r.kind === 'docker',
  remove: (r) => r.kind === 'docker',
};

export function register(services: Services): void {
  const commands: [string, Verb][] = [
    [CommandIds.serviceStart, 'start'],
    [CommandIds.serviceStop, 'stop'],
    [CommandIds.serviceRestart, 'restart'],
    [CommandIds.serviceRemove, 'remove'],
  ];
  for (const [id, verb] of commands) {
    services.context.subscriptions.push(
      vscode.commands.registerCommand(id, async (node?: ServiceTreeNode, options?: { confirmed?: boolean }) => {
        if ((verb === 'start' || verb === 'restart') && !requireTrust()) return;
        const record = await pickService(services, node, ACCEPTS[verb]);
        if (!record) return;
        if (verb === 'remove' && !options?.confirmed) {
          const yes = Strings.removeConfirmButton();
          const answer = await vscode.window.showWarningMessage(Strings.removeConfirm(record.name), { modal: true }, yes);
          if (answer !== yes) return;
        }
        try {
          await vscode.window.withProgress(
            { location: { viewId: 'azuremlDebug.services' }, title: `${verb} ${record.name}` },
            () => act(services, verb, record),
          );
        } catch (err) {
          const e = err as { statusCode?: number; json?: { message?: string }; message: string };
          const why = e.json?.message ?? e.message;
          // 304: already in that state; nothing to tell.
          if (e.statusCode === 304) return;
          void vscode.window.showErrorMessage(Strings.serviceActionFailed(Strings.verb(verb), record.name, why));
        }
      }),
    );
  }
}
