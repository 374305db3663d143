// Reads what a local deployment is made of from inferenceconfig.json: the
// entry script, the source folder, the conda file and the model path, with
// each problem placed at a line and column. Text in, data out; the glue checks
// that the files exist.
//
// The v1 SDK (InferenceConfig.serialize) and CLI write every unset key as
// null ("sourceDirectory": null, "baseImage": null), so null reads as absent.
// Read: entryScript (entry_script), sourceDirectory (source_directory),
// environment.python.condaDependenciesFile, else condaFile, else the inline
// spec environment.python.condaDependencies (what Environment.from_conda_specification
// serialises), and modelPath (this extension's own key). Knowingly ignored, as a local run here has no
// use for them: runtime (python is the one left), description, enableGpu,
// cudaVersion, extraDockerfileSteps, baseImage, baseImageRegistry and
// environment.docker (the image is the azuremlDebug.deploy.baseImage setting,
// not a retired v1 base), environment.name and version, environment.python's
// userManagedDependencies, interpreterPath and baseCondaEnvironment, environment.
// environmentVariables, and environment.spark, databricks, r and
// inferencingStackVersion.
import { findNodeAtLocation, printParseErrorCode, type Node } from 'jsonc-parser';
import { jsonRefusalMessage, parseJsonTree } from '../edits/jsonText';
import { lineColumnAt, lineColumns } from '../edits/textFormat';
import { l10n } from '../l10n';

/** The parts of inferenceconfig.json a local deployment needs (paths as written). */
export interface DeployConfig {
  /** Entry script, relative to `sourceDirectory` (CLI v1) or the config's folder. */
  entryScript: string;
  /** Folder mounted at /var/azureml-app; "." when not named. */
  sourceDirectory: string;
  /** Conda environment file, when named. */
  condaFile?: string;
  /** The conda specification written inline (JSON text, which reads as YAML), when no file is named. */
  condaInline?: string;
  /** Model file or folder, when named (extension of the CLI v1 file; the SDK passes models apart). */
  modelPath?: string;
}

/** A problem in the file, 1-based. */
export interface ConfigProblem {
  message: string;
  line: number;
  column: number;
}

/** The config, or the problems that stop it from being read. */
export type ConfigResult = { config: DeployConfig; problems: [] } | { config?: undefined; problems: ConfigProblem[] };

/** Reads inferenceconfig.json text; JSON errors and wrong types come back as problems. */
export function readDeployConfig(text: string): ConfigResult {
  const parsed = parseJsonTree(text, { allowTrailingComma: true, disallowComments: false });
  if (parsed.refused) return { problems: [{ message: jsonRefusalMessage('inferenceconfig.json', parsed.refused), ...lineColumnAt(text, parsed.refused.offset) }] };
  const { root, errors } = parsed;
  if (errors.length > 0) {
    // A broken file can have an error per character: their positions in one pass.
    const at = lineColumns(text);
    return { problems: errors.map((e) => ({ message: describeParseError(printParseErrorCode(e.error)), ...at(e.offset) })) };
  }
  if (!root || root.type !== 'object') return { problems: [{ message: l10n.t('inferenceconfig.json must hold one JSON object.'), ...lineColumnAt(text, root?.offset ?? 0) }] };
  const problems: ConfigProblem[] = [];
  const str = (paths: (string | number)[][], what: ConfigString, required: boolean): string | undefined => {
    for (const p of paths) {
      const node = findNodeAtLocation(root, p);
      if (!node || node.type === 'null') continue;
      if (node.type !== 'string' || typeof node.value !== 'string' || node.value.trim() === '') {
        problems.push(at(text, node, notAString[what](p.join('.'))));
        return undefined;
      }
      return (node.value as string).trim();
    }
    // Only the entry script is required.
    if (required) problems.push({ message: l10n.t('No "{0}": name the entry script, e.g. "score.py".', paths[0].join('.')), ...lineColumnAt(text, root.offset) });
    return undefined;
  };
  const entryScript = str([['entryScript'], ['entry_script']], 'entryScript', true);
  const sourceDirectory = str([['sourceDirectory'], ['source_directory']], 'sourceDirectory', false) ?? '.';
  const condaFile = str([['environment', 'python', 'condaDependenciesFile'], ['condaFile']], 'condaFile', false);
  const modelPath = str([['modelPath'], ['model_path']], 'modelPath', false);
  const inline = findNodeAtLocation(root, ['environment', 'python', 'condaDependencies']);
  let condaInline: string | undefined;
  if (!condaFile && inline && inline.type !== 'null') {
    if (inline.type === 'object') condaInline = text.slice(inline.offset, inline.offset + inline.length);
    else problems.push(at(text, inline, l10n.t('"environment.python.condaDependencies" must be a conda specification (an object with dependencies).')));
  }
  if (entryScript && !/\.py$/i.test(entryScript)) {
    problems.push(at(text, findNodeAtLocation(root, ['entryScript']) ?? root, l10n.t('The entry script "{0}" is not a .py file.', entryScript)));
  }
  for (const [name, value] of [['entryScript', entryScript], ['sourceDirectory', sourceDirectory], ['modelPath', modelPath]] as const) {
    if (value && value.split(/[\\/]/).includes('..') && name !== 'modelPath') {
      problems.push(at(text, findNodeAtLocation(root, [name]) ?? root, l10n.t('"{0}" may not leave its folder ("..").', name)));
    }
  }
  if (problems.length > 0 || !entryScript) return { problems };
  return { config: { entryScript, sourceDirectory, condaFile, modelPath, ...(condaInline ? { condaInline } : {}) }, problems: [] };
}

