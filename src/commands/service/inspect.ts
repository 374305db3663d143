// "Inspect": the service as its runtime describes it (`docker inspect` JSON)
// in a read-only document (a virtual document scheme, so it cannot be saved
// over anything).
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import { verbsOf } from '../../connections';
import type { ServiceTreeNode } from '../../views/servicesView';
import { pickService } from './pickService';

const SCHEME = 'azureml-inspect';

export function register(services: Services): void {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: async (uri) => {
      // /<connection>/<service>.json: the service as its runtime describes it.
      const [, connectionId, file] = uri.path.split('/');
      const record = services.model.get(decodeURIComponent(connectionId ?? ''), decodeURIComponent((file ?? '').replace(/\.json$/, '')));
      const verbs = record && verbsOf(services, record);
      if (!record || !verbs?.inspect) return Strings.serviceGone();
      return verbs.inspect(record);
    },
  };
  services.context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand(CommandIds.serviceInspect, async (node?: ServiceTreeNode) => {
      const record = await pickService(services, node, (r) => r.kind === 'docker');
      if (!record) return;
      const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${encodeURIComponent(record.connectionId)}/${encodeURIComponent(record.id)}.json` });
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.languages.setTextDocumentLanguage(doc, 'json');
        await vscode.window.showTextDocument(doc, { preview: true });
      } catch (err) {
        void vscode.window.showErrorMessage(Strings.serviceActionFailed(Strings.verb('inspect'), record.name, (err as Error).message));
      }
    }),
  );
}
