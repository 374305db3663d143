// Where a deployment's settings are written, so a finding can sit on the line
// the user changes: keys of deploymentconfig.json (jsonc-parser), keyword
// arguments of a Python deployment script (cpu_cores=, memory_gb=, ...) and
// keys of a v2 deployment.yml (request_settings.*), with edits that change
// one value and keep the rest of the text as it was.
import { applyEdits, findNodeAtLocation, type Edit, type JSONPath, type Node } from 'jsonc-parser';
import type { Finding } from './finding';
import { modifyFormatted, parseJsonTree } from '../edits/jsonText';
import { detectFormat, lineColumnAt, lineColumns } from '../edits/textFormat';
import { findCallOpen, findKeywords, pythonLiteral, type KeywordMatch } from '../edits/pythonKeywords';
import type { TextReplacement } from '../edits/textChange';
import { locateYamlKey, setYamlValue } from '../edits/yamlEdits';

/** The settings a crash cause can point at. */
export type DeploymentSetting =
  | 'cpu' | 'memoryInGB' | 'gpu'
  | 'autoscaleEnabled' | 'minReplicas' | 'maxReplicas' | 'refreshPeriodInSeconds' | 'targetUtilization'
  | 'scoringTimeoutMs' | 'maxConcurrentRequestsPerContainer'
  | 'requestTimeoutMs';

/** JSON paths in deploymentconfig.json, most likely first; the first is where a missing key is added. v2-only settings have none. */
export const settingPaths: Partial<Record<DeploymentSetting, JSONPath[]>> = {
  cpu: [['containerResourceRequirements', 'cpu']],
  memoryInGB: [['containerResourceRequirements', 'memoryInGB']],
  // The issue names containerResourceRequirements.gpu; the CLI docs' table names top-level gpuCores.
  gpu: [['containerResourceRequirements', 'gpu'], ['gpuCores']],
  autoscaleEnabled: [['autoScaler', 'autoscaleEnabled']],
  minReplicas: [['autoScaler', 'minReplicas']],
  maxReplicas: [['autoScaler', 'maxReplicas']],
  refreshPeriodInSeconds: [['autoScaler', 'refreshPeriodInSeconds']],
  targetUtilization: [['autoScaler', 'targetUtilization']],
  scoringTimeoutMs: [['scoringTimeoutMs']],
  maxConcurrentRequestsPerContainer: [['maxConcurrentRequestsPerContainer']],
};

/** The SDK keyword (AksWebservice.deploy_configuration) for each setting v1 has. */
export const sdkKeywords: Partial<Record<DeploymentSetting, string>> = {
  cpu: 'cpu_cores',
  memoryInGB: 'memory_gb',
  gpu: 'gpu_cores',
  autoscaleEnabled: 'autoscale_enabled',
  minReplicas: 'autoscale_min_replicas',
  maxReplicas: 'autoscale_max_replicas',
  refreshPeriodInSeconds: 'autoscale_refresh_seconds',
  targetUtilization: 'autoscale_target_utilization',
  scoringTimeoutMs: 'scoring_timeout_ms',
  maxConcurrentRequestsPerContainer: 'replica_max_concurrent_requests',
};

/** Keys of a v2 deployment.yml, for the settings it has. */
export const onlineSettingPaths: Partial<Record<DeploymentSetting, readonly string[]>> = {
  requestTimeoutMs: ['request_settings', 'request_timeout_ms'],
  maxConcurrentRequestsPerContainer: ['request_settings', 'max_concurrent_requests_per_instance'],
};

/** A key (or keyword) and its value in a text; `line` 1-based, `character` 0-based, both at the key. */
export interface SettingLocation {
  offset: number;
  length: number;
  line: number;
  character: number;
  valueOffset: number;
  valueLength: number;
  /** The value: parsed JSON for deploymentconfig.json, source text for a Python keyword. */
  value: unknown;
}

/** One change to a text, as offsets in the original. */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

function located(text: string, offset: number, length: number, valueOffset: number, valueLength: number, value: unknown, at = (o: number) => lineColumnAt(text, o)): SettingLocation {
  const { line, column } = at(offset);
  return { offset, length, line, character: column - 1, valueOffset, valueLength, value };
}

function propertyNode(root: Node | undefined, path: JSONPath): { key: Node; value: Node } | undefined {
  if (!root) return undefined;
  const value = findNodeAtLocation(root, path);
  const prop = value?.parent;
  if (!value || prop?.type !== 'property' || !prop.children?.[0]) return undefined;
  return { key: prop.children[0], value };
}

/** Where a setting is in deploymentconfig.json text; `undefined` when absent (or the text is not an object). */
export function locateJsonSetting(text: string, setting: DeploymentSetting): SettingLocation | undefined {
  const { root } = parseJsonTree(text, { allowTrailingComma: true });
  for (const path of settingPaths[setting] ?? []) {
    const p = propertyNode(root, path);
    if (p) return located(text, p.key.offset, p.key.length, p.value.offset, p.value.length, p.value.value);
  }
  return undefined;
}

/** Every setting present in deploymentconfig.json text. */
export function locateJsonSettings(text: string): Partial<Record<DeploymentSetting, SettingLocation>> {
  const out: Partial<Record<DeploymentSetting, SettingLocation>> = {};
  for (const s of Object.keys(settingPaths) as DeploymentSetting[]) {
    const l = locateJsonSetting(text, s);
    if (l) out[s] = l;
  }
  return out;
}

