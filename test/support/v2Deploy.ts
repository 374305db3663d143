// Deploy Locally's settings for an Azure ML v2 deployment.yml in the
// integration tier: the v2 road builds on environment.image (the base image
// setting is never used), the inference server comes with that image, and
// each test file asks for a host port of its own.
import type { DeploySettings } from '../../src/docker/client/localDeploy';

/** The settings a v2 deploy test runs with, publishing the scoring port on `port` (127.0.0.1). */
export function v2DeploySettings(port: number): DeploySettings {
  return {
    baseImage: 'azureml-debug/not-used-by-v2:1',
    providedPackages: ['azureml-defaults', 'azureml-inference-server-http'],
    port,
    healthTimeoutMs: 60_000,
    extraLabels: { 'com.azureml-debug.test': '1' },
  };
}
