// A Kubernetes command acts on a pod (and one of its containers): the tree
// node's, or one the user picks. Connecting the pod's context is part of it.
import * as vscode from 'vscode';
import type { KubePodDetails } from '../../core/model/kubeDetails';
import { podDisplay } from '../../core/kubernetes/display';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import type { ContextBag } from '../../kubernetes/contextBag';

/** A pod record. */
export type PodRecord = ServiceRecord & { kubernetes: KubePodDetails };

/** What a pod command works on. */
export interface PodTarget {
  pod: PodRecord;
  container: string;
  bag: ContextBag;
}

export function isPod(r: ServiceRecord | undefined): r is PodRecord {
  return r?.kubernetes?.object === 'pod';
}

/** The pod (and container) of a node, or the one picked; undefined when cancelled or none. */
export async function pickPod(services: Services, node: ServiceTreeNode | undefined, filter: (p: PodRecord) => boolean = () => true, pickContainer = true): Promise<PodTarget | undefined> {
  let pod: PodRecord | undefined;
  let container: string | undefined;
  if (node?.type === 'service' || node?.type === 'kubernetesContainer') {
    const r = services.model.get(node.connectionId, node.serviceId);
    if (isPod(r)) pod = r;
    if (node.type === 'kubernetesContainer') container = node.container;
  } else {
    const pods = services.model.allServices().filter(isPod).filter(filter);
    if (!pods.length) {
      void vscode.window.showInformationMessage(Strings.kubernetes.noPod());
      return undefined;
    }
    const now = Date.now();
    const picked = await vscode.window.showQuickPick(
      pods.map((p) => {
        const d = podDisplay(p, now);
        return { label: `$(${d.icon}) ${p.name}`, description: d.description, detail: `${services.model.connection(p.connectionId)?.label ?? ''} · ${p.kubernetes.namespace}`, pod: p };
      }),
      { placeHolder: Strings.kubernetes.pickPod(), matchOnDescription: true, matchOnDetail: true },
    );
    pod = picked?.pod;
  }
  if (!pod) return undefined;
  const bag = services.clusters.ensureStarted(pod.connectionId);
  if (!bag) {
    void vscode.window.showErrorMessage(Strings.kubernetes.notConnected(services.model.connection(pod.connectionId)?.reason ?? ''));
    return undefined;
  }
  if (!container) {
    const names = pod.kubernetes.containers.map((c) => c.name);
    if (names.length > 1 && pickContainer) {
      container = await vscode.window.showQuickPick(names, { placeHolder: Strings.kubernetes.pickContainer(pod.name) });
      if (!container) return undefined;
    } else container = names[0];
  }
  if (!container) return undefined;
  return { pod, container, bag };
}

/** The workspace folder the pod's /var/azureml-app maps to: the one holding the entry script, else the first. */
export async function appFolderFor(pod: PodRecord): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const entry = pod.kubernetes.env.AZUREML_ENTRY_SCRIPT ?? 'score.py';
  for (const f of folders) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(f.uri, entry));
      return f;
    } catch {
      // not this folder
    }
  }
  return folders[0];
}
