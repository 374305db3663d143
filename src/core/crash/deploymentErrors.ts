// Azure ML v2's deployment error codes, as a user pastes them from `az ml
// online-deployment create` / `show` / `get-logs` or the portal: `ERROR:
// (Code) message`, `Code: Code`, `Code: message`, or the service's JSON
// (`"code": "Code"`). Each maps to the finding code of the failure it names.
import type { Finding, FindingCode, FindingData } from './finding';

/** The finding codes a deployment error maps to; platform/findingWording words each one. */
export type DeploymentFindingCode = Extract<
  FindingCode,
  | 'image-build' | 'crash-loop' | 'init-failed' | 'function-not-found' | 'insufficient-resources' | 'oom-killed' | 'image-pull' | 'keyvault-access'
  | 'deployment-rejected' | 'azure-side'
>;

/** What each deployment error means in finding terms (the troubleshooting page's sections). */
const meanings: Readonly<Record<string, { code: DeploymentFindingCode; data?: FindingData }>> = {
  ImageBuildFailure: { code: 'image-build' },
  // No quota or capacity left for the VM size times the instance count (on Kubernetes: no room on
  // the nodes); the same remedy family as a pod no node can take, so the same code.
  OutOfQuota: { code: 'insufficient-resources', data: { yamlKeys: ['instance_type', 'instance_count'] } },
  // An argument Azure ML cannot use (the subscription, the identity's roles, a policy, an image or model
  // not where the deployment says, requests above limits): no container ran, and the message says which.
  BadArgument: { code: 'deployment-rejected' },
  ResourceNotReady: { code: 'crash-loop' },
  // Resource Manager cannot find something the deployment names, or the image's registry is private.
  ResourceNotFound: { code: 'deployment-rejected' },
  // Canceled for a higher-priority operation or while another held the lock: run it again.
  OperationCanceled: { code: 'azure-side' },
  // The endpoint's identity could not read the secrets its environment variables refer to (from
  // workspace connections or key vaults), or a reference is wrong: a secret store refused access.
  SecretsInjectionError: { code: 'keyvault-access', data: { yamlKeys: ['environment_variables'] } },
  InternalServerError: { code: 'azure-side' },
  // The cluster got no credentials for the workspace's registry: an image pull the registry refused,
  // not a missing image, so the wording points at roles, the extension and the network.
  ACRSecretError: { code: 'image-pull', data: { registryAuth: true } },
  UserScriptInitFailed: { code: 'init-failed', data: { phase: 'init' } },
  UserScriptImportError: { code: 'init-failed', data: { phase: 'init', during: 'import' } },
  UserScriptFunctionNotFound: { code: 'function-not-found', data: { phase: 'init' } },
  PodUnschedulable: { code: 'insufficient-resources' },
  PodOutOfMemory: { code: 'oom-killed' },
  ImagePullLoopBackOff: { code: 'image-pull' },
  DeploymentCrashLoopBackOff: { code: 'crash-loop' },
  KubernetesCrashLoopBackOff: { code: 'crash-loop' },
};

/** The deployment error codes the findings know, as Azure ML prints them. */
export const deploymentErrorCodes: readonly string[] = Object.keys(meanings);

const codes = deploymentErrorCodes.join('|');
// A code where the CLI puts one: `(Code) message`, `ERROR: (None) Code: message`, `Code: Code`, or `Code:` opening a line.
const printed = new RegExp(`(?:\\(|\\bCode: |^|ERROR: (?:\\(\\w+\\) )?)(${codes})\\b\\)?:?[ \\t]*([^\\n]*)`, 'gm');
// The service's JSON: `"code": "Code"`, its message beside it (on the same line or the next).
const json = new RegExp(`"code":\\s*"(${codes})"(?:\\s*,\\s*"message":\\s*"((?:[^"\\\\]|\\\\.)*)")?`, 'g');

/** The build log an ImageBuildFailure names (`under the path "/azureml/ImageLogs/<id>/build.log"`). */
function buildLog(text: string): string | undefined {
  return /under the path "([^"]+)"/.exec(text)?.[1];
}

/**
 * The findings of the deployment errors a text names, in the order first
 * named, once per error code; the message after a code is kept as evidence.
 */
export function deploymentErrorFindings(text: string): Finding[] {
  const seen = new Map<string, string>();
  const found = [...text.matchAll(printed), ...text.matchAll(json)].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  for (const m of found) {
    const message = (m[2] ?? '').trim();
    const known = seen.get(m[1]);
    // `Code: X` lines carry no message; the `(X) message` line or the JSON's message does.
    if (known === undefined || (!known && message)) seen.set(m[1], message);
  }
  return [...seen].map(([error, message]) => {
    const { code, data } = meanings[error];
    const path = error === 'ImageBuildFailure' ? buildLog(text) : undefined;
    return { code, reason: 'deployment-error', detail: message || error, data: { ...data, deploymentError: error, ...(message ? { evidence: message } : {}), ...(path ? { path } : {}) } };
  });
}
