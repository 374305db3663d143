// The sample the host tests and the demo will show: one subscription and
// workspace holding an online endpoint with a healthy deployment and a
// crash-looping one, each backed by a real container of the inference image
// running a repository app, and a failed v1 ACI service. Returns the resource
// ids and a cleanup that removes the containers.
import { join } from 'node:path';
import { SAMPLE_IMAGE, docker, uniqueName } from '../docker';
import { containerBacking } from './backing';
import type { AzureTestServer } from './server';

/** The conda file of the seeded environments: what the inference image already holds. */
const SAMPLE_CONDA = 'name: model-env\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.12\n  - pip\n  - pip:\n      - azureml-inference-server-http\n';

/** What {@link seedSample} made. */
export interface AzureSample {
  subscriptionId: string;
  workspaceId: string;
  endpointId: string;
  /** Docker container names behind the deployments. */
  containers: { healthy: string; crashing: string };
  /** Removes the containers. */
  remove(): Promise<void>;
}

/** A container of the inference image running `appFolder` mounted at /var/azureml-app, as the k8s sample runs it. */
async function runApp(appFolder: string, name: string, labels: string[]): Promise<string> {
  await docker('run', '-d', '--name', name, ...labels.flatMap((l) => ['--label', l]),
    '-v', `${appFolder}:/var/azureml-app:ro`, '-p', '127.0.0.1::5001',
    '-e', 'AZUREML_ENTRY_SCRIPT=score.py', '-e', 'AZUREML_MODEL_DIR=/var/azureml-app', '-e', 'AML_APP_ROOT=/var/azureml-app',
    SAMPLE_IMAGE);
  return name;
}

/**
 * Seeds `server`: subscription "Azure ML test subscription", workspace
 * `sample-ws` in `sample-rg`, endpoint `sample-endpoint` (100% to `healthy`,
 * key auth) with deployments `healthy` (the repository's sample app) and
 * `crashloop` (test/fixtures/apps/init-raises; provisioningState Failed, as a
 * create whose container never became ready ends), and ACI service
 * `aci-failed` (state Failed, error CrashLoopBackOff as azureml-core reports it).
 */
export async function seedSample(server: AzureTestServer, repo: string, labels: string[]): Promise<AzureSample> {
  const subscriptionId = '5f0c8d5e-3b1a-4c2e-9a57-0d1e2f3a4b5c';
  server.addSubscription(subscriptionId, 'Azure ML test subscription');
  const workspaceId = server.addWorkspace(subscriptionId, 'sample-rg', 'sample-ws', 'eastus2');
  const endpointId = server.addEndpoint(workspaceId, 'sample-endpoint', { authMode: 'Key', traffic: { healthy: 100, crashloop: 0 } });
  const healthy = await runApp(join(repo, 'sample'), uniqueName('azure-healthy'), labels);
  const crashing = await runApp(join(repo, 'test/fixtures/apps/init-raises'), uniqueName('azure-crashloop'), labels);
  // The environments the deployments name (`<deployment>-env`, version 1): the image they run, and a conda file it already satisfies.
  for (const name of ['healthy', 'crashloop']) server.addEnvironment(workspaceId, `${name}-env`, '1', { image: SAMPLE_IMAGE, condaFile: SAMPLE_CONDA });
  server.addDeployment(endpointId, 'healthy', { provisioningState: 'Succeeded' }, containerBacking(healthy, 'Model download completed\n'));
  server.addDeployment(endpointId, 'crashloop', { provisioningState: 'Failed' }, containerBacking(crashing, 'Model download completed\n'));
  server.addAciService(workspaceId, 'aci-failed', {
    state: 'Failed',
    error: { code: 'KubernetesDeploymentFailed', message: 'Your container application crashed. This may be caused by errors in your scoring file\'s init() function.' },
  }, "2022-09-21 13:13:48,238 | root | INFO | Invoking user's init function\n2022-09-21 13:13:48,240 | root | ERROR | User's init function failed\n");
  return {
    subscriptionId, workspaceId, endpointId, containers: { healthy, crashing },
    remove: async () => {
      await docker('rm', '-f', healthy, crashing).catch(() => undefined);
    },
  };
}
