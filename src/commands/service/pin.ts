// "Pin container": lists any container in the tree, even one that does not
// look like Azure ML (a custom image), by adding it to
// azuremlDebug.docker.pinnedContainers; "Unpin" takes it out again.
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService } from './pickService';

async function savePinned(services: Services, names: string[]): Promise<void> {
  await vscode.workspace.getConfiguration('azuremlDebug').update('docker.pinnedContainers', names, vscode.ConfigurationTarget.Global);
  await services.docker.refresh();
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.servicePin, async () => {
      const all = await services.docker.allContainers();
      if (!all) return void vscode.window.showErrorMessage(Strings.dockerUnavailable());
      const listed = new Set(services.model.allServices().map((s) => s.id));
      const items = all.filter((c) => !listed.has(c.id)).map((c) => ({ label: c.name, description: `${c.image} · ${c.state}`, id: c.id }));
      if (items.length === 0) return void vscode.window.showInformationMessage(Strings.nothingToPin());
      const picked = await vscode.window.showQuickPick(items, { placeHolder: Strings.pickContainerToPin() });
      if (!picked) return;
      await savePinned(services, [...new Set([...services.settings.pinnedContainers, picked.label])]);
    }),
    vscode.commands.registerCommand(CommandIds.serviceUnpin, async (node?: ServiceTreeNode) => {
      const record = await pickService(services, node, (r) => r.reason === 'pinned');
      if (!record) return;
      const name = (await services.docker.containerName(record.id)) ?? record.name;
      await savePinned(services, services.settings.pinnedContainers.filter((p) => p !== name && p !== record.id));
    }),
  );
}
