// The lazily loaded Docker bundle (dist/docker.js): everything that needs
// dockerode. Only src/docker/lazy.ts requires it, on first use.
export { createDockerClient, closeDockerClient } from './engineClient';
export { EngineWatcher, type EngineWatcherOptions } from './engineWatcher';
export { createDebuggeeHosts } from './debugHosts';
export { ensureBootstrapFolder, BOOTSTRAP_MOUNT, LISTEN_ENV } from './debugBootstrap';
export { listDebugContainers, removeContainers } from './debugDocker';
export { ensureImage, imageIdIfPresent, pullImage, ImagePullError, type EnsuredImage, type PullOptions } from './imagePull';
export { buildImage, probeBaseImage, requireImage, ImageBuildError, type BuiltImage } from './localImageBuild';
export { deleteService, freePort, healthOk, listLocalServices, reloadService, runService, waitHealthy, type HealthResult } from './localService';
export { deployLocal, updateLocal, loadDeployment, defaultServiceName, makeSourceReadable, DeployInputError, UnreadableSourceError, type DeployHooks, type DeployOutcome, type DeploySettings } from './localDeploy';
export { saveWithMounts, SAVED_FROM_LABEL, type SavedImage } from './saveAsImage';
