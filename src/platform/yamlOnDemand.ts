// Stands in for the `yaml` package inside the bundles (esbuild.mjs resolves
// every `from 'yaml'` here): the package is its own bundle, dist/yaml.js,
// required on the first call, so a bundle holding YAML-reading code (the
// activation bundle reads kubeconfigs) loads it only when a YAML text is read.
// Each value src/ imports from `yaml` is here; a missing one fails the build.
// Unit tests run on the package itself (tsc output never loads this file).
import type * as Yaml from 'yaml';
import { loadBundle } from './lazyBundle';

type YamlPackage = typeof Yaml;
type AnyFunction = (...args: unknown[]) => unknown;
type AnyClass = new (...args: unknown[]) => object;

let loaded: YamlPackage | undefined;
// This file is bundled into files of dist/, the folder of yaml.js.
const yaml = (): YamlPackage => (loaded ??= loadBundle<YamlPackage>(__dirname, 'yaml'));

/** A function of the package, called through. */
function call<K extends keyof YamlPackage>(name: K): YamlPackage[K] {
  return ((...args: unknown[]) => (yaml()[name] as AnyFunction)(...args)) as YamlPackage[K];
}

/** A class of the package: `new` on the stand-in returns the package's own instance. */
function construct<K extends keyof YamlPackage>(name: K): YamlPackage[K] {
  return function (...args: unknown[]) {
    return new (yaml()[name] as AnyClass)(...args);
  } as unknown as YamlPackage[K];
}

export const isAlias = call('isAlias');
export const isCollection = call('isCollection');
export const isMap = call('isMap');
export const isPair = call('isPair');
export const isScalar = call('isScalar');
export const isSeq = call('isSeq');
export const stringify = call('stringify');
export const visit = call('visit');
export const Composer = construct('Composer');
export const Document = construct('Document');
export const Lexer = construct('Lexer');
export const LineCounter = construct('LineCounter');
export const Parser = construct('Parser');
export const YAMLParseError = construct('YAMLParseError');
export const CST = { tokenType: (source: string) => yaml().CST.tokenType(source) };
