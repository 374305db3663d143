// Crash causes in the user's language. The core's findings carry a code, a
// reason and data, never words; every sentence a user reads about a crash is
// chosen here from Strings (diagnostics, the tree's description, Deploy
// Locally's report, a debug session's exit). A traceback's exception text is
// the user's own and is kept as raised.
import type { During, Finding } from '../core/crash/crashCauses';
import type { DeploymentFindingCode } from '../core/crash/deploymentErrors';
import type { ContainerEnd } from '../core/crash/runitExit';
import { Strings } from './localize';

function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

function duringText(during: During | undefined): string {
  return during === 'import' ? Strings.crash.duringImport() : Strings.crash.duringPhase(during ?? 'init');
}

/** The message of a finding, in the user's language. */
export function findingMessage(f: Finding): string {
  const d = f.data ?? {};
  const at = f.location ? Strings.crash.at(fileName(f.location.path), f.location.line) : '';
  switch (f.reason) {
    case 'raised':
      return Strings.crash.raised(d.exception ?? d.exceptionType ?? '', duringText(d.during), at);
    case 'no-module':
      return Strings.crash.missingModuleRaised(d.module ?? '', d.package ?? '', duringText(d.during), at);
    case 'model-missing':
      return Strings.crash.modelNotFound((d.exception ?? '').replace(/\.+$/, ''), duringText(d.during), at);
    case 'scoring-timeout':
      return Strings.crash.scoringTimeout(d.timeoutMs !== undefined ? Strings.crash.scoringTimeoutOf(d.timeoutMs) : '');
    case 'request-timeout':
      return Strings.crash.requestTimeout(d.timeoutMs !== undefined ? Strings.crash.scoringTimeoutOf(d.timeoutMs) : '');
    case 'worker-timeout': {
      const where = f.location ? Strings.crash.whileAt(fileName(f.location.path), f.location.line) : '';
      return d.phase === 'run' ? Strings.crash.workerTimeoutRun(d.evidence ?? '', where) : Strings.crash.workerTimeoutInit(d.evidence ?? '', where);
    }
    case 'boot-failed-untraced':
      return Strings.crash.bootFailedUntraced(d.evidence ?? '');
    case 'worker-killed':
      return Strings.crash.workerKilled(d.phase ?? 'init');
    case 'worker-reboots':
      return Strings.crash.workerReboots(d.reboots ?? 0);
    case 'start-script':
      return startScriptMessage(d.exitCode, d.variable, d.evidence ?? '');
    case 'container-oom':
      return d.phase ? Strings.crash.oomKilledIn(d.phase) : Strings.crash.oomKilled();
    case 'image-pull':
      return d.image ? Strings.crash.imagePull(d.image) : Strings.crash.imagePullUnnamed();
    case 'schedule-timeout':
      return d.short?.length ? Strings.crash.scheduleTimeoutShort(d.waited ?? '', d.short.join(', ')) : Strings.crash.scheduleTimeout(d.waited ?? '');
    case 'insufficient':
      return Strings.crash.insufficient(d.resource ?? '', d.nodesLacking ?? 0, d.nodesTotal ?? 0);
    case 'keyvault':
      return Strings.crash.keyVault();
    case 'overloaded':
      return Strings.crash.overloaded();
    case 'http-timeout':
      return d.timeoutMs !== undefined ? Strings.crash.timeout(d.evidence ?? 'HTTP 504', d.timeoutMs) : Strings.crash.timeoutDefault(d.evidence ?? 'HTTP 504', 60000);
    case 'http-run-crashed':
      return Strings.crash.httpRunCrashed(d.evidence ?? '');
    case 'crash-loop':
      return Strings.crash.crashLoop();
    case 'config-error':
      return d.variable ? Strings.crash.configError(d.variable, d.evidence ?? '') : Strings.crash.configFileInvalid(d.evidence ?? '');
    case 'script-not-found':
      return Strings.crash.scriptNotFound(d.path ?? '');
    case 'code-missing':
      return Strings.crash.codeMissing(d.path ?? '', d.evidence ?? '[]');
    case 'no-function':
      return Strings.crash.noFunction(d.function ?? 'init', fileName(d.path ?? f.location?.path ?? 'score.py'));
    case 'deployment-error':
      return deploymentErrorMessage(f);
    case 'insufficient-sku':
      return Strings.crash.insufficientSku(d.cpuCores ?? 0, d.memoryGb ?? 0, d.replicas !== undefined ? Strings.crash.insufficientSkuReplicas(d.replicas) : Strings.crash.insufficientSkuService());
    case 'overloaded-body':
      return Strings.crash.overloadedBody(d.evidence ?? '');
    case 'no-ready-replicas':
      return Strings.crash.noReadyReplicas(d.evidence ?? '');
    case 'probe-failed':
      return d.probe === 'liveness' ? Strings.crash.livenessFailed(d.count ?? 0, d.evidence ?? '') : Strings.crash.readinessFailed(d.count ?? 0, d.evidence ?? '');
    case 'model-message':
      return d.model ? Strings.crash.modelNotRegistered(d.evidence ?? '') : Strings.crash.modelMessage((d.evidence ?? '').replace(/\.+$/, ''));
    case 'model-download':
      return Strings.crash.modelDownload(d.container ?? '', d.evidence ? ` (${d.evidence.replace(/\.+$/, '')})` : '');
    case 'model-file-missing':
      // The registered model's folder: azureml-models/<name>/<version>, what AZUREML_MODEL_DIR names.
      return Strings.crash.modelFileMissing(d.path ?? '', d.model ?? '', (d.path ?? '').replace(/(\/azureml-models\/[^/]+\/[^/]+)\/.*$/, '$1'));
  }
}

