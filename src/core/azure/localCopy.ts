// "Debug this locally", the v2 half: an online deployment and its endpoint as
// Azure Resource Manager returns them, turned into the deployment.yml and
// endpoint.yml (in the `az ml` CLI's schema) that Deploy Locally reads. What
// lives only in Azure (code and model in storage, a registered or built
// environment, secret values) cannot be copied: each is said in a note, and
// the glue supplies the local code folder and model path it found. Pure.
import { Document, visit } from 'yaml';
import { l10n } from '../l10n';
import { isSecretName, maskSecretsInText } from '../model/secrets';
import { registeredRef } from '../deploy/onlineAssets';
import type { EnvironmentVersion, OnlineDeployment, OnlineEndpoint, ProbeSettings } from './armTypes';

/** A file of the local copy: its name in the copy's folder and its text. */
export interface LocalFile {
  name: string;
  text: string;
}

/** What was written and what could not be copied, in sentences for the user. */
export interface LocalCopy {
  files: LocalFile[];
  /** Empty folders the files name (a model placeholder). */
  folders: string[];
  notes: string[];
}

/** What the glue found on this machine and in Azure for one deployment. */
export interface OnlineCopyInput {
  deployment: OnlineDeployment;
  endpoint?: OnlineEndpoint;
  /** The environment version, or why it could not be read (a registry asset, a 404, a denial). */
  environment?: EnvironmentVersion | { error: string };
  /** The local folder holding the scoring script, relative to the copy's folder (`/` separated). */
  code?: string;
  /** A local model file or folder, relative to the copy's folder, when one is known. */
  modelPath?: string;
}

/** The workspace folder holding the copies. */
export const LOCAL_COPIES = '.azureml-local';

/**
 * What keeps the copies out of the user's commits: a `.gitignore` of its own
 * in LOCAL_COPIES ignoring everything there, itself included (as pytest's and
 * ruff's caches do), so the user's own .gitignore is never edited.
 */
export const LOCAL_COPIES_IGNORE = { name: '.gitignore', text: '*\n' } as const;

/** The folder a copy goes in, below the workspace: `.azureml-local/<endpoint>-<deployment>`, only safe characters. */
export function localCopyFolder(...names: string[]): string {
  const safe = names.map((n) => n.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^\.+/, '_')).filter(Boolean).join('-');
  return `${LOCAL_COPIES}/${safe.slice(0, 80) || 'deployment'}`;
}

/**
 * The YAML of `value` as PyYAML (YAML 1.1, what `az ml` reads with) reads it
 * back: strings PyYAML would take for booleans, numbers or null (`yes`, `on`,
 * `010`, `~`) are quoted, and so is anything with YAML's own characters,
 * a `<<` and an `=`.
 */
