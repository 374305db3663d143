// Reads "No module named 'x'" and names the pip package that provides the
// import, because the import name and the package name often differ
// (sklearn is scikit-learn, cv2 is opencv-python-headless, PIL is pillow).

/** Import names whose pip package is named differently; dotted keys win over their top level. */
const packageOf: Record<string, string> = {
  sklearn: 'scikit-learn',
  cv2: 'opencv-python-headless',
  PIL: 'pillow',
  yaml: 'pyyaml',
  skimage: 'scikit-image',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  attr: 'attrs',
  Crypto: 'pycryptodome',
  jwt: 'pyjwt',
  magic: 'python-magic',
  docx: 'python-docx',
  pptx: 'python-pptx',
  serial: 'pyserial',
  usb: 'pyusb',
  OpenSSL: 'pyopenssl',
  MySQLdb: 'mysqlclient',
  psycopg2: 'psycopg2-binary',
  fitz: 'pymupdf',
  Levenshtein: 'python-levenshtein',
  google: 'protobuf',
  'google.protobuf': 'protobuf',
  'google.cloud.storage': 'google-cloud-storage',
  tensorflow_hub: 'tensorflow-hub',
  tflite_runtime: 'tflite-runtime',
  sentence_transformers: 'sentence-transformers',
  inference_schema: 'inference-schema',
  onnxruntime: 'onnxruntime',
  lightgbm: 'lightgbm',
  xgboost: 'xgboost',
  torch: 'torch',
  torchvision: 'torchvision',
  azureml: 'azureml-defaults',
  'azureml.core': 'azureml-core',
  'azureml.contrib.services': 'azureml-contrib-services',
  'azureml.monitoring': 'azureml-monitoring',
  'azureml.automl': 'azureml-automl-runtime',
  'azureml.train.automl': 'azureml-train-automl-runtime',
  'azure.storage.blob': 'azure-storage-blob',
  'azure.identity': 'azure-identity',
  'azure.keyvault.secrets': 'azure-keyvault-secrets',
  'azure.ai.ml': 'azure-ai-ml',
  'azure.ai.ml.entities': 'azure-ai-ml',
  win32api: 'pywin32',
  zmq: 'pyzmq',
  git: 'gitpython',
  websocket: 'websocket-client',
  Bio: 'biopython',
  sentencepiece: 'sentencepiece',
};

/** The import and its package, from an exception text; `undefined` if it is not a missing module. */
export interface MissingModule {
  /** The dotted name Python could not import (`sklearn`, `azureml.core`). */
  module: string;
  /** The pip package to add. */
  package: string;
}

const noModule = /No module named ['"]?([A-Za-z_][\w.]*)['"]?/;

/** The pip package that provides an import (dotted names fall back to their parents). */
export function packageForImport(module: string): string {
  const parts = module.split('.');
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    if (key in packageOf) return packageOf[key];
  }
  return parts[0].replace(/_/g, '-').toLowerCase();
}

/** Recognises `ModuleNotFoundError: No module named 'x'` (and the ImportError form). */
export function missingModule(exceptionType: string, message: string): MissingModule | undefined {
  const base = exceptionType.split('.').pop() ?? exceptionType;
  if (base !== 'ModuleNotFoundError' && base !== 'ImportError') return undefined;
  const m = noModule.exec(message);
  if (!m) return undefined;
  // A missing C extension inside an installed package is a broken install, not a missing package.
  if (/\._|\.core\._multiarray/.test(m[1])) return undefined;
  return { module: m[1], package: packageForImport(m[1]) };
}
