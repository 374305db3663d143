// The labels `az ml online-deployment create --local` puts on the container
// of a local Azure ML v2 deployment (azure-sdk-for-python,
// azure/ai/ml/_local_endpoints/docker_client.py): how a container is known
// as "endpoint / deployment", by the CLI and by this extension alike, and
// which scoring script it runs.
import { scriptInFolder } from '../azure/codeFolder';

/** The labels the CLI puts on a local deployment's container. */
export const CliLabels = {
  /** Present (empty value) on every local endpoint container. */
  localEndpoint: 'azureml-local-endpoint',
  endpoint: 'endpoint',
  deployment: 'deployment',
  /** The endpoint entity as JSON (at least `{"name": ...}`). */
  endpointData: 'endpoint-data',
  /** The deployment entity as JSON, which `az ml online-deployment list --local` loads back. */
  deploymentData: 'deployment-data',
  /** The container port the scoring server listens on. */
  port: 'azureml-port',
} as const;

/** The endpoint and deployment a container's CLI labels name, or undefined for any other container. */
export function localEndpointOf(labels: Record<string, string> | undefined | null): { endpoint: string; deployment: string } | undefined {
  if (!labels || !(CliLabels.localEndpoint in labels)) return undefined;
  const endpoint = labels[CliLabels.endpoint];
  return endpoint ? { endpoint, deployment: labels[CliLabels.deployment] ?? '' } : undefined;
}

/**
 * code_configuration.scoring_script of the deployment a container's CLI
 * labels carry (relative to its code folder, `/` separated), or undefined
 * when they name none or a path outside the code folder.
 */
export function scoringScriptOf(labels: Record<string, string> | undefined | null): string | undefined {
  if (!localEndpointOf(labels)) return undefined;
  try {
    const data = JSON.parse(labels![CliLabels.deploymentData] ?? '') as { code_configuration?: { scoring_script?: unknown } } | null;
    const script = data?.code_configuration?.scoring_script;
    return typeof script === 'string' ? scriptInFolder(script) : undefined;
  } catch {
    // A label someone else wrote, not JSON: no script named.
    return undefined;
  }
}
