// The crash causes' words (Strings.crash in localize.ts): the diagnostics, tree
// descriptions and quick fixes of src/diagnostics/crash*, one per finding
// (platform/findingWording picks them from a finding's reason and data).
import { l10n } from './maskedL10n';

export const crashStrings = {
  source: (service: string) => l10n.t('Azure ML: {0}', service),
  // Findings, one per reason (platform/findingWording picks them from a finding's reason and data).
  raised: (exception: string, during: string, where: string) => l10n.t('{0} (raised {1}{2})', exception, during, where),
  duringImport: () => l10n.t('while the server imported the script'),
  duringPhase: (phase: string) => l10n.t('in {0}()', phase),
  at: (file: string, line: number) => l10n.t(' at {0}:{1}', file, line),
  missingModuleRaised: (module: string, pkg: string, during: string, where: string) =>
    l10n.t('No module named \'{0}\' {2}{3}: add the pip package \'{1}\' to the environment\'s conda file.', module, pkg, during, where),
  modelNotFound: (exception: string, during: string, where: string) =>
    l10n.t('The model was not found {1}{2}: {0}. Check the model name and path (AZUREML_MODEL_DIR) in the container.', exception, during, where),
  scoringTimeout: (ms: string) => l10n.t('run() did not finish within the scoring timeout{0}: raise scoringTimeoutMs or find where run() hangs.', ms),
  scoringTimeoutOf: (ms: number) => l10n.t(' of {0} ms', ms),
  requestTimeout: (ms: string) =>
    l10n.t('A request ran past request_settings.request_timeout_ms{0}: Azure answers 408 (and run() goes on). Raise request_timeout_ms (at most 180000), or find where run() is slow.', ms),
  workerTimeoutRun: (evidence: string, where: string) =>
    l10n.t('A request to run() outlived the worker timeout and the worker was killed ({0}{1}): run() hangs or is too slow.', evidence, where),
  workerTimeoutInit: (evidence: string, where: string) =>
    l10n.t('init() did not finish within the worker timeout ({0}{1}): loading takes too long or hangs.', evidence, where),
  whileAt: (file: string, line: number) => l10n.t(', while at {0}:{1}', file, line),
  bootFailedUntraced: (evidence: string) =>
    l10n.t('init() failed and the worker could not boot ({0}), but this log holds no traceback: read the full log.', evidence),
  workerKilled: (phase: string) => l10n.t('A worker was killed with signal 9 during {0}(), most likely out of memory: raise memoryInGB (memory_gb) or load less.', phase),
  workerReboots: (reboots: number) =>
    l10n.t('Workers keep rebooting during init() ({0} replacements, init never completes), most likely out of memory: raise memoryInGB (memory_gb).', reboots),
  startScript94: () =>
    l10n.t('AZUREML_DEBUG_PORT is set but debugpy could not be injected into the environment (exit code 94): add the pip package \'debugpy\' to the environment\'s conda file.'),
  startScript95: (evidence: string) => l10n.t('The image\'s start script failed before the server started (exit code 95): {0}', evidence),
  startScript96: () =>
    l10n.t('The inference server is not installed in the image\'s environment (exit code 96): add the pip package \'azureml-inference-server-http\' to the environment\'s conda file.'),
  startScriptPath: (variable: string, code: number) => l10n.t('{0} names a path that does not exist in the container (exit code {1}): fix the variable or mount the path.', variable, code),
  startScriptOther: (code: number, evidence: string) => l10n.t('The image\'s start script exited with code {0}: {1}', code, evidence),
  oomKilled: () => l10n.t('The container ran out of memory and was killed: raise memoryInGB (memory_gb).'),
  oomKilledIn: (phase: string) => l10n.t('The container ran out of memory during {0}() and was killed: raise memoryInGB (memory_gb).', phase),
  insufficient: (resource: string, lacking: number, total: number) =>
    l10n.t('Not enough {0}: {1} of {2} nodes lack it. Lower the request or add nodes that have it.', resource, lacking, total),
  scheduleTimeout: (waited: string) => l10n.t('The cluster had no node with the requested resources after trying for {0}: lower the request, add nodes, or change the node SKU.', waited),
  scheduleTimeoutShort: (waited: string, short: string) =>
    l10n.t('The cluster had no node with the requested resources after trying for {0} (short of {1}): lower the request, add nodes, or change the node SKU.', waited, short),
  imagePull: (image: string) => l10n.t('The image {0} cannot be pulled: check the registry, its credentials, and that the image exists.', image),
  imagePullUnnamed: () => l10n.t('The image cannot be pulled: check the registry, its credentials, and that the image exists.'),
  keyVault: () =>
    l10n.t('Image creation failed with an internal error, which happens when the workspace lost access to its Key Vault (an ARM template redeployment clears its access policies): restore the access policies.'),
  overloaded: () =>
    l10n.t('HTTP 503: a burst of requests exceeded what the replicas can take; raise autoscale_min_replicas (autoScaler.minReplicas) or lower autoscale_target_utilization (autoScaler.targetUtilization).'),
  timeout: (evidence: string, ms: number) => l10n.t('{0}: scoring took longer than scoringTimeoutMs ({1} ms); raise it or find where run() hangs.', evidence, ms),
  timeoutDefault: (evidence: string, ms: number) => l10n.t('{0}: scoring took longer than scoringTimeoutMs ({1} ms by default); raise it or find where run() hangs.', evidence, ms),
  httpRunCrashed: (evidence: string) => l10n.t('{0}: run() raised or crashed; its traceback is in the service\'s logs.', evidence),
  crashLoop: () => l10n.t('The container keeps crashing (CrashLoopBackOff): init() probably fails; read the previous container\'s logs.'),
  configError: (variable: string, why: string) =>
    l10n.t('The inference server rejected its setting {0} ({1}) and exited: fix the variable (environment_variables in deployment.yml).', variable, why),
  configFileInvalid: (evidence: string) => l10n.t('The inference server could not read its config file and exited ({0}): fix or remove config.json (AZUREML_CONFIG_FILE).', evidence),
  scriptNotFound: (path: string) =>
    l10n.t('The entry script {0} is not in the container: check scoring_script and code in deployment.yml (entry_script and source_directory in SDK v1).', path),
  codeMissing: (path: string, contents: string) =>
    l10n.t('The scoring code never reached the container: {0} holds {1}, no entry script. Check the code folder the deployment uploads (code_configuration.code, or source_directory in SDK v1).', path, contents),
  deploymentImageBuild: (error: string, log: string) =>
    l10n.t('Azure ML could not build the environment\'s image ({0}): read the build log{1}; pin the conda file\'s versions, or build the environment locally first.', error, log),
  deploymentBuildLogAt: (path: string) => l10n.t(' at {0} in the workspace\'s blob store', path),
  deploymentNotReady: (error: string) =>
    l10n.t('The deployment\'s container crashed or never became ready ({0}): read its logs (az ml online-deployment get-logs); init() failing, a missing package, or probes that give up too early are the usual causes.', error),
  deploymentCrashLoop: (error: string) =>
    l10n.t('The deployment\'s container keeps crashing ({0}): init() fails or the pod needs more memory than its limit; read the deployment\'s logs.', error),
  deploymentInitFailed: (error: string) => l10n.t('init() in the scoring script raised ({0}): the exception is in the deployment\'s logs.', error),
  deploymentImportFailed: (error: string) =>
    l10n.t('The scoring script could not be imported ({0}): a package it imports is missing from the environment, or it raises at import; see the deployment\'s logs.', error),
  deploymentNoFunction: (error: string) => l10n.t('The scoring script lacks init() or run() ({0}): define both.', error),
  deploymentUnschedulable: (error: string) =>
    l10n.t('No node can take the deployment\'s pod ({0}): lower the instance type\'s requests, or add nodes that have the resources and match its node selector.', error),
  deploymentOutOfMemory: (error: string) => l10n.t('The deployment\'s pod ran out of memory ({0}): raise its memory limit or use a bigger instance type.', error),
  deploymentImagePull: (error: string) => l10n.t('The cluster cannot pull the deployment\'s image ({0}): check that it can reach the workspace\'s container registry.', error),
  deploymentRegistryAuth: (error: string) =>
    l10n.t('The cluster got no credentials for the workspace\'s container registry ({0}), so it cannot pull the image: the role assignment may not have taken effect yet (try again in a moment), the Azure ML extension may be missing, misconfigured, or at version 1.1.25 or older, or the cluster\'s network (proxy, network policy, certificates; private endpoints on a private AKS) keeps it from the registry.', error),
  deploymentOutOfQuota: (error: string) =>
    l10n.t('Azure ML has no quota or capacity left for what the deployment asks ({0}): the cores of its VM size in this subscription and region (instance_type × instance_count), the number of endpoints, or the region\'s capacity; on Kubernetes, room on the nodes. Delete deployments you no longer use, pick a smaller instance_type or instance_count, request more quota, or try later or another region.', error),
  deploymentBadArgument: (said: string) =>
    l10n.t('Azure ML refused an argument of the deployment ({0}). The usual causes: a subscription ID that does not exist; an endpoint identity without AcrPull on the workspace\'s registry or Storage Blob Data Reader on its storage; a policy with an invalid template function; an image or a model that is not in this workspace; on Kubernetes, resource requests above their limits, or azureml-fe not running on the cluster.', said),
  deploymentResourceNotFound: (said: string) =>
    l10n.t('Azure Resource Manager cannot find a resource the deployment refers to ({0}): check each name and path it gives. An image from a private registry fails this way too: give the endpoint\'s identity AcrPull on that registry, and have the environment use the image as it is, unbuilt.', said),
  deploymentCanceled: (error: string) =>
    l10n.t('Azure ML canceled the operation ({0}): another operation on the endpoint took priority, or this one waited on a lock another still held. The deployment is not at fault; wait up to a minute and run it again.', error),
  deploymentInternal: (error: string) =>
    l10n.t('Azure ML failed on its own side ({0}); nothing in the deployment is known to be wrong. Run it again; if it keeps failing, open a support request with the failed request\'s ID.', error),
  deploymentSecrets: (error: string) =>
    l10n.t('The deployment\'s secrets could not be injected ({0}): the endpoint\'s identity may lack permission to read them from the workspace connections or key vaults (a new role assignment takes a while to apply), or a secret reference in environment_variables is malformed or names a secret that does not exist.', error),
  insufficientSku: (cores: number, gb: number, replicas: string) =>
    l10n.t('No node of the cluster can host {2}: Azure ML asks for nodes with more than {0} CPU cores and {1} GB of memory. Add such nodes (a bigger SKU), or lower cpu_cores / memory_gb (cpu, memoryInGB) or the replica count.', cores, gb, replicas),
  insufficientSkuReplicas: (n: number) => l10n.t('{0} replica(s)', n),
  insufficientSkuService: () => l10n.t('the service'),
  overloadedBody: (evidence: string) =>
    l10n.t('azureml-fe answered "{0}": a burst of requests exceeded what the replicas can take (HTTP 503); raise autoscale_min_replicas (autoScaler.minReplicas) or lower autoscale_target_utilization (autoScaler.targetUtilization).', evidence),
  noReadyReplicas: (evidence: string) =>
    l10n.t('azureml-fe answered "{0}": no replica of the service is ready to take requests, so more replicas would not help (it is no burst). The container is still starting, keeps crashing, or was never scheduled or pulled: read its logs and pod events; if init() is only slow, give the readiness probe more time.', evidence),
  livenessFailed: (count: number, evidence: string) =>
    l10n.t('The liveness probe failed {0} times ({1}) and Kubernetes restarted the container: the server did not answer GET / in time. If init() takes longer, raise the probe\'s initial delay or failure threshold (liveness_probe); else read the logs for a hang.', count, evidence),
  readinessFailed: (count: number, evidence: string) =>
    l10n.t('The readiness probe failed {0} times ({1}): the container gets no traffic until the server answers GET /. init() may still be loading (raise readiness_probe\'s initial delay or failure threshold) or it failed: read the logs.', count, evidence),
  modelNotRegistered: (evidence: string) =>
    l10n.t('Azure ML cannot find the model the deployment names ({0}): check its name and version (model: azureml:<name>:<version>) and that it is registered in this workspace.', evidence),
  modelDownload: (container: string, evidence: string) =>
    l10n.t('The model download failed in init container {0}{1}, so the inference server never started: check that the model and its version exist, and that the cluster\'s identity may read the workspace\'s storage (Storage Blob Data Reader). Its log: Show Logs on {0}.', container, evidence),
  modelMessage: (evidence: string) => l10n.t('The model was not found ({0}): check the model name and path (AZUREML_MODEL_DIR) init() loads it from.', evidence),
  modelFileMissing: (path: string, model: string, dir: string) =>
    l10n.t('{0} is not in the container: the model {1} holds no such file there. Check the path init() builds from AZUREML_MODEL_DIR ({2}) against the files the registered model has.', path, model, dir),
  noFunction: (fn: string, file: string) => l10n.t('{1} defines no {0}() function: the inference server needs both init() and run().', fn, file),
  exitedWith: (code: number) => l10n.t('exited with code {0}', code),
  // A few words for the tree node's description (platform/findingWording crashSummary).
  summaryMissing: (what: string) => l10n.t('{0} missing', what),
  summaryNotEnough: (resource: string) => l10n.t('not enough {0}', resource),
  summaryModelDownload: (container: string) => l10n.t('model download failed ({0})', container),
  fixAddPackage: (pkg: string, file: string) => l10n.t('Add {0} to {1}', pkg, file),
  fixLowerRequest: (setting: string, value: number) => l10n.t('Lower {0} to {1} (what the largest node can give)', setting, value),
  fixRaiseMemory: (value: number) => l10n.t('Raise memoryInGB to {0}', value),
  fixReplicaCalculator: () => l10n.t('Compute minReplicas and targetUtilization for the expected load…'),
  fixRaiseTimeout: (value: number) => l10n.t('Raise scoringTimeoutMs to {0}', value),
  fixRaiseRequestTimeout: (ms: number) => l10n.t('Raise request_timeout_ms to {0}', ms),
  fixPause: () => l10n.t('Pause the service to see where it hangs'),
  fixWrapRun: () => l10n.t('Wrap run() in try/except that returns the error (debugging only)'),
  fixProbeModel: () => l10n.t('Probe model path'),
  fixShowLogs: () => l10n.t('Show the service\'s logs'),
  askRps: () => l10n.t('Target requests per second the service must absorb'),
  askRequestSeconds: () => l10n.t('Seconds one request takes to score'),
  askUtilization: () => l10n.t('Target utilization in percent (the autoscaler adds replicas above it)'),
  notANumber: () => l10n.t('Enter a positive number.'),
  replicasWritten: (file: string, min: number, util: number) => l10n.t('{0}: minReplicas {1}, targetUtilization {2}.', file, min, util),
  noDeploymentConfig: () => l10n.t('No deploymentconfig.json or deployment script setting was found to change.'),
  serviceGone: () => l10n.t('The service is no longer listed.'),
  noDebugPort: (name: string) => l10n.t('"{0}" publishes no debug port: start it with debugpy listening (the azureml debug type does) to pause it.', name),
  probeFailed: (name: string, why: string) => l10n.t('Could not probe the model path in {0}: {1}', name, why),
};
