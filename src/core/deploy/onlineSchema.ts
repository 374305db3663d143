// The keys of Azure ML v2 online deployment and endpoint files, what each
// holds and which schema allows it, and the walk that checks one mapping
// against its table. Facts from the azure-ai-ml SDK's marshmallow schemas
// (_schema/_deployment/online, _schema/_endpoint/online, assets/model and
// assets/environment: the CLI loads files through them) and the CLI (v2)
// YAML reference pages (managed and Kubernetes online deployment).
import { isMap, isScalar, type Node } from 'yaml';
import { l10n } from '../l10n';
import { type Severity } from './onlineProblems';
import { cliScalar, type CliScalar, type YamlReading } from './onlineYaml';

/** The two online schemas: managed endpoints, and Kubernetes (AKS, Arc) ones. */
export type OnlineKind = 'managed' | 'kubernetes';

type Kind =
  | { t: 'str' }
  | { t: 'int'; min: number; max?: number; maxFor?: OnlineKind }
  | { t: 'bool' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'dict' } // a mapping not checked key by key (tags, environment_variables)
  | { t: 'object'; fields: Table }
  | { t: 'refOrObject'; fields: Table } // "azureml:..." or inline (model, environment)
  | { t: 'strOrDict' } // conda_file: a path, or the conda file inline
  | { t: 'version' } // text or a number
  | { t: 'any' }; // accepted, not read (data_collector, identity, inference_config, read-only keys)

/** One key of a table. */
export interface Field {
  kind: Kind;
  /** The key belongs to one schema only. */
  only?: OnlineKind;
  /** `why` is a whole clause (the problem and a completion's detail both show it); a function, as the translator is set after load. */
  required?: { severity: Severity; for?: OnlineKind; why: () => string };
  /** `why` words the whole problem, the key's name filled in. */
  deprecated?: { for?: OnlineKind; why: (key: string) => string };
}

/** The keys of one mapping level. */
export type Table = Readonly<Record<string, Field>>;

const f = (kind: Kind, more: Omit<Field, 'kind'> = {}): Field => ({ kind, ...more });
const str = (more?: Omit<Field, 'kind'>) => f({ t: 'str' }, more);
const int = (min: number, more?: Omit<Field, 'kind'>, max?: number, maxFor?: OnlineKind) => f({ t: 'int', min, max, maxFor }, more);
const bool = (more?: Omit<Field, 'kind'>) => f({ t: 'bool' }, more);
const oneOf = (values: string[], more?: Omit<Field, 'kind'>) => f({ t: 'enum', values }, more);
const obj = (fields: Table, more?: Omit<Field, 'kind'>) => f({ t: 'object', fields }, more);
const dict = f({ t: 'dict' });
const any = f({ t: 'any' });

const probe: Table = { initial_delay: int(1), period: int(1), timeout: int(1), success_threshold: int(1), failure_threshold: int(1) };
const resource: Table = { cpu: str(), memory: str(), gpu: str(), 'nvidia.com/gpu': str() };

const model: Table = {
  name: str(), version: f({ t: 'version' }), path: str(), type: oneOf(['custom_model', 'mlflow_model', 'triton_model']),
  description: str(), properties: dict, tags: dict, flavors: dict, id: any, utc_time_created: any, job_name: any,
};

const environment: Table = {
  name: str(), version: f({ t: 'version' }), id: any, description: str(), tags: dict, image: str(),
  conda_file: f({ t: 'strOrDict' }), build: obj({ path: str(), dockerfile_path: str() }),
  inference_config: any, os_type: oneOf(['linux', 'windows']), datastore: str(),
};

