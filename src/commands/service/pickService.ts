// One command serves the tree and the palette: from a menu it receives the
// node; from the palette it asks which service with a quick pick.
import * as vscode from 'vscode';
import { serviceDisplay } from '../../core/model/serviceDisplay';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';

/** The service a command acts on: the node's, or the one the user picks. */
export async function pickService(
  services: Services,
  node: ServiceTreeNode | undefined,
  filter: (r: ServiceRecord) => boolean = () => true,
): Promise<ServiceRecord | undefined> {
  if (node?.type === 'service') return services.model.get(node.connectionId, node.serviceId);
  services.docker.ensureStarted();
  const candidates = services.model.allServices().filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(Strings.noServiceToPick());
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    candidates.map((r) => {
      const d = serviceDisplay(r, now);
      return { label: `$(${d.icon}) ${r.name}`, description: d.description, detail: r.image, record: r };
    }),
    { placeHolder: Strings.pickService(), matchOnDescription: true },
  );
  return picked?.record;
}

/** Workspace trust gate for anything that starts or executes. */
export function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(Strings.untrustedNothingStarted());
  return false;
}
