// "Send test request" on a pod: port-forwards its scoring port (5001, or the
// container port named "scoring"/"http") and POSTs the workspace's
// sample-request.json (else a small default) to /score; the answer goes to
// the output channel and a notification. The forward closes afterwards.
import * as vscode from 'vscode';
import { DEFAULT_SCORING_BODY, sendScoringRequest, type ScoringResponse } from '../../platform/scoringRequest';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Workbench } from '../../workbench';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { pickPod } from './pickPod';

async function requestBody(): Promise<string> {
  const [file] = await vscode.workspace.findFiles('**/sample-request.json', '**/node_modules/**', 1);
  if (!file) return DEFAULT_SCORING_BODY;
  return Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
}

/** Sends the request; returns the answer (undefined when nothing was sent). */
export async function sendPodTestRequest(services: Workbench, node: ServiceTreeNode | undefined, body?: string): Promise<ScoringResponse | undefined> {
  if (!requireTrust()) return undefined;
  const t = await pickPod(services, node, (p) => p.k8s.status === 'Running', false);
  if (!t) return undefined;
  const c = t.pod.k8s.containers.find((x) => x.name === t.container);
  const port = c?.ports.find((p) => /scor|http/i.test(p.name ?? ''))?.containerPort ?? c?.ports[0]?.containerPort ?? 5001;
  const forward = await t.bag.forward(t.pod.k8s.namespace, t.pod.name, port);
  try {
    const url = `http://127.0.0.1:${forward.localPort}/score`;
    const answer = await sendScoringRequest(url, body ?? (await requestBody()), { timeoutMs: 0 });
    services.log.info(`test request to ${t.pod.name}:${port} -> HTTP ${answer.status} in ${answer.durationMs} ms: ${services.clusters.redact(answer.body.slice(0, 2000)) ?? ''}`);
    // 502/503/504 answers become crash causes on the user's files (issue 8).
    void services.crashes.reportHttp(t.pod, answer.status, answer.body);
    const show = answer.status < 400 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(Strings.k8s.testAnswer(t.pod.name, answer.status, answer.body.slice(0, 300)));
    return answer;
  } catch (err) {
    void vscode.window.showErrorMessage(Strings.k8s.testFailed(t.pod.name, services.clusters.redact((err as Error).message)));
    return undefined;
  } finally {
    forward.dispose();
  }
}

export function register(services: Workbench): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.kubernetesSendTestRequest, (node?: ServiceTreeNode, body?: string) => sendPodTestRequest(services, node, body)),
  );
}