/** deployment.yml (managedOnlineDeployment / kubernetesOnlineDeployment). */
export const deploymentTable: Table = {
  $schema: str(),
  name: str({ required: { severity: 'error', why: () => l10n.t('the deployment has no name') } }),
  // The CLI takes --endpoint-name instead, so a file without it is not broken.
  endpoint_name: str({ required: { severity: 'warning', why: () => l10n.t('az ml needs --endpoint-name on the command line without it') } }),
  description: str(), tags: dict, properties: dict, id: any, type: oneOf(['managed', 'kubernetes']),
  model: f({ t: 'refOrObject', fields: model }), model_mount_path: str(),
  code_configuration: obj({ code: str(), scoring_script: str() }),
  environment: f({ t: 'refOrObject', fields: environment }, { required: { severity: 'error', why: () => l10n.t('nothing says which image to run') } }),
  environment_variables: dict,
  instance_type: str({ required: { severity: 'warning', for: 'managed', why: () => l10n.t('az ml refuses a managed deployment without a VM size') } }),
  instance_count: int(0), app_insights_enabled: bool(),
  scale_settings: obj({ type: oneOf(['default', 'target_utilization']), polling_interval: int(1), target_utilization_percentage: int(1), min_instances: int(0), max_instances: int(1) }),
  request_settings: obj({
    request_timeout_ms: int(1, {}, 180000, 'managed'),
    max_concurrent_requests_per_instance: int(1),
    max_queue_wait_ms: int(0, { deprecated: { for: 'managed', why: (key) => l10n.t('"{0}" is deprecated: managed endpoints ignore it; raise request_timeout_ms to cover time in the queue.', key) } }),
  }),
  liveness_probe: obj(probe), readiness_probe: obj(probe), data_collector: any,
  egress_public_network_access: oneOf(['enabled', 'disabled'], { only: 'managed' }), private_network_connection: bool({ only: 'managed' }),
  resources: obj({ requests: obj(resource), limits: obj(resource) }, { only: 'kubernetes' }),
  provisioning_state: any, creation_context: any,
};

/** endpoint.yml (managedOnlineEndpoint / kubernetesOnlineEndpoint). */
export const endpointTable: Table = {
  $schema: str(),
  name: str({ required: { severity: 'error', why: () => l10n.t('the endpoint has no name') } }),
  description: str(), tags: dict, properties: dict, id: any, auth_mode: oneOf(['key', 'aml_token', 'aad_token']),
  identity: any, traffic: dict, mirror_traffic: dict, location: str(),
  compute: str({ only: 'kubernetes' }), public_network_access: oneOf(['enabled', 'disabled'], { only: 'managed' }),
  provisioning_state: any, scoring_uri: any, openapi_uri: any, kind: any,
};

// Keys people write that the schema spells differently.
const renamed: Record<string, () => string> = {
  local_path: () => l10n.t('The current name of local_path is path.'),
  dependencies: () => l10n.t('Conda packages belong in the file environment.conda_file names.'),
  channels: () => l10n.t('Conda channels belong in the file environment.conda_file names.'),
};

/** A key that passed its check, with its value as read. */
export interface Read {
  key: Node;
  /** The value as written (an alias stays an alias): where problems about it go. */
  at: Node;
  /** The value, aliases followed. */
  node: Node;
  scalar?: CliScalar;
  /** Whole numbers and true/false, converted as marshmallow converts them. */
  number?: number;
  flag?: boolean;
  fields?: Checked;
}

/** The keys of one mapping that passed their checks. */
export type Checked = Map<string, Read>;

/** A checked key's text, trimmed; undefined when absent, not text, or blank. */
export function strOf(c: Checked | undefined, key: string): string | undefined {
  const s = c?.get(key)?.scalar;
  return s?.type === 'str' && s.value.trim() !== '' ? s.value.trim() : undefined;
}

/** A checked key's whole number. */
export function numOf(c: Checked | undefined, key: string): number | undefined {
  return c?.get(key)?.number;
}

/** What a walk reports against: the schema in force and how to name the file. */
export interface WalkContext {
  r: YamlReading;
  kind: OnlineKind;
  /** What the file describes, for messages. */
  resource: 'deployment' | 'endpoint';
}

