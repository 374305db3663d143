// "Probe model path" on a pod: runs the model-path check of the seeds in the
// container through exec (two fixed commands, names passed as arguments) and
// opens the answer as a Markdown document.
import * as vscode from 'vscode';
import { probeModelPathIn } from '../modelPathProbe';
import { verbsOf } from '../../connections';
import { CommandIds } from '../../platform/commandIds';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { pickPod } from './pickPod';

/** Runs the probe; returns the report text (undefined when it could not run). */
export async function probeModelPath(services: Services, node: ServiceTreeNode | undefined, open = true): Promise<string | undefined> {
  if (!requireTrust()) return undefined;
  const t = await pickPod(services, node, (p) => p.kubernetes.containers.some((c) => c.state === 'running'));
  if (!t) return undefined;
  const verbs = verbsOf(services, t.pod);
  const exec = verbs.exec;
  if (!exec) return undefined;
  return probeModelPathIn(t.pod.name, (command) => exec(t.pod, command, t.container), open, (text) => verbs.redact(text));
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.kubernetesProbeModelPath, (node?: ServiceTreeNode, open?: boolean) => probeModelPath(services, node, open !== false)),
  );
}
