// Reads which files an Azure ML CLI v1 inferenceconfig.json names: the entry
// script and the conda environment file, as candidate paths relative to the
// inferenceconfig.json folder. Text in, data out; the glue checks existence.
import { parseJsonValue } from '../edits/jsonText';

/** Paths (relative to the inferenceconfig.json folder, in the order to try) of the files it names. */
export interface InferenceConfigFiles {
  entryScript: string[];
  condaFile: string[];
}

/**
 * Candidate paths of the entry script and conda file. `sourceDirectory`
 * prefixes both in CLI v1, but older files name them from the config's own
 * folder, so both spellings are returned. Broken JSON gives no candidates.
 */
export function inferenceConfigFiles(text: string): InferenceConfigFiles {
  const { value, errors } = parseJsonValue(text, { allowTrailingComma: true });
  const none = { entryScript: [], condaFile: [] };
  // Too large or too deep to read counts as broken: readDeployConfig says why when the file is used.
  if (!errors || errors.length > 0 || !value || typeof value !== 'object') return none;
  const cfg = value as Record<string, unknown>;
  const env = asObject(cfg.environment);
  const python = asObject(env?.python);
  const source = typeof cfg.sourceDirectory === 'string' ? cfg.sourceDirectory : '';
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const conda = str(python?.condaDependenciesFile) ?? str(cfg.condaFile);
  const entry = str(cfg.entryScript) ?? str(cfg.entry_script);
  const both = (p: string | undefined) => (p === undefined ? [] : unique([joinRelative(source, p), p]));
  return { entryScript: both(entry), condaFile: both(conda) };
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function joinRelative(dir: string, file: string): string {
  if (dir === '' || dir === '.' || file.startsWith('/')) return file;
  return `${dir.replace(/[\\/]+$/, '')}/${file}`;
}

function unique(list: string[]): string[] {
  return [...new Set(list.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '')))];
}