/** An unknown key at the top of the file, one sentence per kind of file. */
function notAKeyOfFile(ctx: WalkContext, name: string): string {
  if (ctx.resource === 'deployment') {
    return ctx.kind === 'managed' ? l10n.t('"{0}" is not a key of a managed online deployment.', name) : l10n.t('"{0}" is not a key of a kubernetes online deployment.', name);
  }
  return ctx.kind === 'managed' ? l10n.t('"{0}" is not a key of a managed online endpoint.', name) : l10n.t('"{0}" is not a key of a kubernetes online endpoint.', name);
}

/** A key of the other schema, one sentence per kind of file. */
function otherSchemaKey(ctx: WalkContext, name: string): string {
  if (ctx.resource === 'deployment') {
    return ctx.kind === 'managed'
      ? l10n.t('"{0}" belongs to Kubernetes online endpoints; this is a managed online deployment.', name)
      : l10n.t('"{0}" belongs to managed online endpoints; this is a kubernetes online deployment.', name);
  }
  return ctx.kind === 'managed'
    ? l10n.t('"{0}" belongs to Kubernetes online endpoints; this is a managed online endpoint.', name)
    : l10n.t('"{0}" belongs to managed online endpoints; this is a kubernetes online endpoint.', name);
}

/** Checks a mapping against `table`: unknown and misplaced keys, types, ranges, missing keys. */
export function checkMapping(ctx: WalkContext, map: Node, table: Table, path: string[]): Checked {
  const { r } = ctx;
  const out: Checked = new Map();
  if (!isMap(map)) return out;
  for (const [name, e] of r.entries(map)) {
    const at = [...path, name];
    const field = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (!field) {
      const notAKey = path.length ? l10n.t('"{0}" is not a key of "{1}".', name, path.join('.')) : notAKeyOfFile(ctx, name);
      r.report('unknown-key', 'warning', e.key, at, [notAKey, hint(name, table)].filter(Boolean).join(' '));
      continue;
    }
    if (field.only && field.only !== ctx.kind) {
      r.report('schema-key', 'warning', e.key, at, otherSchemaKey(ctx, name));
      continue;
    }
    const node = r.resolve(e.value);
    if (r.exhausted) break;
    const scalar = cliScalar(node);
    if (scalar?.type === 'null') {
      r.report('null-value', 'warning', e.value ?? e.key, at, l10n.t('"{0}" is empty, which az ml refuses ("may not be null"): give it a value or remove it.', name));
      continue;
    }
    const written = e.value ?? e.key;
    const read = checkValue(ctx, field, name, node as Node, written, scalar, at);
    if (read) out.set(name, { key: e.key, at: written, ...read });
  }
  if (r.exhausted) r.report('too-many-aliases', 'error', map, path, l10n.t('The file expands too many aliases and merges to read.'));
  for (const [name, field] of Object.entries(table)) {
    const req = field.required;
    if (!req || out.has(name) || (req.for && req.for !== ctx.kind) || r.entries(map).has(name)) continue;
    const keyNode = path.length ? null : firstKey(r, map);
    r.report('missing-key', req.severity, keyNode ?? map, [...path, name], l10n.t('No "{0}": {1}.', [...path, name].join('.'), req.why()));
  }
  return out;
}

