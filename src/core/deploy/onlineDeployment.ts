// Reads an Azure ML v2 online deployment (deployment.yml) and its endpoint
// (endpoint.yml) as `az ml` would: what a local run needs (model, code and
// scoring script, environment, variables, request and probe settings, with
// the CLI's defaults filled in), and every problem placed on its node. Text
// in, data out; checkOnlinePaths (onlinePaths) checks the files it names.
import { isMap, isScalar, type Node } from 'yaml';
import { l10n } from '../l10n';
import { sortProblems, type OnlineProblem, type Span } from './onlineProblems';
import { readEnvironment, readModel, type OnlineEnvironment, type OnlineModel, type PlaceName } from './onlineAssets';

export type { OnlineEnvironment, OnlineModel, RegisteredRef } from './onlineAssets';
import { checkMapping, deploymentTable, endpointTable, fileSchema, numOf, strOf, type Checked, type OnlineKind } from './onlineSchema';
import { cliScalar, openOnlineFile, pythonStr, spanOf, type YamlReading } from './onlineYaml';

/** The schema a file names; `unknown` when neither `$schema` nor `type` names one (az ml then uses managed). */
export type OnlineSchema = OnlineKind | 'unknown';

export interface RequestSettings {
  requestTimeoutMs: number;
  maxConcurrentRequestsPerInstance: number;
  maxQueueWaitMs: number;
}

/** Probe timing in seconds, thresholds in counts. */
export interface ProbeSettings {
  initialDelay: number;
  period: number;
  timeout: number;
  successThreshold: number;
  failureThreshold: number;
}

export interface ResourceSettings {
  cpu?: string;
  memory?: string;
  gpu?: string;
}

/**
 * An online deployment as read. Knowingly not read, as a local run has no
 * use for them: description, tags, properties, id, scale_settings,
 * data_collector, egress_public_network_access, private_network_connection,
 * provisioning_state and creation_context.
 */
export interface OnlineDeployment {
  schema: OnlineSchema;
  name?: string;
  endpointName?: string;
  model?: OnlineModel;
  /** code_configuration.code, relative to the yml's folder. */
  code?: string;
  /** code_configuration.scoring_script, relative to the code folder. */
  scoringScript?: string;
  environment?: OnlineEnvironment;
  /** As the container gets them: the CLI passes values on with Python's str() (false -> "False", 010 -> "8"). */
  environmentVariables: Record<string, string>;
  requestSettings: RequestSettings;
  livenessProbe: ProbeSettings;
  readinessProbe: ProbeSettings;
  instanceCount: number;
  instanceType?: string;
  /** Kubernetes only. */
  resources?: { requests: ResourceSettings; limits: ResourceSettings };
  appInsightsEnabled: boolean;
  modelMountPath?: string;
}

/** Where the deployment writes the paths it names, for checkOnlinePaths and for going to them. */
export type OnlinePlaces = Partial<Record<PlaceName, Span>>;

/** The deployment (undefined when the file cannot be read as YAML), where its paths are, and its problems. */
export interface OnlineDeploymentResult {
  deployment?: OnlineDeployment;
  places: OnlinePlaces;
  problems: OnlineProblem[];
}

/** An online endpoint as read (identity, traffic mirroring and the read-only keys are knowingly not read). */
export interface OnlineEndpoint {
  schema: OnlineSchema;
  name?: string;
  /** key, aml_token or aad_token. */
  authMode?: string;
  /** Kubernetes only: the attached compute. */
  compute?: string;
  traffic: Record<string, number>;
}

export interface OnlineEndpointResult {
  endpoint?: OnlineEndpoint;
  problems: OnlineProblem[];
}

// The CLI (v2) reference's defaults.
const requestDefaults: RequestSettings = { requestTimeoutMs: 5000, maxConcurrentRequestsPerInstance: 1, maxQueueWaitMs: 500 };
const probeDefaults: ProbeSettings = { initialDelay: 10, period: 10, timeout: 2, successThreshold: 1, failureThreshold: 30 };

/**
 * Reads deployment.yml text. With its endpoint (read by readOnlineEndpoint),
 * a missing endpoint_name is taken from it and a different one is a problem.
 */
