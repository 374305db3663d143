// Where Azure ML images keep the user's app (their AML_APP_ROOT): the folder
// a deployment's source is mounted at and score.py's frames are reported
// from. One constant for the mounts, the path mappings and the crash analysis.

/** The app folder inside an Azure ML inference container. */
export const APP_ROOT = '/var/azureml-app';
