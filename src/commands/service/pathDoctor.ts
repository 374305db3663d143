// "Path Doctor": what a deployment's container really sees (the trees under
// AML_APP_ROOT and AZUREML_MODEL_DIR, the container's Python and its
// sys.path as the server extends it, where the entry script resolves), for a
// running container or pod through exec, and for a stopped or crashed
// container through a throwaway copy of it (same image, environment and
// mounts, idle instead of serving), so a crashed init() can be examined as it
// ran. For a v2 deployment of ours, the report also compares the scoring
// script's model paths with the layout Azure will give the same
// deployment.yml; the same findings are the problems on score.py
// (diagnostics/modelPathDiagnostics).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DeployLabels } from '../../core/deploy/deployPlan';
import { modelDirReferences, modelPathFindings } from '../../core/deploy/modelDirPaths';
import type { ServiceRecord } from '../../core/model/serviceRecord';
import { verbsOf } from '../../connections';
import { CommandIds } from '../../platform/commandIds';
import { Strings } from '../../platform/localize';
import { modelLayoutOf, readDeploymentFile } from '../../platform/onlineFiles';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { probeModelPathIn, registerReports } from '../modelPathProbe';
import { pickService, requireTrust } from './pickService';

/**
 * The report's comparison with Azure's layout, as Markdown lines: for a
 * container deployed from a deployment.yml with a local model, each path
 * its scoring script builds from AZUREML_MODEL_DIR, there or not in Azure.
 */
export function azureLayoutSection(record: ServiceRecord): string[] {
  const file = record.labels[DeployLabels.config];
  const deployment = file && /\.ya?ml$/i.test(file) ? readDeploymentFile(file) : undefined;
  if (!deployment?.script) return [];
  const source = fs.readFileSync(deployment.script, 'utf8');
  const refs = modelDirReferences(source);
  const layout = modelLayoutOf(deployment.modelPath);
  const findings = new Map(modelPathFindings(refs, layout).map((f) => [f.ref.start, f]));
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  const lines = [`## Against Azure's layout (${path.basename(file!)})`, '', Strings.online.azureLayout(layout.base, path.dirname(deployment.modelPath)), ''];
  for (const ref of refs) {
    const f = findings.get(ref.start);
    const where = `${path.basename(deployment.script)}:${lineOf(ref.start)}`;
    if (!f) lines.push(`- ✔ \`${ref.rel}\` (${where})`);
    else {
      const words = f.kind === 'cli-only' ? Strings.online.modelPathCliOnly(ref.rel, layout.base) : Strings.online.modelPathMissing(ref.rel, layout.base);
      lines.push(`- ✘ \`${ref.rel}\` (${where}): ${words}${f.suggestion ? ` ${Strings.online.modelPathFoundAt(f.suggestion)}` : ''}`);
    }
  }
  if (!refs.length) lines.push(`- ${Strings.online.noModelDirPaths(path.basename(deployment.script))}`);
  lines.push('');
  return lines;
}

/** Runs the path doctor on a service; returns the report (undefined when it could not run). */
export async function pathDoctor(services: Services, node: ServiceTreeNode | undefined, open = true): Promise<string | undefined> {
  if (!requireTrust()) return undefined;
  // Nothing runs in an Azure container from here (its verbs have no exec): the menu hides it there.
  const record = await pickService(services, node, (r) => r.kind !== 'azure');
  if (!record) return undefined;
  if (record.kind === 'azure') {
    void vscode.window.showInformationMessage(Strings.azureNoExec(record.name));
    return undefined;
  }
  // A pod is examined in its running container, picked among its containers.
  if (record.kubernetes) return vscode.commands.executeCommand<string | undefined>(CommandIds.kubernetesProbeModelPath, { type: 'service', connectionId: record.connectionId, serviceId: record.id }, open);
  const verbs = verbsOf(services, record);
  const redact = (text: string) => verbs.redact(text);
  let more: string[] = [];
  try {
    more = azureLayoutSection(record);
  } catch (err) {
    services.log.warn(`path doctor: the comparison with Azure's layout could not be made: ${(err as Error).message}`);
  }
  const exec = verbs.exec;
  if (!exec) return undefined;
  if (record.state === 'running' || !verbs.throwawayCopy) return probeModelPathIn(record.name, (command) => exec(record, command), open, redact, more);
  let copy;
  try {
    copy = await verbs.throwawayCopy(record);
  } catch (err) {
    void vscode.window.showErrorMessage(Strings.crash.probeFailed(record.name, redact((err as Error).message)));
    return undefined;
  }
  try {
    return await probeModelPathIn(Strings.online.stoppedCopy(record.name), (command) => copy.exec(command), open, redact, more);
  } finally {
    await copy.remove();
  }
}

export function register(services: Services): void {
  registerReports(services.context);
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.servicePathDoctor, (node?: ServiceTreeNode, open?: boolean) => pathDoctor(services, node, open !== false)),
  );
}
