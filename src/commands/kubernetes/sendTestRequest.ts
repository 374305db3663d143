// "Send test request" on a pod: the pod and container picked, then the one
// flow every runtime shares (deploy/sendTestRequest); the cluster's verbs
// reach the scoring port through a port-forward that closes afterwards.
import * as vscode from 'vscode';
import type { TestResponse } from '../../core/deploy/testRequest';
import { CommandIds } from '../../platform/commandIds';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { sendTestRequest, type TestRequestOptions } from '../deploy/sendTestRequest';
import { pickPod } from './pickPod';

/** Sends the request; returns the answer (undefined when nothing was sent). `body` given: sent instead of a request file. */
export async function sendPodTestRequest(services: Workbench, node: ServiceTreeNode | undefined, body?: string): Promise<TestResponse | undefined> {
  if (!requireTrust()) return undefined;
  const t = await pickPod(services, node, (p) => p.kubernetes.status === 'Running', false);
  if (!t) return undefined;
  const options: TestRequestOptions = body !== undefined ? { body } : {};
  return sendTestRequest(services, t.pod, options, t.container);
}

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.kubernetesSendTestRequest, (node?: ServiceTreeNode, body?: string) => sendPodTestRequest(services, node, body)),
  );
}
