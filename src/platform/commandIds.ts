// Every command id the extension contributes, as one typed table: a typo is a
// compile error, and package.json is checked against it by a unit test.
export const CommandIds = {
  sampleOpen: 'azuremlDebug.sample.open',
  servicesRefresh: 'azuremlDebug.services.refresh',
  serviceShowLogs: 'azuremlDebug.service.showLogs',
  serviceStart: 'azuremlDebug.service.start',
  serviceStop: 'azuremlDebug.service.stop',
  serviceRestart: 'azuremlDebug.service.restart',
  serviceRemove: 'azuremlDebug.service.remove',
  serviceOpenShell: 'azuremlDebug.service.openShell',
  serviceCopyScoringUrl: 'azuremlDebug.service.copyScoringUrl',
  serviceInspect: 'azuremlDebug.service.inspect',
  servicePin: 'azuremlDebug.service.pin',
  serviceUnpin: 'azuremlDebug.service.unpin',
  serviceSaveAsImage: 'azuremlDebug.service.saveAsImage',
  k8sShowPreviousLogs: 'azuremlDebug.k8s.showPreviousLogs',
  k8sAttachDebugger: 'azuremlDebug.k8s.attachDebugger',
  k8sSendTestRequest: 'azuremlDebug.k8s.sendTestRequest',
  k8sProbeModelPath: 'azuremlDebug.k8s.probeModelPath',
  k8sShowAllDeployments: 'azuremlDebug.k8s.showAllDeployments',
  k8sConnect: 'azuremlDebug.k8s.connect',
  launchAddConfiguration: 'azuremlDebug.launch.addConfiguration',
  envAddDebugpy: 'azuremlDebug.env.addDebugpy',
  scoreInsertDebugHook: 'azuremlDebug.score.insertDebugHook',
  scoreRemoveDebugHook: 'azuremlDebug.score.removeDebugHook',
  deployLocal: 'azuremlDebug.deploy.local',
  deploySendTestRequest: 'azuremlDebug.deploy.sendTestRequest',
  deployReload: 'azuremlDebug.deploy.reload',
  deployUpdate: 'azuremlDebug.deploy.update',
  deployDelete: 'azuremlDebug.deploy.delete',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