function checkValue(ctx: WalkContext, field: Field, name: string, node: Node, written: Node, scalar: CliScalar | undefined, at: string[]): Omit<Read, 'key' | 'at'> | undefined {
  const { r } = ctx;
  const k = field.kind;
  // What the key must be, what it is, and (text written as a number or flag) the fix: one sentence each.
  const wrong = (must: string) => {
    const quote = k.t === 'str' && scalar && scalar.type !== 'str' ? l10n.t('Put it in quotes.') : '';
    r.report('wrong-type', 'error', written, at, [must, found(node, scalar), quote].filter(Boolean).join(' '));
    return undefined;
  };
  if (field.deprecated && (!field.deprecated.for || field.deprecated.for === ctx.kind)) {
    r.report('deprecated-key', 'info', written, at, field.deprecated.why(name));
  }
  switch (k.t) {
    case 'str':
      return scalar?.type === 'str' ? { node, scalar } : wrong(l10n.t('"{0}" must be text.', name));
    case 'version':
      return scalar?.type === 'str' || scalar?.type === 'int' ? { node, scalar } : wrong(l10n.t('"{0}" must be a version (text or a number).', name));
    case 'bool': {
      const flag = marshmallowBool(scalar);
      return flag === undefined ? wrong(l10n.t('"{0}" must be true or false.', name)) : { node, scalar, flag };
    }
    case 'int': {
      const n = scalar?.type === 'int' ? Number(scalar.value) : scalar?.type === 'str' && /^\s*[-+]?\d+\s*$/.test(scalar.value) ? Number(scalar.value) : undefined;
      if (n === undefined) return wrong(l10n.t('"{0}" must be a whole number.', name));
      const max = k.max !== undefined && (!k.maxFor || k.maxFor === ctx.kind) ? k.max : undefined;
      if (n < k.min || (max !== undefined && n > max)) {
        const range = n < k.min ? l10n.t('"{0}" is {1}; it must be at least {2}.', name, n, k.min) : l10n.t('"{0}" is {1}; it must be at most {2}.', name, n, max ?? '');
        r.report('out-of-range', 'error', written, at, range);
        return undefined;
      }
      return { node, scalar, number: n };
    }
    case 'enum': {
      const v = scalar?.type === 'str' ? camelToSnake(scalar.value) : undefined;
      return v !== undefined && k.values.includes(v) ? { node, scalar: { type: 'str', value: v } } : wrong(l10n.t('"{0}" must be one of {1}.', name, k.values.join(', ')));
    }
    case 'dict':
      return isMap(node) ? { node } : wrong(l10n.t('"{0}" must be a mapping.', name));
    case 'object':
      return isMap(node) ? { node, fields: checkMapping(ctx, node, k.fields, at) } : wrong(l10n.t('"{0}" must be a mapping of keys.', name));
    case 'refOrObject':
      if (scalar?.type === 'str') return { node, scalar };
      return isMap(node) ? { node, fields: checkMapping(ctx, node, k.fields, at) } : wrong(l10n.t('"{0}" must be "azureml:<name>:<version>" or a mapping.', name));
    case 'strOrDict':
      return scalar?.type === 'str' || isMap(node) ? { node, scalar } : wrong(l10n.t('"{0}" must be a file path or a mapping.', name));
    default:
      return { node };
  }
}

/** marshmallow's Boolean: true/false and its truthy and falsy spellings. */
function marshmallowBool(s: CliScalar | undefined): boolean | undefined {
  if (s?.type === 'bool') return s.value;
  const text = s?.type === 'str' ? s.value : s?.type === 'int' ? s.value.toString() : undefined;
  if (text === undefined) return undefined;
  if (/^(?:t|true|on|y|yes|1)$/i.test(text)) return true;
  if (/^(?:f|false|off|n|no|0)$/i.test(text)) return false;
  return undefined;
}

/** The CLI's camel_to_snake on enum values: "AMLToken" -> "aml_token", "Kubernetes" -> "kubernetes". */
export function camelToSnake(s: string): string {
  // (?<![A-Z]): each run of capitals tried once, not from each of its letters (quadratic in a long run).
  return s.replace(/(?<![A-Z])([A-Z]+)([A-Z][a-z])/g, '$1_$2').replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase();
}

