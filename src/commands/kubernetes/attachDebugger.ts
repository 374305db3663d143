// "Attach debugger" on a pod: port-forwards the pod's debugpy port (the
// container port named `debug`/`debugpy` in its spec, else the port of an
// `azureml` attach configuration, else azuremlDebug.debug.port) to a free
// 127.0.0.1 port and attaches the `azureml` debugger with /var/azureml-app
// mapped to the workspace folder. The forward ends when the session ends. Not the pod's
// AZUREML_DEBUG_PORT: with it the inference server connects out to a
// debugger on that port (debugpy.connect) rather than listening on it.
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { appFolderFor, pickPod, type PodRecord } from './pickPod';
import { APP_ROOT } from '../../core/model/appRoot';

function debugPortOf(services: Services, pod: PodRecord, folder: vscode.WorkspaceFolder | undefined): number {
  if (pod.kubernetes.debugPort) return pod.kubernetes.debugPort;
  const configs = vscode.workspace.getConfiguration('launch', folder?.uri).get<{ type?: string; request?: string; port?: number; debugPort?: number }[]>('configurations') ?? [];
  const attach = configs.find((c) => c.type === 'azureml' && c.request === 'attach' && (c.debugPort ?? c.port));
  return attach?.debugPort ?? attach?.port ?? services.settings.debugPort;
}

/** Attaches to the pod; resolves with the session once started (undefined when not). */
export async function attachToPod(services: Services, node: ServiceTreeNode | undefined): Promise<vscode.DebugSession | undefined> {
  if (!requireTrust()) return undefined;
  const t = await pickPod(services, node, (p) => p.kubernetes.status === 'Running', false);
  if (!t) return undefined;
  const folder = await appFolderFor(t.pod);
  const remotePort = debugPortOf(services, t.pod, folder);
  let forward;
  try {
    let told = false;
    forward = await t.bag.forward(t.pod.kubernetes.namespace, t.pod.name, remotePort, (reason) => {
      // The session ends with the connection (its Debug Console says so); this says why, once.
      if (told) return;
      told = true;
      void vscode.window.showWarningMessage(Strings.kubernetes.forwardLost(t.pod.name, reason));
    });
  } catch (err) {
    void vscode.window.showErrorMessage(Strings.kubernetes.forwardFailed(t.pod.name, remotePort, services.clusters.redact((err as Error).message)));
    return undefined;
  }
  services.log.info(`port-forward 127.0.0.1:${forward.localPort} -> ${t.pod.kubernetes.namespace}/${t.pod.name}:${remotePort} for the debugger`);
  const name = Strings.kubernetes.sessionName(t.pod.name);
  const config: vscode.DebugConfiguration = {
    type: 'azureml',
    request: 'attach',
    name,
    host: '127.0.0.1',
    port: forward.localPort,
    // debugpy names the pod's port in its `debugpyAttach` events for gunicorn
    // workers; this tells the adapter that it is the forwarded local port.
    remotePort,
    pathMappings: folder ? [{ localRoot: folder.uri.fsPath, remoteRoot: APP_ROOT }] : [],
    justMyCode: true,
  };
  let session: vscode.DebugSession | undefined;
  const started = vscode.debug.onDidStartDebugSession((s) => {
    if (!session && s.configuration.name === name && s.type === 'azureml') session = s;
  });
  const ended = vscode.debug.onDidTerminateDebugSession((s) => {
    // The forward lives as long as the session (its worker sessions are children).
    if (s === session) {
      forward.dispose();
      ended.dispose();
    }
  });
  let ok = false;
  try {
    ok = await vscode.debug.startDebugging(folder, config);
  } finally {
    started.dispose();
    if (!ok) {
      forward.dispose();
      ended.dispose();
    }
  }
  return ok ? session : undefined;
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.kubernetesAttachDebugger, (node?: ServiceTreeNode) => attachToPod(services, node).then((s) => s?.id)),
  );
}