export function cliYaml(value: unknown): string {
  // The writer's merge tag would print a `<<` key bare whatever its type; without it, the visit below quotes it.
  const doc = new Document(value, { version: '1.1', customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge') });
  // Plain `<<` is a merge key and plain `=` PyYAML's "value" tag (which it cannot construct): both quoted, keys and values.
  visit(doc, {
    Scalar: (_key, node) => {
      if (node.value === '<<' || node.value === '=') node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** ISO 8601 durations as ARM writes them (PT5S, PT0.5S, PT1M30S, P1DT2H): milliseconds, undefined when not one. */
export function isoDurationMs(iso: string | null | undefined): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(iso?.trim() ?? '');
  if (!m || !(m[1] || m[2] || m[3] || m[4])) return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0));
  return Math.round((((d * 24 + h) * 60 + min) * 60 + s) * 1000);
}

/** An asset id as ARM gives it (`/subscriptions/.../models/m/versions/1`, `azureml://registries/...`, `azureml:m:1`). */
export function assetOf(id: string | null | undefined): { ref: string; name: string; version?: string; label?: string; registry?: string; inWorkspace: boolean } | undefined {
  if (!id?.trim()) return undefined;
  const ref = /^azureml:/i.test(id) ? id.trim() : `azureml:${id.trim()}`;
  const parsed = registeredRef(ref);
  if (!parsed?.name) return undefined;
  return { ...parsed, inWorkspace: /\/workspaces\/[^/]+\//i.test(id) && !parsed.registry };
}

const seconds = (iso: string | null | undefined): number | undefined => {
  const ms = isoDurationMs(iso);
  return ms === undefined ? undefined : Math.max(0, Math.round(ms / 1000));
};

/** A probe in the CLI's keys (seconds), only the keys Azure gave. */
function probe(p: ProbeSettings | null | undefined): Record<string, number> | undefined {
  if (!p) return undefined;
  const out: Record<string, number | undefined> = {
    initial_delay: seconds(p.initialDelay), period: seconds(p.period), timeout: seconds(p.timeout),
    success_threshold: p.successThreshold, failure_threshold: p.failureThreshold,
  };
  const kept = Object.fromEntries(Object.entries(out).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
  return Object.keys(kept).length ? kept : undefined;
}

/**
 * Variables as they can be written into the workspace: a value under a
 * secret-looking name, or holding a secret (a connection string's
 * AccountKey), is left empty and its name is added to a note; never written.
 */
export function writableVariables(env: Record<string, string> | null | undefined, notes: string[]): Record<string, string> | undefined {
  if (!env || typeof env !== 'object') return undefined;
  const out: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [k, raw] of Object.entries(env)) {
    const v = raw === null || raw === undefined ? '' : String(raw);
    const secret = v !== '' && (isSecretName(k) || maskSecretsInText(v) !== v);
    out[k] = secret ? '' : v;
    if (secret) withheld.push(k);
  }
  if (withheld.length) notes.push(l10n.t('Left empty, as they hold secrets: {0}. Give them values on this machine (not in a file you commit).', withheld.join(', ')));
  return Object.keys(out).length ? out : undefined;
}

/** The environment: an image with its conda file, else the registered reference (which a local run refuses, with its reason). */
function environment(input: OnlineCopyInput, files: LocalFile[], notes: string[]): unknown {
  const id = input.deployment.properties?.environmentId;
  const asset = assetOf(id);
  const env = input.environment;
  const reference = asset ? `azureml:${asset.registry ? asset.ref.replace(/^azureml:/i, '') : `${asset.name}${asset.version ? `:${asset.version}` : ''}`}` : undefined;
  if (env && !('error' in env)) {
    const p = env.properties ?? {};
    if (typeof p.image === 'string' && p.image.trim()) {
      const out: Record<string, unknown> = { image: p.image.trim() };
      if (typeof p.condaFile === 'string' && p.condaFile.trim()) {
        files.push({ name: 'conda.yml', text: p.condaFile.endsWith('\n') ? p.condaFile : `${p.condaFile}\n` });
        out.conda_file = 'conda.yml';
      }
      if (p.inferenceConfig) notes.push(l10n.t('The environment is a custom container (inference_config), which Deploy Locally does not run yet.'));
      return out;
    }
    if (p.build?.contextUri) {
      notes.push(l10n.t('The environment {0} is built from a Docker context in Azure storage ({1}), which cannot be copied: download it and give environment.build.path in deployment.yml.', reference ?? String(id), p.build.contextUri));
      return reference;
    }
    notes.push(l10n.t('The environment {0} names no image: give environment.image (and conda_file) in deployment.yml.', reference ?? String(id)));
    return reference;
  }
  if (!reference) {
    notes.push(l10n.t('The deployment names no environment: give environment.image (and conda_file) in deployment.yml.'));
    return undefined;
  }
  const why = env && 'error' in env ? env.error : asset?.registry ? l10n.t('it is in registry {0}', asset.registry) : l10n.t('it was not read');
  notes.push(l10n.t('The environment {0} could not be copied ({1}): replace it in deployment.yml with its image and conda_file.', reference, why));
  return reference;
}

/** The model: the local one found, else a placeholder folder and a note saying where the real one is. */
function model(input: OnlineCopyInput, folders: string[], notes: string[]): unknown {
  const raw = input.deployment.properties?.model;
  const asset = assetOf(raw);
  const named = asset ? { name: asset.name, ...(asset.version ? { version: asset.version } : {}) } : {};
  if (input.modelPath) return { ...named, path: input.modelPath };
  if (!raw) return undefined;
  folders.push('model');
  const download = asset ? `az ml model download --name ${asset.name}${asset.version ? ` --version ${asset.version}` : ''} --download-path model` : '';
  notes.push(l10n.t('The model {0} is stored in Azure only; the empty folder "model" stands in for it. Put its files there{1}.', raw, download ? ` (${download})` : ''));
  return { ...named, path: 'model' };
}

/** deployment.yml and endpoint.yml (and conda.yml) for `input`, with what could not be copied. */
export function onlineLocalCopy(input: OnlineCopyInput): LocalCopy {
  const files: LocalFile[] = [];
  const folders: string[] = [];
  const notes: string[] = [];
  const d = input.deployment;
  const p = d.properties ?? ({} as OnlineDeployment['properties']);
  const kubernetes = p.endpointComputeType === 'Kubernetes';
  const schema = kubernetes ? 'kubernetesOnlineDeployment' : 'managedOnlineDeployment';
  const endpointName = input.endpoint?.name ?? endpointOf(d.id);
  const script = p.codeConfiguration?.scoringScript;
  if (script && !input.code) notes.push(l10n.t('No local folder holds the scoring script {0}: set code_configuration.code in deployment.yml to the folder that does.', script));
  const request = p.requestSettings;
  const requestSettings = request ? clean({
    request_timeout_ms: isoDurationMs(request.requestTimeout),
    max_concurrent_requests_per_instance: request.maxConcurrentRequestsPerInstance,
    max_queue_wait_ms: isoDurationMs(request.maxQueueWait),
  }) : undefined;
  const resources = kubernetes ? kubernetesResources(p.containerResourceRequirements) : undefined;
  const deployment = clean({
    $schema: `https://azuremlschemas.azureedge.net/latest/${schema}.schema.json`,
    name: d.name,
    endpoint_name: endpointName,
    model: model(input, folders, notes),
    code_configuration: script ? { code: input.code ?? '.', scoring_script: script } : undefined,
    environment: environment(input, files, notes),
    environment_variables: writableVariables(p.environmentVariables, notes),
    instance_type: p.instanceType ?? undefined,
    instance_count: typeof d.sku?.capacity === 'number' ? d.sku.capacity : undefined,
    request_settings: requestSettings,
    liveness_probe: probe(p.livenessProbe),
    readiness_probe: probe(p.readinessProbe),
    app_insights_enabled: p.appInsightsEnabled ?? undefined,
    model_mount_path: p.modelMountPath ?? undefined,
    resources,
  });
  files.unshift({ name: 'deployment.yml', text: `${header(d.id)}${cliYaml(deployment)}` });
  if (endpointName) files.splice(1, 0, { name: 'endpoint.yml', text: `${header(input.endpoint?.id ?? d.id)}${cliYaml(endpointYaml(endpointName, input.endpoint, kubernetes))}` });
  return { files, folders, notes };
}

/** The endpoint's name from a deployment's id (`.../onlineEndpoints/{e}/deployments/{d}`). */
function endpointOf(id: string | undefined): string | undefined {
  const m = /\/onlineEndpoints\/([^/]+)\/deployments\/[^/]+\/?$/i.exec(id ?? '');
  return m ? decodeURIComponent(m[1]) : undefined;
}

const AUTH: Record<string, string> = { Key: 'key', AMLToken: 'aml_token', AADToken: 'aad_token' };

function endpointYaml(name: string, e: OnlineEndpoint | undefined, kubernetes: boolean): Record<string, unknown> {
  const compute = e?.properties?.compute ? assetOf(e.properties.compute)?.name : undefined;
  return clean({
    $schema: `https://azuremlschemas.azureedge.net/latest/${kubernetes ? 'kubernetesOnlineEndpoint' : 'managedOnlineEndpoint'}.schema.json`,
    name,
    auth_mode: e?.properties?.authMode ? AUTH[e.properties.authMode] ?? e.properties.authMode.toLowerCase() : undefined,
    compute: kubernetes && compute ? `azureml:${compute}` : undefined,
  });
}

function kubernetesResources(r: OnlineDeployment['properties']['containerResourceRequirements']): Record<string, unknown> | undefined {
  const part = (x: { cpu?: string | null; memory?: string | null; gpu?: string | null } | null | undefined) =>
    x ? clean({ cpu: x.cpu ?? undefined, memory: x.memory ?? undefined, 'nvidia.com/gpu': x.gpu ?? undefined }) : undefined;
  const out = clean({ requests: part(r?.containerResourceRequests), limits: part(r?.containerResourceLimits) });
  return Object.keys(out).length ? out : undefined;
}

/** A first line saying where the file came from (ids hold no secret). */
function header(id: string | undefined): string {
  return `# ${l10n.t('Copied from Azure by "Debug this locally"')}: ${(id ?? '').replace(/[\r\n]+/g, ' ')}\n`;
}

/** The object without undefined values and empty objects. */
function clean<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** An Azure deployment "Debug this locally" can copy, from its resource id as ARM gives it. */
export type AzureCopyTarget =
  | { kind: 'online'; subscriptionId: string; resourceGroupName: string; workspaceName: string; endpoint: string; deployment: string }
  | { kind: 'service'; subscriptionId: string; resourceGroupName: string; workspaceName: string; service: string };

/** The online deployment (`.../onlineEndpoints/{e}/deployments/{d}`) or v1 web service (`.../services/{name}`) an id names; undefined for anything else. */
export function azureCopyTarget(id: string | undefined): AzureCopyTarget | undefined {
  const ws = '^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.MachineLearningServices/workspaces/([^/]+)';
  const text = (id ?? '').trim().replace(/\/+$/, '');
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const online = new RegExp(`${ws}/onlineEndpoints/([^/]+)/deployments/([^/]+)$`, 'i').exec(text);
  if (online) {
    const [, s, rg, w, e, d] = online.map(dec);
    return { kind: 'online', subscriptionId: s, resourceGroupName: rg, workspaceName: w, endpoint: e, deployment: d };
  }
  const service = new RegExp(`${ws}/services/([^/]+)$`, 'i').exec(text);
  if (service) {
    const [, s, rg, w, name] = service.map(dec);
    return { kind: 'service', subscriptionId: s, resourceGroupName: rg, workspaceName: w, service: name };
  }
  return undefined;
}