/** What a value of the wrong type is, in a sentence. */
function found(node: Node, s: CliScalar | undefined): string {
  if (!s) return isMap(node) ? l10n.t('It is a mapping.') : isScalar(node) ? l10n.t('It is a value.') : l10n.t('It is a list.');
  if (s.type === 'str') return l10n.t('It is the text "{0}".', s.value.length > 40 ? `${s.value.slice(0, 40)}...` : s.value);
  if (s.type === 'bool') return l10n.t('It is {0} (a yes/no value).', String(s.value));
  if (s.type === 'timestamp') return l10n.t('It is {0} (a date).', String(s.value));
  return s.type === 'null' ? l10n.t('It is empty.') : l10n.t('It is {0} (a number).', s.type === 'int' ? s.value.toString() : String(s.value));
}

function firstKey(r: YamlReading, map: Node): Node | null {
  return isMap(map) ? ([...r.entries(map).values()][0]?.key ?? null) : null;
}

/** "Did you mean ...?" for an unknown key: a known rename, the key one level down, or a near spelling ('' when none). */
function hint(name: string, table: Table): string {
  if (Object.prototype.hasOwnProperty.call(renamed, name)) return renamed[name]();
  for (const [parent, field] of Object.entries(table)) {
    const fields = field.kind.t === 'object' || field.kind.t === 'refOrObject' ? field.kind.fields : undefined;
    if (fields && Object.prototype.hasOwnProperty.call(fields, name)) return l10n.t('Did you mean "{0}"?', `${parent}.${name}`);
  }
  const near = Object.keys(table).find((k) => name.length >= 4 && editDistance(name.toLowerCase(), k) <= 2);
  return near ? l10n.t('Did you mean "{0}"?', near) : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The schema a file names (`unknown` when nothing names one) and the one it is checked against. */
export interface FileSchema {
  named: OnlineKind | 'unknown';
  kind: OnlineKind;
}

/**
 * The SDK loads a deployment with the Kubernetes schema when `type` is
 * kubernetes and with the managed one otherwise; `$schema` only serves
 * editors. Without `type`, `$schema` is taken as what the author meant. An
 * endpoint with `compute` is a Kubernetes one.
 */
export function fileSchema(r: YamlReading, root: Node, resource: 'Deployment' | 'Endpoint'): FileSchema {
  const entries = isMap(root) ? r.entries(root) : new Map();
  const urlEntry = entries.get('$schema');
  const url = urlEntry ? cliScalar(r.resolve(urlEntry.value)) : undefined;
  let fromUrl: OnlineKind | undefined;
  if (url?.type === 'str') {
    const name = /\/([A-Za-z0-9]+)\.schema\.json\s*$/.exec(url.value)?.[1];
    const hit = name ? new RegExp(`^(managed|kubernetes)Online${resource}$`, 'i').exec(name) : null;
    if (hit) fromUrl = hit[1].toLowerCase() as OnlineKind;
    else if (name) r.report('schema-url', 'warning', urlEntry?.value ?? null, ['$schema'], resource === 'Deployment' ? l10n.t('This $schema is "{0}", not an online deployment\'s: is this the right file?', name) : l10n.t('This $schema is "{0}", not an online endpoint\'s: is this the right file?', name));
  }
  let fromFile: OnlineKind | undefined;
  const typeEntry = resource === 'Deployment' ? entries.get('type') : undefined;
  const type = typeEntry ? cliScalar(r.resolve(typeEntry.value)) : undefined;
  if (type?.type === 'str' && ['managed', 'kubernetes'].includes(camelToSnake(type.value))) fromFile = camelToSnake(type.value) as OnlineKind;
  if (resource === 'Endpoint' && entries.has('compute')) fromFile = 'kubernetes';
  if (fromUrl && fromFile && fromUrl !== fromFile && typeEntry) {
    r.report('schema-mismatch', 'warning', typeEntry.value, ['type'], l10n.t('"type: {0}" and the {1} $schema disagree; az ml goes by type.', fromFile, fromUrl));
  }
  const named = resource === 'Deployment' ? (fromFile ?? fromUrl) : (fromUrl ?? fromFile);
  return { named: named ?? 'unknown', kind: named ?? 'managed' };
}
