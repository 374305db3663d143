// "Send test request" on a pod: its scoring endpoint is its scoring port
// (the container port named "scoring"/"http", else the first, else 5001)
// through a port-forward that closes afterwards; the request itself is the
// one flow every runtime shares (deploy/sendTestRequest).
import * as vscode from 'vscode';
import type { TestResponse } from '../../core/deploy/testRequest';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { sendTestRequest, type ScoringEndpoint, type TestRequestOptions } from '../deploy/sendTestRequest';
import { pickPod, type PodTarget } from './pickPod';

/** The pod's scoring port, forwarded to a free local port. */
async function podEndpoint(services: Workbench, t: PodTarget): Promise<ScoringEndpoint | undefined> {
  const c = t.pod.k8s.containers.find((x) => x.name === t.container);
  const port = c?.ports.find((p) => /scor|http/i.test(p.name ?? ''))?.containerPort ?? c?.ports[0]?.containerPort ?? 5001;
  try {
    const forward = await t.bag.forward(t.pod.k8s.namespace, t.pod.name, port);
    return { url: `http://127.0.0.1:${forward.localPort}/score`, where: `${t.pod.name}:${port}`, dispose: () => forward.dispose() };
  } catch (err) {
    void vscode.window.showErrorMessage(Strings.k8s.testFailed(t.pod.name, services.clusters.redact((err as Error).message)));
    return undefined;
  }
}

/** Sends the request; returns the answer (undefined when nothing was sent). `body` given: sent instead of a request file. */
export async function sendPodTestRequest(services: Workbench, node: ServiceTreeNode | undefined, body?: string): Promise<TestResponse | undefined> {
  if (!requireTrust()) return undefined;
  const t = await pickPod(services, node, (p) => p.k8s.status === 'Running', false);
  if (!t) return undefined;
  const endpoint = await podEndpoint(services, t);
  if (!endpoint) return undefined;
  const options: TestRequestOptions = body !== undefined ? { body } : {};
  return sendTestRequest(services, t.pod, options, endpoint);
}

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.kubernetesSendTestRequest, (node?: ServiceTreeNode, body?: string) => sendPodTestRequest(services, node, body)),
  );
}
