// The inference image the product starts when nothing names another: the
// real Azure ML minimal image. One constant, read by the settings' defaults,
// the debug launch host and (through a unit test) package.json's defaults.

/** Default of azuremlDebug.debug.image and azuremlDebug.deploy.baseImage. */
export const DEFAULT_INFERENCE_IMAGE = 'mcr.microsoft.com/azureml/minimal-py312-inference:latest';
