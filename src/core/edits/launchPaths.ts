// The paths of an `azureml` launch, checked once VS Code has substituted its
// variables (`${workspaceFolder}`, `${workspaceFolder:name}`, `${file}`,
// `${env:...}`, `${config:...}`): a relative app folder is taken from the
// configuration's workspace folder, and the entry script must be in it.
import * as path from 'node:path';

/** What a launch names, after substitution. */
export interface LaunchPathsInput {
  appFolder: string;
  entryScript: string;
  /** The workspace folder the configuration belongs to, if any. */
  folder?: string;
}

/** The absolute app folder, or why the launch cannot start. */
export type LaunchPaths =
  | { ok: true; appFolder: string; entryScript: string }
  | { ok: false; problem: 'unsubstituted'; variable: string }
  | { ok: false; problem: 'noEntryScript'; appFolder: string; entryScript: string };

const VARIABLE = /\$\{[^}]*\}/;

/** Checks `input` with `isFile` (a file exists at an absolute path). */
export function checkLaunchPaths(input: LaunchPathsInput, isFile: (p: string) => boolean): LaunchPaths {
  for (const value of [input.appFolder, input.entryScript]) {
    // Left when VS Code had nothing to put there (e.g. a variable of an extension that is not installed).
    const left = VARIABLE.exec(value)?.[0];
    if (left) return { ok: false, problem: 'unsubstituted', variable: left };
  }
  const appFolder = path.resolve(input.folder ?? '', input.appFolder);
  if (!isFile(path.join(appFolder, input.entryScript))) return { ok: false, problem: 'noEntryScript', appFolder, entryScript: input.entryScript };
  return { ok: true, appFolder, entryScript: input.entryScript };
}
