// Where Azure ML images keep the user's app (their AML_APP_ROOT): the folder
// a deployment's source is mounted at and score.py's frames are reported
// from. One constant for the mounts, the path mappings and the crash analysis,
// and one answer to "is this file the server's?", for the log panel (which
// links the user's frames only) and crash analysis (which blames them only).

/** The app folder inside an Azure ML inference container. */
export const APP_ROOT = '/var/azureml-app';

/** Where the server runs a scoring script from: its AML_APP_ROOT and AZUREML_ENTRY_SCRIPT. */
export interface ScriptRoot {
  /** AML_APP_ROOT: the script's own folder in the container, no trailing slash. */
  appRoot: string;
  /** AZUREML_ENTRY_SCRIPT: the script's file name. */
  entryScript: string;
}

/**
 * How Azure ML v2 runs `script` (relative to the code folder, `/` or `\`
 * separated) of a code folder mounted at `codeRoot`: from the script's own
 * folder, so that modules beside it import (the server puts AML_APP_ROOT on
 * sys.path and starts in it), under its file name. One rule for the local
 * deployment's container and the debug container started from it or from
 * the workspace.
 */
export function scriptRoot(codeRoot: string, script: string): ScriptRoot {
  const parts = script.split(/[\\/]+/).filter((p) => p && p !== '.');
  const entryScript = parts.pop() ?? '';
  return { appRoot: [codeRoot.replace(/\/+$/, ''), ...parts].join('/'), entryScript };
}

// Server files that old v1 images (2019) put in the app root itself, beside
// the user's files; `main.py` is also the server's copy of the entry script.
const serverFilesInAppRoot = new Set(['main.py', 'aml_blueprint.py', 'aml_logger.py', 'create_app.py', 'wsgi.py', 'app.py', 'aml_framework.py']);

/**
 * True for a file of the inference server, not the user's: one of its files
 * in the app root `root`, the v1 server folder, or the azmlinfsrv package.
 */
export function isServerPath(path: string, root: string = APP_ROOT): boolean {
  const r = root.endsWith('/') ? root : `${root}/`;
  if (path.startsWith(r) && serverFilesInAppRoot.has(path.slice(r.length))) return true;
  return path.startsWith('/var/azureml-server/') || path.includes('azureml_inference_server_http');
}