/** Where a setting is in a v2 deployment.yml; undefined when absent, not a v2 setting, or the text has YAML errors. */
export function locateYamlSetting(text: string, setting: DeploymentSetting): SettingLocation | undefined {
  const path = onlineSettingPaths[setting];
  const found = path && locateYamlKey(text, path);
  return found ? located(text, found.keyOffset, found.keyLength, found.valueOffset, found.valueLength, found.value) : undefined;
}

/** Sets a setting in a v2 deployment.yml (adding it, and request_settings, where missing), every other byte kept. */
export function setYamlSetting(text: string, setting: DeploymentSetting, value: number): TextReplacement | undefined {
  const path = onlineSettingPaths[setting];
  return path ? setYamlValue(text, path, value) : undefined;
}

/** Every `keyword=` of a setting in a Python script (outside strings and comments). */
export function locateSdkKeyword(text: string, setting: DeploymentSetting): SettingLocation[] {
  const keyword = sdkKeywords[setting];
  if (!keyword) return [];
  // A script can name it thousands of times: their positions in one pass.
  const at = lineColumns(text);
  return findKeywords(text, keyword).map((m: KeywordMatch) => located(text, m.offset, m.keyword.length, m.valueOffset, m.valueLength, m.value, at));
}

/** The settings a finding is about, most direct first (the glue puts the diagnostic on the first found). */
export function settingsForFinding(finding: Pick<Finding, 'code' | 'data'>): DeploymentSetting[] {
  switch (finding.code) {
    case 'insufficient-resources': {
      const r = finding.data?.resource ?? '';
      if (r === 'cpu') return ['cpu'];
      if (r === 'memory') return ['memoryInGB'];
      if (/gpu/.test(r)) return ['gpu'];
      // Azure ML's own verdict names the node size it wants, so both requests.
      if (finding.data?.cpuCores !== undefined) return ['cpu', 'memoryInGB'];
      return [];
    }
    case 'schedule-timeout':
      return ['cpu', 'memoryInGB', 'gpu'];
    case 'oom-killed':
      return ['memoryInGB'];
    case 'overloaded-503':
      return ['minReplicas', 'targetUtilization', 'maxReplicas'];
    case 'timeout-504':
      return ['scoringTimeoutMs'];
    case 'request-timeout-408':
      return ['requestTimeoutMs'];
    default:
      return [];
  }
}

/** Sets a setting in deploymentconfig.json text (adding it where missing), keeping comments and layout. */
export function setJsonSetting(text: string, setting: DeploymentSetting, value: number | boolean): { text: string; edits: TextEdit[] } {
  const paths = settingPaths[setting];
  // A v2-only setting has no place in deploymentconfig.json: nothing changes.
  if (!paths?.length) return { text, edits: [] };
  const parsed = parseJsonTree(text, { allowTrailingComma: true });
  // Too large, or nested too deep for jsonc-parser (modify parses the whole text too): left as it is.
  if (parsed.refused) return { text, edits: [] };
  const { root } = parsed;
  const path = paths.find((p) => propertyNode(root, p)) ?? paths[0];
  const format = detectFormat(text, { insertSpaces: true, tabSize: 2, eol: '\n' });
  let edits: Edit[];
  try {
    edits = modifyFormatted(text, path, value, { insertSpaces: format.insertSpaces, tabSize: format.tabSize, eol: format.eol });
  } catch {
    // modify throws where the path crosses something not an object (a file that is a list, say): nothing to set.
    return { text, edits: [] };
  }
  return { text: applyEdits(text, edits), edits: edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.content })) };
}

/**
 * Sets a keyword argument in a Python deployment script: replaces the value of
 * its last occurrence, or adds it to the first `deploy_configuration(` call.
 * `undefined` when there is neither.
 */
export function setSdkKeyword(text: string, setting: DeploymentSetting, value: number | boolean | string): { text: string; edits: TextEdit[] } | undefined {
  const keyword = sdkKeywords[setting];
  if (!keyword) return undefined;
  const literal = pythonLiteral(value);
  const found = findKeywords(text, keyword);
  let edit: TextEdit | undefined;
  if (found.length) {
    const last = found[found.length - 1];
    edit = { offset: last.valueOffset, length: last.valueLength, newText: literal };
  } else {
    // Prefer the AKS configuration: the settings that fail on a cluster live there.
    const at = findCallOpen(text, /\bAksWebservice\.deploy_configuration/) ?? findCallOpen(text, /\bdeploy_configuration/);
    if (at === undefined) return undefined;
    const rest = text.slice(at);
    const eol = /^[ \t]*(\r?\n)/.exec(rest);
    if (eol) {
      const indent = /\n([ \t]*)\S/.exec(rest)?.[1] ?? '    ';
      edit = { offset: at, length: 0, newText: `${eol[1]}${indent}${keyword}=${literal},` };
    } else {
      edit = { offset: at, length: 0, newText: /^\s*\)/.test(rest) ? `${keyword}=${literal}` : `${keyword}=${literal}, ` };
    }
  }
  return { text: text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length), edits: [edit] };
}
