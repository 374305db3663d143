// Recognises the ways init() fails to find the model: Model.get_model_path's
// own messages (azureml-core), and a file-not-found on what is plainly a
// model file or a path under the model directory; in an exception, or said
// in a log line with no traceback around it (Azure ML's own messages, an OS
// error init() caught and printed).
import type { Finding } from './finding';

const getModelPath = [
  /Model not found in cache or in root at\s*(\S+?)\.?\s+For more info/i,
  /Model not found in cache or in root at\s*(\S+)/i,
  /Dir (\S+) can contain only 1 file or folder/i,
  /ModelNotFound|No model found with name[:\s]+['"]?([\w.-]+)/i,
];
const fileNotFound = /No such file or directory:?\s*['"]([^'"]+)['"]/;
const modelExtensions = /\.(pkl|pickle|joblib|sav|onnx|pt|pth|h5|hdf5|keras|pb|tflite|bin|safetensors|ckpt|model|mlmodel|cbm|txt\.gz)$/i;

/** The missing model's name or path, when the exception says a model is missing. */
export function missingModel(exceptionType: string, message: string): { path?: string } | undefined {
  for (const re of getModelPath) {
    const m = re.exec(message);
    if (m) return { path: m[1] };
  }
  const base = exceptionType.split('.').pop() ?? exceptionType;
  if (!/^(FileNotFoundError|OSError|IOError|NotADirectoryError)$/.test(base)) return undefined;
  const f = fileNotFound.exec(message);
  if (!f) return undefined;
  const path = f[1];
  const name = path.split('/').pop() ?? path;
  if (path.includes('azureml-models') || modelExtensions.test(name) || /model/i.test(name)) return { path };
  return undefined;
}

// Azure ML v2 when the deployment names a model the workspace does not have.
const notRegistered = /Model container with name:? ['"]?([\w.-]+?)['"]? not found\.?/;
// An OS error on a file under azureml-models/<name>/<version>/, the registered model's folder.
const modelFileError = /\[Errno 2\] No such file or directory: '(([^']*\/azureml-models\/([^/']+)\/[^/']+)\/[^']+)'/;

/**
 * The model-not-found findings a text states outside any traceback: the
 * service's "Model container ... not found", Model.get_model_path's own
 * message, an [Errno 2] on a file of the registered model's folder.
 */
export function modelMessages(text: string): Finding[] {
  const out: Finding[] = [];
  const registered = notRegistered.exec(text);
  if (registered) out.push({ code: 'model-not-found', reason: 'model-message', detail: registered[0], data: { model: registered[1], evidence: registered[0] } });
  const cache = getModelPath.slice(0, 2).map((re) => re.exec(text)).find((m) => m);
  if (cache) out.push({ code: 'model-not-found', reason: 'model-message', detail: cache[0], data: { phase: 'init', evidence: cache[0].trim() } });
  const file = modelFileError.exec(text);
  if (file) out.push({ code: 'model-not-found', reason: 'model-file-missing', detail: file[0], data: { phase: 'init', path: file[1], model: file[3], evidence: file[0] } });
  return out;
}