export function readOnlineDeployment(text: string, options: { endpoint?: OnlineEndpoint } = {}): OnlineDeploymentResult {
  const opened = openOnlineFile(text, 'deployment.yml');
  if (!opened.r) return { places: {}, problems: opened.problems };
  const { r, root } = opened;
  const schema = fileSchema(r, root, 'Deployment');
  const c = checkMapping({ r, kind: schema.kind, resource: 'deployment' }, root, deploymentTable, []);
  const places: OnlinePlaces = {};
  const place = (name: keyof OnlinePlaces, node: Node, path: string[]) => {
    const [offset, end] = spanOf(node);
    places[name] = { ...lineColumn(r, offset), offset, end, path };
  };

  const model = readModel(r, c, place);
  const code = c.get('code_configuration')?.fields;
  const codePath = strOf(code, 'code');
  const scoringScript = strOf(code, 'scoring_script');
  let localCode = codePath;
  if (codePath && /^(azureml:|https?:)/i.test(codePath)) {
    r.report('code-in-azure', 'warning', code?.get('code')?.at ?? null, ['code_configuration', 'code'], l10n.t('The code "{0}" is stored in Azure; point code_configuration.code to a local folder to run it here.', codePath));
    localCode = undefined;
  } else if (codePath) place('code', code!.get('code')!.at, ['code_configuration', 'code']);
  if (scoringScript && localCode) place('scoringScript', code!.get('scoring_script')!.at, ['code_configuration', 'scoring_script']);
  if (codePath && !scoringScript && !code?.has('scoring_script')) {
    r.report('missing-scoring-script', 'error', code!.get('code')!.key, ['code_configuration', 'scoring_script'], l10n.t('code_configuration names the code folder but no scoring_script, the file in it with init() and run().'));
  }
  if (scoringScript && !codePath && !code?.has('code')) {
    r.report('missing-code', 'error', code!.get('scoring_script')!.key, ['code_configuration', 'code'], l10n.t('code_configuration names a scoring_script but no code folder to find it in.'));
  }

  const environment = readEnvironment(r, c, place);
  const custom = environment && environment.kind !== 'registered' && environment.customContainer;
  if (!c.has('code_configuration') && environment && environment.kind !== 'registered' && !custom) {
    r.report('no-scoring-code', 'warning', c.get('environment')!.key, ['code_configuration'], l10n.t('No code_configuration: only a custom container (environment.inference_config) serves without a scoring script.'));
  }

  let endpointName = strOf(c, 'endpoint_name');
  const endpoint = options.endpoint;
  if (endpoint?.name) {
    if (endpointName && endpointName !== endpoint.name) {
      r.report('endpoint-mismatch', 'error', c.get('endpoint_name')!.at, ['endpoint_name'], l10n.t('endpoint_name is "{0}" but the endpoint file names "{1}".', endpointName, endpoint.name));
    }
    endpointName ??= endpoint.name;
    // The endpoint file names it, so its absence is no longer worth a warning.
    r.problems.splice(0, r.problems.length, ...r.problems.filter((p) => !(p.code === 'missing-key' && p.path[0] === 'endpoint_name')));
  }
  if (endpoint && endpoint.schema !== 'unknown' && schema.named !== 'unknown' && endpoint.schema !== schema.named) {
    r.report('schema-mismatch', 'warning', c.get('type')?.at ?? c.get('$schema')?.at ?? root, [], schema.named === 'managed' ? l10n.t('This is a managed deployment but its endpoint is a kubernetes one.') : l10n.t('This is a kubernetes deployment but its endpoint is a managed one.'));
  }

  const request = c.get('request_settings')?.fields;
  const resources = c.get('resources')?.fields;
  const deployment: OnlineDeployment = {
    schema: schema.named,
    name: strOf(c, 'name'),
    endpointName,
    model,
    code: localCode,
    scoringScript,
    environment,
    environmentVariables: readVariables(r, c),
    requestSettings: {
      requestTimeoutMs: numOf(request, 'request_timeout_ms') ?? requestDefaults.requestTimeoutMs,
      maxConcurrentRequestsPerInstance: numOf(request, 'max_concurrent_requests_per_instance') ?? requestDefaults.maxConcurrentRequestsPerInstance,
      maxQueueWaitMs: numOf(request, 'max_queue_wait_ms') ?? requestDefaults.maxQueueWaitMs,
    },
    livenessProbe: probe(c.get('liveness_probe')?.fields),
    readinessProbe: probe(c.get('readiness_probe')?.fields),
    instanceCount: numOf(c, 'instance_count') ?? 1,
    instanceType: strOf(c, 'instance_type'),
    resources: resources ? { requests: resource(resources.get('requests')?.fields), limits: resource(resources.get('limits')?.fields) } : undefined,
    appInsightsEnabled: c.get('app_insights_enabled')?.flag ?? false,
    modelMountPath: strOf(c, 'model_mount_path'),
  };
  return { deployment, places, problems: sortProblems(r.problems) };
}

