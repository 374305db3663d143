// Recognises the ways init() fails to find the model: Model.get_model_path's
// own messages (azureml-core), and a file-not-found on what is plainly a
// model file or a path under the model directory.

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
