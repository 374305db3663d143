// "Inspect": the container's `docker inspect` JSON in a read-only document
// (a virtual document scheme, so it cannot be saved over anything).
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService } from './pickService';

const SCHEME = 'azureml-inspect';

export function register(services: Services): void {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: async (uri) => {
      const id = uri.path.replace(/^\//, '').replace(/\.json$/, '');
      const docker = services.docker.client();
      if (!docker) return Strings.dockerUnavailable();
      const data = await docker.getContainer(id).inspect();
      return JSON.stringify(data, null, 2);
    },
  };
  services.context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand(CommandIds.serviceInspect, async (node?: ServiceTreeNode) => {
      const record = await pickService(services, node, (r) => r.kind === 'docker');
      if (!record) return;
      const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${record.id}.json` });
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.languages.setTextDocumentLanguage(doc, 'json');
        await vscode.window.showTextDocument(doc, { preview: true });
      } catch (err) {
        void vscode.window.showErrorMessage(Strings.serviceActionFailed('inspect', record.name, (err as Error).message));
      }
    }),
  );
}