/** Reads endpoint.yml text. */
export function readOnlineEndpoint(text: string): OnlineEndpointResult {
  const opened = openOnlineFile(text, 'endpoint.yml');
  if (!opened.r) return { problems: opened.problems };
  const { r, root } = opened;
  const schema = fileSchema(r, root, 'Endpoint');
  const c = checkMapping({ r, kind: schema.kind, resource: 'endpoint' }, root, endpointTable, []);
  const traffic: Record<string, number> = {};
  const trafficNode = c.get('traffic')?.node;
  if (isMap(trafficNode)) {
    for (const [name, e] of r.entries(trafficNode)) {
      const v = cliScalar(r.resolve(e.value));
      if (v?.type === 'int' && v.value >= 0n && v.value <= 100n) traffic[name] = Number(v.value);
      else r.report('wrong-type', 'error', e.value ?? e.key, ['traffic', name], l10n.t('traffic.{0} must be a whole percentage from 0 to 100.', name));
    }
  }
  const endpoint: OnlineEndpoint = { schema: schema.named, name: strOf(c, 'name'), authMode: strOf(c, 'auth_mode'), compute: strOf(c, 'compute'), traffic };
  return { endpoint, problems: sortProblems(r.problems) };
}

/** environment_variables as the container gets them; empty and nested values are problems. */
function readVariables(r: YamlReading, c: Checked): Record<string, string> {
  const out: Record<string, string> = {};
  const node = c.get('environment_variables')?.node;
  if (!isMap(node)) return out;
  for (const [written, e] of r.entries(node)) {
    const keyScalar = cliScalar(e.key);
    const name = (keyScalar && pythonStr(keyScalar)) ?? written;
    const path = ['environment_variables', written];
    const resolved = r.resolve(e.value);
    const value = cliScalar(resolved);
    const v = value && pythonStr(value);
    if (value?.type === 'null') r.report('null-value', 'warning', e.value ?? e.key, path, l10n.t('{0} is empty; give it a value, in quotes for an empty string ("").', written));
    else if (v === undefined) r.report('wrong-type', 'error', e.value ?? e.key, path, l10n.t('{0} must be a single value, not a list or mapping.', written));
    else {
      out[name] = v;
      const source = isScalar(resolved) ? resolved.source : undefined;
      if (value!.type !== 'str' && source !== undefined && source !== v) {
        r.report('env-coerced', 'info', e.value, path, l10n.t('{0} reaches the container as "{1}" (az ml passes values on with Python\'s str()); put {2} in quotes to pass it as written.', written, v, source));
      }
    }
  }
  return out;
}

function probe(c: Checked | undefined): ProbeSettings {
  return {
    initialDelay: numOf(c, 'initial_delay') ?? probeDefaults.initialDelay,
    period: numOf(c, 'period') ?? probeDefaults.period,
    timeout: numOf(c, 'timeout') ?? probeDefaults.timeout,
    successThreshold: numOf(c, 'success_threshold') ?? probeDefaults.successThreshold,
    failureThreshold: numOf(c, 'failure_threshold') ?? probeDefaults.failureThreshold,
  };
}

function resource(c: Checked | undefined): ResourceSettings {
  const gpu = strOf(c, 'nvidia.com/gpu') ?? strOf(c, 'gpu');
  return { ...(strOf(c, 'cpu') ? { cpu: strOf(c, 'cpu') } : {}), ...(strOf(c, 'memory') ? { memory: strOf(c, 'memory') } : {}), ...(gpu ? { gpu } : {}) };
}

function lineColumn(r: YamlReading, offset: number): { line: number; column: number } {
  const { line, col } = r.linePos(offset);
  return { line, column: col };
}

// A deployment by its schema URL, or by the keys only a deployment has at its top level.
const deploymentShape = /OnlineDeployment\.schema\.json|^(?:endpoint_name|code_configuration)\s*:/m;

/** True for YAML text that is an Azure ML v2 online deployment (a cheap look, before reading it). */
export function looksLikeOnlineDeployment(text: string): boolean {
  return deploymentShape.test(text);
}

/** True for a file Deploy Locally reads as an Azure ML v2 deployment (any other target is v1: a folder or inferenceconfig.json). */
export function isOnlineDeploymentFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}
