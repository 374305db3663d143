// Every command id of the extension, as one typed table: a typo is a compile
// error, and package.json is checked against it by a unit test. Internal
// commands (only the extension's own code actions call them) are in the
// same table, listed in internalCommands, and typed with their arguments in
// CommandArgs. Free of `vscode` values, so unit tests can load it.
import type { ReplicaAnswers } from '../core/crash/replicaCalculator';

export const CommandIds = {
  sampleOpen: 'azuremlDebug.sample.open',
  servicesRefresh: 'azuremlDebug.services.refresh',
  azureSignIn: 'azuremlDebug.azure.signIn',
  azureRefresh: 'azuremlDebug.azure.refresh',
  serviceShowLogs: 'azuremlDebug.service.showLogs',
  serviceStart: 'azuremlDebug.service.start',
  serviceStop: 'azuremlDebug.service.stop',
  serviceRestart: 'azuremlDebug.service.restart',
  serviceRemove: 'azuremlDebug.service.remove',
  serviceOpenShell: 'azuremlDebug.service.openShell',
  serviceCopyScoringUrl: 'azuremlDebug.service.copyScoringUrl',
  serviceInspect: 'azuremlDebug.service.inspect',
  servicePathDoctor: 'azuremlDebug.service.pathDoctor',
  servicePin: 'azuremlDebug.service.pin',
  serviceUnpin: 'azuremlDebug.service.unpin',
  serviceDebug: 'azuremlDebug.service.debug',
  serviceSaveAsImage: 'azuremlDebug.service.saveAsImage',
  /** "Debug this locally" on a deployment in Azure: copy it into the workspace, deploy it here, debug it. */
  azureDebugLocally: 'azuremlDebug.azure.debugLocally',
  azureOpenBuildLog: 'azuremlDebug.azure.openBuildLog',
  azureShowModelDownloadLog: 'azuremlDebug.azure.showModelDownloadLog',
  debugRemoveOrphans: 'azuremlDebug.debug.removeOrphans',
  kubernetesShowPreviousLogs: 'azuremlDebug.kubernetes.showPreviousLogs',
  kubernetesAttachDebugger: 'azuremlDebug.kubernetes.attachDebugger',
  kubernetesSendTestRequest: 'azuremlDebug.kubernetes.sendTestRequest',
  kubernetesProbeModelPath: 'azuremlDebug.kubernetes.probeModelPath',
  kubernetesShowAllDeployments: 'azuremlDebug.kubernetes.showAllDeployments',
  kubernetesConnect: 'azuremlDebug.kubernetes.connect',
  launchAddConfiguration: 'azuremlDebug.launch.addConfiguration',
  envAddDebugpy: 'azuremlDebug.env.addDebugpy',
  scoreInsertDebugHook: 'azuremlDebug.score.insertDebugHook',
  scoreRemoveDebugHook: 'azuremlDebug.score.removeDebugHook',
  deployLocal: 'azuremlDebug.deploy.local',
  deploySendTestRequest: 'azuremlDebug.deploy.sendTestRequest',
  deployReload: 'azuremlDebug.deploy.reload',
  deployUpdate: 'azuremlDebug.deploy.update',
  deployDelete: 'azuremlDebug.deploy.delete',
  /** The status bar item's actions on the workspace's local deployment (not in the palette). */
  deployStatusActions: 'azuremlDebug.deploy.statusActions',
  crashReplicaCalculator: 'azuremlDebug.crash.replicaCalculator',
  crashPauseService: 'azuremlDebug.crash.pauseService',
  crashProbeModelPath: 'azuremlDebug.crash.probeModelPath',
  /** Run by the editor after a crash quick fix's edit is applied: the walkthrough's step is done. */
  crashFixApplied: 'azuremlDebug.crash.fixApplied',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/**
 * The ids the Kubernetes commands had before "kubernetes" became the one
 * spelling: still registered (forwarding to the new ones) and activating the
 * extension, so a user's keybindings and scripts keep working.
 */
export const legacyCommandIds: Readonly<Record<string, CommandId>> = {
  'azuremlDebug.k8s.showPreviousLogs': CommandIds.kubernetesShowPreviousLogs,
  'azuremlDebug.k8s.attachDebugger': CommandIds.kubernetesAttachDebugger,
  'azuremlDebug.k8s.sendTestRequest': CommandIds.kubernetesSendTestRequest,
  'azuremlDebug.k8s.probeModelPath': CommandIds.kubernetesProbeModelPath,
  'azuremlDebug.k8s.showAllDeployments': CommandIds.kubernetesShowAllDeployments,
  'azuremlDebug.k8s.connect': CommandIds.kubernetesConnect,
};

/** Commands not in the manifest: code actions invoke them, so they are not in the palette. */
export const internalCommands: ReadonlySet<CommandId> = new Set([CommandIds.crashReplicaCalculator, CommandIds.crashPauseService, CommandIds.crashProbeModelPath, CommandIds.crashFixApplied, CommandIds.deployStatusActions]);

/** A service as a command argument (JSON-safe: code action arguments are serialised). */
export interface ServiceRef {
  connectionId: string;
  serviceId: string;
}

/** A service of the tree as a command argument (the tree's own node of a service has this shape). */
export interface ServiceNodeRef extends ServiceRef {
  readonly type: 'service';
}

/** The arguments of the commands that take some, as their handlers receive them. */
export interface CommandArgs {
  /** From a menu: the tree node; from a quick fix: the service's reference. */
  [CommandIds.serviceShowLogs]: [node?: ServiceNodeRef];
  /** The settings file (a URI as text) and its kind; `given` answers the calculator's questions (tests). */
  [CommandIds.crashReplicaCalculator]: [uri: string, kind: 'json' | 'sdk', given?: ReplicaAnswers];
  [CommandIds.crashPauseService]: [ref: ServiceRef];
  /** `open` false: report without opening the result document. */
  [CommandIds.crashProbeModelPath]: [ref: ServiceRef, open?: boolean];
}
