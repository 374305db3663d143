// The vocabulary of crash causes: what analyze() returns and what each
// parser beside it produces. Codes are stable: they become Diagnostic.code
// and key the quick fixes, so never rename one. A finding carries no words:
// its reason and data are all the glue needs to say it in the user's
// language (platform/findingWording, through Strings).

/** Stable codes of the failure modes the seeds teach a user to recognise. */
export const FindingCodes = [
  'init-failed',
  'run-failed',
  'model-not-found',
  'missing-module',
  'oom-killed',
  'insufficient-resources',
  'schedule-timeout',
  'image-pull',
  'keyvault-access',
  'overloaded-503',
  'timeout-504',
  'crash-loop',
  'server-config',
  'function-not-found',
  'image-build',
  'probe-failed',
  'request-timeout-408',
  'deployment-rejected', // Azure ML refused the deployment before any container ran (an argument, a resource it names)
  'azure-side', // Azure ML failed or canceled on its own side: nothing in the user's files to change
] as const;

/** One of {@link FindingCodes}. */
export type FindingCode = (typeof FindingCodes)[number];

/** Which user function a failure came from. */
export type Phase = 'init' | 'run';

/**
 * What exactly the evidence showed, finer than the code (one code can be
 * reached several ways, each said differently): the key of its wording.
 */
export type FindingReason =
  | 'raised' // init-failed / run-failed: a traceback through the user's code
  | 'no-module' // missing-module: ModuleNotFoundError in a traceback
  | 'model-missing' // model-not-found: the model's path or name
  | 'scoring-timeout' // timeout-504: azmlinfsrv's UserScriptTimeout
  | 'worker-timeout' // init-failed / timeout-504: gunicorn killed a worker for its timeout
  | 'boot-failed-untraced' // init-failed: the worker could not boot, no traceback in the log
  | 'worker-killed' // oom-killed: a worker killed with signal 9
  | 'worker-reboots' // oom-killed: workers keep rebooting during init()
  | 'start-script' // the image's start script exited 94-99 (data.exitCode)
  | 'container-oom' // oom-killed: the runtime says OOMKilled
  | 'image-pull'
  | 'schedule-timeout'
  | 'insufficient' // insufficient-resources: the scheduler's verdict
  | 'keyvault'
  | 'overloaded' // overloaded-503 from an HTTP answer
  | 'http-timeout' // timeout-504 from an HTTP answer
  | 'http-run-crashed' // run-failed from an HTTP answer
  | 'crash-loop'
  | 'config-error' // server-config: the inference server rejected its settings (data.variable) or config file
  | 'script-not-found' // server-config: the entry script is not in the container (data.path)
  | 'code-missing' // server-config: the app folder holds no scoring code, only the environment (data.path)
  | 'no-function' // function-not-found: the script defines no init() or run() (data.function)
  | 'deployment-error' // any code: Azure ML's deployment error code says it (data.deploymentError)
  | 'insufficient-sku' // insufficient-resources: Azure ML asks for nodes bigger than data.cpuCores / data.memoryGb
  | 'overloaded-body' // overloaded-503: azureml-fe's answer body, no status known
  | 'no-ready-replicas' // crash-loop: azureml-fe answered that no replica is ready (data.evidence)
  | 'probe-failed' // probe-failed: the liveness or readiness probe kept failing (data.probe, data.count)
  | 'model-message' // model-not-found: Azure ML's message, no traceback around it
  | 'model-file-missing' // model-not-found: an OS error on a file of the registered model's folder (data.path)
  | 'model-download' // model-not-found: the init container that downloads the model failed (data.container, data.evidence)
  | 'request-timeout'; // request-timeout-408: a request ran past request_settings.request_timeout_ms (data.timeoutMs)

/** Where in the server's life a failure happened; `import` is module-level code, before init() runs. */
export type During = 'import' | Phase;

/** Machine-readable particulars a quick fix needs; every field optional. */
export interface FindingData {
  /** `init` or `run`: where the failure happened. */
  phase?: Phase;
  /** The exception's type as printed, e.g. `ValueError`, `json.decoder.JSONDecodeError`. */
  exceptionType?: string;
  /** missing-module: the import that failed (`sklearn`, `azureml.core`). */
  module?: string;
  /** missing-module: the pip package to add (`scikit-learn`). */
  package?: string;
  /** insufficient-resources: the resource as the scheduler names it (`cpu`, `memory`, `nvidia.com/gpu`). */
  resource?: string;
  /** insufficient-resources: how many nodes lack the resource. */
  nodesLacking?: number;
  /** insufficient-resources: how many nodes the cluster has. */
  nodesTotal?: number;
  /** image-pull: the image reference that could not be pulled. */
  image?: string;
  /** timeout-504, request-timeout-408: the timeout that expired, when a message states it. */
  timeoutMs?: number;
  /** schedule-timeout: how long scheduling was tried, as printed (`00:05:00`). */
  waited?: string;
  /** schedule-timeout: the resources the cluster was short of, as the scheduler names them. */
  short?: string[];
  /** raised, model-missing: the exception as Python prints it (`Type: message`), the user's own text. */
  exception?: string;
  /** raised, no-module, model-missing: where it was raised. */
  during?: During;
  /** The line of evidence the message quotes (a gunicorn line, an HTTP status, a start script's last words). */
  evidence?: string;
  /** worker-reboots: how many workers were replaced. */
  reboots?: number;
  /** model-download: the init container that failed (`storage-initializer`). */
  container?: string;
  /** start-script: the script's exit code (94-99); model-download: the init container's. */
  exitCode?: number;
  /** start-script 97-99: the variable naming the missing path; config-error: the setting rejected. */
  variable?: string;
  /** script-not-found, code-missing, no-function: the file or folder in the container. */
  path?: string;
  /** no-function: the function the script lacks. */
  function?: Phase;
  /** deployment-error: Azure ML's error code as printed (`ResourceNotReady`, `ImageBuildFailure`...). */
  deploymentError?: string;
  /** deployment-error: the deployment.yml keys the error is about (`instance_type`, `instance_count`), where it belongs. */
  yamlKeys?: readonly string[];
  /** image-pull: the cluster got no credentials for the registry (ACRSecretError); the image itself may well exist. */
  registryAuth?: boolean;
  /** insufficient-sku: the CPU cores a node must exceed. */
  cpuCores?: number;
  /** insufficient-sku: the GB of memory a node must exceed. */
  memoryGb?: number;
  /** insufficient-sku: the replicas that found no node. */
  replicas?: number;
  /** probe-failed: which probe. */
  probe?: 'liveness' | 'readiness';
  /** probe-failed: how many failures the events count. */
  count?: number;
  /** model-message, model-file-missing: the registered model's name. */
  model?: string;
}

/** A place in a file as the container or cluster names it; `line` is 1-based. */
export interface FindingLocation {
  path: string;
  line: number;
}

/** One recognised cause of a failing deployment. */
export interface Finding {
  code: FindingCode;
  /** How the evidence showed it: with `data`, what the glue words the message from. */
  reason: FindingReason;
  /** Where the user fixes it, when the evidence points into their code. */
  location?: FindingLocation;
  /** The evidence: traceback excerpt, event text, the chained exceptions. */
  detail?: string;
  data?: FindingData;
}
