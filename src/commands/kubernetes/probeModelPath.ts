// "Probe model path" on a pod: runs the model-path check of the seeds in the
// container through exec (two fixed commands, names passed as arguments) and
// opens the answer as a Markdown document.
import * as vscode from 'vscode';
import { candidatePaths, existsCommand, parseExists, parseProbe, probeReport, PROBE_COMMAND, referencedNames } from '../../core/crash/modelPathProbe';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { pickPod } from './pickPod';

/** Runs the probe; returns the report text (undefined when it could not run). */
export async function probeModelPath(services: Services, node: ServiceTreeNode | undefined, open = true): Promise<string | undefined> {
  if (!requireTrust()) return undefined;
  const t = await pickPod(services, node, (p) => p.k8s.containers.some((c) => c.state === 'running'));
  if (!t) return undefined;
  const ns = t.pod.k8s.namespace;
  try {
    const step1 = await t.bag.exec(ns, t.pod.name, t.container, PROBE_COMMAND);
    const facts = parseProbe(step1.stdout);
    const names = referencedNames(facts.references);
    const paths = candidatePaths(facts, names);
    const step2 = paths.length ? await t.bag.exec(ns, t.pod.name, t.container, existsCommand(paths)) : { stdout: '' };
    const report = probeReport(t.pod.name, facts, names, parseExists(step2.stdout));
    if (open) {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: report });
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return report;
  } catch (err) {
    const why = services.clusters.redact((err as Error).message);
    void vscode.window.showErrorMessage(Strings.k8s.probeFailed(t.pod.name, why));
    return undefined;
  }
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.kubernetesProbeModelPath, (node?: ServiceTreeNode, open?: boolean) => probeModelPath(services, node, open !== false)),
  );
}
