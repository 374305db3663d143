// The model and the environment of an Azure ML v2 online deployment: local
// files, a Docker image or build context, or assets registered in Azure
// (`azureml:` references), read from their checked keys, with what a local
// run cannot use reported on its node.
import { type Node } from 'yaml';
import { l10n } from '../l10n';
import { strOf, type Checked } from './onlineSchema';
import { pythonStr, type YamlReading } from './onlineYaml';

/** An asset registered in Azure: `azureml:name:version`, `azureml:name@label`, a registry or ARM id. */
export interface RegisteredRef {
  ref: string;
  name: string;
  version?: string;
  label?: string;
  registry?: string;
}

/** The model: local files (`model.path`, relative to the yml's folder), or one registered in Azure. */
export type OnlineModel = { kind: 'path'; path: string; name?: string; version?: string } | ({ kind: 'registered' } & RegisteredRef);

/**
 * The environment: an image (with its conda file, a path or inline), a
 * Docker build context, or one registered in Azure. `customContainer` says
 * `inference_config` is set (its routes are knowingly not read: a custom
 * container serves itself, without a scoring script).
 */
export type OnlineEnvironment =
  | { kind: 'image'; image: string; condaFile?: string; condaInline: boolean; customContainer: boolean }
  | { kind: 'build'; path: string; dockerfile?: string; customContainer: boolean }
  | ({ kind: 'registered' } & RegisteredRef);

/** The paths a deployment names, by role. */
export type PlaceName = 'model' | 'code' | 'scoringScript' | 'condaFile' | 'buildPath' | 'dockerfile';

/** Records where a path is written. */
export type Place = (name: PlaceName, node: Node, path: string[]) => void;

/** Splits an `azureml:` reference; undefined for anything else. */
export function registeredRef(ref: string): RegisteredRef | undefined {
  const m = /^azureml:(.*)$/i.exec(ref.trim());
  if (!m) return undefined;
  const body = m[1];
  const registry = /^\/\/registries\/([^/]+)\//i.exec(body)?.[1];
  const more = registry ? { registry } : {};
  const id = /\/(?:models|environments|codes)\/([^/]+)\/(versions|labels)\/([^/]+)\/?$/i.exec(body);
  if (id) return { ref, name: id[1], ...(id[2].toLowerCase() === 'versions' ? { version: id[3] } : { label: id[3] }), ...more };
  if (body.startsWith('/')) return { ref, name: body.split('/').filter(Boolean).pop() ?? body, ...more };
  const at = /^([^:@]+)@(.+)$/.exec(body);
  if (at) return { ref, name: at[1], label: at[2] };
  const [name, version] = body.split(':');
  return { ref, name, ...(version ? { version } : {}) };
}

/** The model as a local run can use it; registered models and plain strings are reported on their node. */
export function readModel(r: YamlReading, c: Checked, place: Place): OnlineModel | undefined {
  const read = c.get('model');
  if (!read) return undefined;
  const inAzure = (ref: string) => l10n.t('The model "{0}" is in Azure, which a local run cannot reach; point model.path to a local file or folder to run it here.', ref);
  if (read.scalar?.type === 'str') {
    const value = read.scalar.value;
    const registered = registeredRef(value);
    if (registered) {
      r.report('registered-model', 'warning', read.at, ['model'], inAzure(value));
      return { kind: 'registered', ...registered };
    }
    r.report('model-needs-mapping', 'error', read.at, ['model'], l10n.t('az ml reads a plain string as a registered model; write the local path as "model:" then "path: {0}" under it.', value));
    place('model', read.at, ['model']);
    return { kind: 'path', path: value };
  }
  const m = read.fields;
  const path = strOf(m, 'path');
  const name = strOf(m, 'name');
  const version = m?.get('version')?.scalar;
  const v = version ? pythonStr(version) : undefined;
  if (!path) {
    if (!m?.has('path')) r.report('model-without-path', 'error', read.key, ['model', 'path'], l10n.t('The model has no path: a local run needs model.path, a local file or folder.'));
    return undefined;
  }
  if (/^(azureml:|https?:|wasbs?:|abfss?:)/i.test(path)) {
    r.report('registered-model', 'warning', m!.get('path')!.at, ['model', 'path'], inAzure(path));
    return { kind: 'registered', ref: path, name: name ?? path, ...(v ? { version: v } : {}) };
  }
  place('model', m!.get('path')!.at, ['model', 'path']);
  return { kind: 'path', path, ...(name ? { name } : {}), ...(v ? { version: v } : {}) };
}

/** The environment as a local run can use it; registered and incomplete ones are reported on their node. */
export function readEnvironment(r: YamlReading, c: Checked, place: Place): OnlineEnvironment | undefined {
  const read = c.get('environment');
  if (!read) return undefined;
  if (read.scalar?.type === 'str') {
    const registered = registeredRef(read.scalar.value);
    if (!registered) {
      r.report('wrong-type', 'error', read.at, ['environment'], l10n.t('environment must be "azureml:<name>:<version>" or a mapping with image (and conda_file) or build; it is the text "{0}".', read.scalar.value));
      return undefined;
    }
    r.report('registered-environment', 'warning', read.at, ['environment'], l10n.t('The environment "{0}" is registered in Azure, which a local run cannot reach; give environment.image (and conda_file) or environment.build to run it here.', read.scalar.value));
    return { kind: 'registered', ...registered };
  }
  const e = read.fields;
  const image = strOf(e, 'image');
  const build = e?.get('build')?.fields;
  const buildPath = strOf(build, 'path');
  const customContainer = !!e?.has('inference_config');
  if (image && e?.has('build')) r.report('environment-both', 'warning', e.get('build')!.key, ['environment', 'build'], l10n.t('environment has both image and build, which exclude each other; the image is used.'));
  if (image) {
    const conda = e?.get('conda_file');
    const condaFile = conda?.scalar?.type === 'str' ? conda.scalar.value : undefined;
    // A path or an inline mapping: either way, what a conda problem points at.
    if (conda) place('condaFile', conda.at, ['environment', 'conda_file']);
    return { kind: 'image', image, ...(condaFile ? { condaFile } : {}), condaInline: !!conda && !condaFile, customContainer };
  }
  if (buildPath) {
    const dockerfile = strOf(build, 'dockerfile_path');
    place('buildPath', build!.get('path')!.at, ['environment', 'build', 'path']);
    place('dockerfile', (build!.get('dockerfile_path') ?? build!.get('path'))!.at, ['environment', 'build', dockerfile ? 'dockerfile_path' : 'path']);
    return { kind: 'build', path: buildPath, ...(dockerfile ? { dockerfile } : {}), customContainer };
  }
  if (!e?.has('image') && !build?.has('path')) {
    r.report('environment-incomplete', 'error', read.key, ['environment'], l10n.t('The environment needs image (a Docker image, with conda_file for its packages) or build.path (a Docker build context).'));
  }
  return undefined;
}