/** Writes a new inferenceconfig.json for the answers the user gave (when the folder had none). */
export function newDeployConfigText(config: DeployConfig): string {
  const out: Record<string, unknown> = { entryScript: config.entryScript, sourceDirectory: config.sourceDirectory };
  if (config.condaFile) out.environment = { python: { userManagedDependencies: false, condaDependenciesFile: config.condaFile } };
  if (config.modelPath) out.modelPath = config.modelPath;
  return `${JSON.stringify(out, null, 2)}\n`;
}

function at(text: string, node: Node, message: string): ConfigProblem {
  return { message, ...lineColumnAt(text, node.offset) };
}

/** jsonc-parser's error codes, each a whole sentence. */
function describeParseError(code: string): string {
  const words: Record<string, () => string> = {
    InvalidSymbol: () => l10n.t('inferenceconfig.json is not valid JSON: unexpected character'),
    InvalidNumberFormat: () => l10n.t('inferenceconfig.json is not valid JSON: badly written number'),
    PropertyNameExpected: () => l10n.t('inferenceconfig.json is not valid JSON: a property name (in double quotes) is expected'),
    ValueExpected: () => l10n.t('inferenceconfig.json is not valid JSON: a value is expected'),
    ColonExpected: () => l10n.t('inferenceconfig.json is not valid JSON: a ":" is expected'),
    CommaExpected: () => l10n.t('inferenceconfig.json is not valid JSON: a "," is expected'),
    CloseBraceExpected: () => l10n.t('inferenceconfig.json is not valid JSON: a "}" is expected'),
    CloseBracketExpected: () => l10n.t('inferenceconfig.json is not valid JSON: a "]" is expected'),
    EndOfFileExpected: () => l10n.t('inferenceconfig.json is not valid JSON: text after the end of the object'),
    UnexpectedEndOfComment: () => l10n.t('inferenceconfig.json is not valid JSON: a comment is not closed'),
    UnexpectedEndOfString: () => l10n.t('inferenceconfig.json is not valid JSON: a string is not closed'),
    UnexpectedEndOfNumber: () => l10n.t('inferenceconfig.json is not valid JSON: a number is cut short'),
    InvalidUnicode: () => l10n.t('inferenceconfig.json is not valid JSON: bad \\u escape'),
    InvalidEscapeCharacter: () => l10n.t('inferenceconfig.json is not valid JSON: bad escape in a string'),
    InvalidCharacter: () => l10n.t('inferenceconfig.json is not valid JSON: invalid character in a string'),
  };
  // An unknown code (a newer jsonc-parser) is shown as the parser names it.
  return Object.prototype.hasOwnProperty.call(words, code) ? words[code]() : l10n.t('inferenceconfig.json is not valid JSON: {0}', code);
}

/** The strings inferenceconfig.json names. */
type ConfigString = 'entryScript' | 'sourceDirectory' | 'condaFile' | 'modelPath';

/** A named string that is empty or not a string, one sentence per key. */
const notAString: Record<ConfigString, (key: string) => string> = {
  entryScript: (key) => l10n.t('"{0}" must be a non-empty string (entry script, e.g. "score.py").', key),
  sourceDirectory: (key) => l10n.t('"{0}" must be a non-empty string (folder mounted at /var/azureml-app).', key),
  condaFile: (key) => l10n.t('"{0}" must be a non-empty string (conda environment file).', key),
  modelPath: (key) => l10n.t('"{0}" must be a non-empty string (model file or folder).', key),
};
