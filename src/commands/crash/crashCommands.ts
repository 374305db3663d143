// The crash quick fixes that need more than an edit: the 503 replica
// calculator (asks for the load, writes minReplicas and targetUtilization),
// "Pause the service to see where it hangs" (attach the azureml debugger,
// then pause) and "Probe model path" (exec in the container or pod). Internal
// commands: code actions invoke them, so they are not in the palette.
import * as vscode from 'vscode';
import { minReplicasFor, replicaPlan, type ReplicaAnswers } from '../../core/crash/replicaCalculator';
import { pathDoctor } from '../service/pathDoctor';
import { locateJsonSetting, locateSdkKeyword } from '../../core/crash/configLocations';
import { CommandIds, type ServiceRef } from '../../platform/commandIds';
import { registerCommand } from '../../platform/commands';
import { Strings } from '../../platform/localize';
import type { Services } from '../../services';
import type { ServiceTreeNode } from '../../views/servicesView';
import { requireTrust } from '../service/pickService';
import { settingEdit } from '../../diagnostics/crashFiles';
import { APP_ROOT } from '../../core/model/appRoot';
import { WalkthroughContext } from '../../platform/contextKeys';
import { reached } from '../../platform/walkthroughProgress';


async function askNumber(prompt: string, value: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    prompt,
    value,
    validateInput: (v) => (Number(v) > 0 ? undefined : Strings.crash.notANumber()),
  });
  return text === undefined ? undefined : Number(text);
}

/** Writes the seeds' formula's minReplicas and targetUtilization where the deployment sets them. */
export async function replicaCalculator(uriText: string, kind: 'json' | 'sdk', given?: ReplicaAnswers): Promise<boolean> {
  const uri = vscode.Uri.parse(uriText);
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const current = (s: 'targetUtilization' | 'maxReplicas' | 'maxConcurrentRequestsPerContainer') => {
    const v = kind === 'json' ? locateJsonSetting(text, s)?.value : locateSdkKeyword(text, s).pop()?.value;
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const rps = given?.targetRps ?? (await askNumber(Strings.crash.askRps(), '10'));
  if (rps === undefined) return false;
  const seconds = given?.requestSeconds ?? (await askNumber(Strings.crash.askRequestSeconds(), '1'));
  if (seconds === undefined) return false;
  const util = given?.targetUtilization ?? (given ? current('targetUtilization') ?? 70 : await askNumber(Strings.crash.askUtilization(), String(current('targetUtilization') ?? 70)));
  if (util === undefined) return false;
  const result = minReplicasFor({ targetRps: rps, requestSeconds: seconds, targetUtilization: util, maxConcurrentPerContainer: current('maxConcurrentRequestsPerContainer') });
  if (!result.ok) {
    void vscode.window.showErrorMessage(result.error);
    return false;
  }
  const plan = replicaPlan(result, current('maxReplicas'));
  const site = { uri, kind, setting: 'minReplicas' as const };
  // One edit per setting, each computed on the text the previous one left.
  for (const [setting, value] of [['minReplicas', plan.minReplicas], ['targetUtilization', plan.targetUtilization], ['maxReplicas', plan.maxReplicas]] as const) {
    if (value === undefined) continue;
    const edit = await settingEdit({ ...site, setting }, setting, value);
    if (edit && !(await vscode.workspace.applyEdit(edit))) return false;
  }
  void vscode.window.showInformationMessage(Strings.crash.replicasWritten(vscode.workspace.asRelativePath(uri), plan.minReplicas, plan.targetUtilization));
  reached(WalkthroughContext.crashFixApplied);
  return true;
}

/** Attaches the azureml debugger to the service, then pauses it to show where it hangs. */
export async function pauseService(services: Services, ref: ServiceRef): Promise<boolean> {
  if (!requireTrust()) return false;
  const r = services.model.get(ref.connectionId, ref.serviceId);
  if (!r) {
    void vscode.window.showWarningMessage(Strings.crash.serviceGone());
    return false;
  }
  if (r.kubernetes) return Boolean(await vscode.commands.executeCommand(CommandIds.kubernetesAttachDebugger, { type: 'service', ...ref }));
  if (!r.debugPort) {
    void vscode.window.showWarningMessage(Strings.crash.noDebugPort(r.name));
    return false;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  const localRoot = r.appSource ?? folder?.uri.fsPath;
  const started = await vscode.debug.startDebugging(folder, {
    type: 'azureml',
    request: 'attach',
    name: Strings.crash.source(r.name),
    host: r.debugPort.hostIp === '0.0.0.0' ? '127.0.0.1' : r.debugPort.hostIp,
    port: r.debugPort.hostPort,
    ...(localRoot ? { pathMappings: [{ localRoot, remoteRoot: APP_ROOT }] } : {}),
  });
  if (started) await vscode.commands.executeCommand('workbench.action.debug.pause');
  return started;
}

/** The model-path probe of the seeds: the path doctor on the service (a running container, a stopped one's copy, or a pod). */
export async function probeModelPath(services: Services, ref: ServiceRef, open = true): Promise<string | undefined> {
  return pathDoctor(services, { type: 'service', ...ref } as ServiceTreeNode, open);
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    registerCommand(CommandIds.crashReplicaCalculator, (uri, kind, given) => replicaCalculator(uri, kind, given)),
    registerCommand(CommandIds.crashPauseService, (ref) => pauseService(services, ref)),
    registerCommand(CommandIds.crashProbeModelPath, (ref, open) => probeModelPath(services, ref, open !== false)),
    registerCommand(CommandIds.crashFixApplied, () => reached(WalkthroughContext.crashFixApplied)),
  );
}