/** A deployment error code in words: what the code it maps to means for a v2 deployment. */
function deploymentErrorMessage(f: Finding): string {
  const d = f.data ?? {};
  const error = d.deploymentError ?? '';
  // deploymentErrors maps to these codes only; a code added there without words here fails to compile.
  switch (f.code as DeploymentFindingCode) {
    case 'image-build':
      return Strings.crash.deploymentImageBuild(error, d.path ? Strings.crash.deploymentBuildLogAt(d.path) : '');
    case 'crash-loop':
      return error === 'ResourceNotReady' ? Strings.crash.deploymentNotReady(error) : Strings.crash.deploymentCrashLoop(error);
    case 'init-failed':
      return d.during === 'import' ? Strings.crash.deploymentImportFailed(error) : Strings.crash.deploymentInitFailed(error);
    case 'function-not-found':
      return Strings.crash.deploymentNoFunction(error);
    case 'insufficient-resources':
      return error === 'OutOfQuota' ? Strings.crash.deploymentOutOfQuota(error) : Strings.crash.deploymentUnschedulable(error);
    case 'oom-killed':
      return Strings.crash.deploymentOutOfMemory(error);
    case 'image-pull':
      return d.registryAuth ? Strings.crash.deploymentRegistryAuth(error) : Strings.crash.deploymentImagePull(error);
    case 'keyvault-access':
      return Strings.crash.deploymentSecrets(error);
    case 'deployment-rejected': {
      // These codes cover many causes; Azure's message beside the code names the one it is.
      const said = d.evidence ? `${error}: ${d.evidence}` : error;
      return error === 'ResourceNotFound' ? Strings.crash.deploymentResourceNotFound(said) : Strings.crash.deploymentBadArgument(said);
    }
    case 'azure-side':
      return error === 'OperationCanceled' ? Strings.crash.deploymentCanceled(error) : Strings.crash.deploymentInternal(error);
  }
}

function startScriptMessage(code: number | undefined, variable: string | undefined, evidence: string): string {
  if (code === 94) return Strings.crash.startScript94();
  if (code === 95) return Strings.crash.startScript95(evidence);
  if (code === 96) return Strings.crash.startScript96();
  if (variable && code !== undefined) return Strings.crash.startScriptPath(variable, code);
  return Strings.crash.startScriptOther(code ?? -1, evidence);
}

/** A few words for the tree node's description. */
export function crashSummary(f: Finding): string {
  const d = f.data ?? {};
  if ((f.code === 'init-failed' || f.code === 'run-failed') && d.exceptionType) return `${f.code === 'init-failed' ? 'init()' : 'run()'}: ${d.exceptionType.split('.').pop()}`;
  if (f.code === 'missing-module' && d.module) return Strings.crash.summaryMissing(d.module);
  if (f.code === 'function-not-found' && d.function) return Strings.crash.summaryMissing(`${d.function}()`);
  if (f.code === 'insufficient-resources' && d.resource) return Strings.crash.summaryNotEnough(d.resource);
  if (f.reason === 'model-download' && d.container) return Strings.crash.summaryModelDownload(d.container);
  return f.code;
}

/** A container's end as a debug session reports it: the start script's cause worded. */
export function wordedEnd(end: ContainerEnd): Omit<ContainerEnd, 'cause'> & { cause?: string } {
  return { ...end, cause: end.cause ? findingMessage(end.cause) : undefined };
}
