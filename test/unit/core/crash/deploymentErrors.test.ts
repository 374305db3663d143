// Azure ML v2's deployment error codes: each maps to the finding code of the
// failure it names, in every way a user pastes one, and gives way to what the
// logs say more precisely.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../../src/core/crash/crashCauses';
import { deploymentErrorFindings } from '../../../../src/core/crash/deploymentErrors';

describe('deploymentErrors', () => {
  it('maps each code to the failure it names', () => {
    const expected: [string, string][] = [
      ['ImageBuildFailure', 'image-build'], ['ResourceNotReady', 'crash-loop'], ['UserScriptInitFailed', 'init-failed'],
      ['UserScriptImportError', 'init-failed'], ['UserScriptFunctionNotFound', 'function-not-found'], ['PodUnschedulable', 'insufficient-resources'],
      ['PodOutOfMemory', 'oom-killed'], ['ImagePullLoopBackOff', 'image-pull'], ['DeploymentCrashLoopBackOff', 'crash-loop'], ['KubernetesCrashLoopBackOff', 'crash-loop'],
      ['OutOfQuota', 'insufficient-resources'], ['SecretsInjectionError', 'keyvault-access'], ['ACRSecretError', 'image-pull'],
      ['BadArgument', 'deployment-rejected'], ['ResourceNotFound', 'deployment-rejected'], ['OperationCanceled', 'azure-side'], ['InternalServerError', 'azure-side'],
    ];
    for (const [error, code] of expected) {
      const [f] = analyze({ logs: `ERROR: (${error}) The deployment failed.` });
      assert.deepEqual([f.code, f.reason, f.data?.deploymentError], [code, 'deployment-error', error], error);
    }
    assert.equal(analyze({ logs: 'ERROR: (UserScriptImportError) x' })[0].data?.during, 'import');
  });

  it('says which deployment.yml keys a quota or a secret is about, and that the registry refused the pull', () => {
    // As the CLI prints them, and as the service's JSON (details of a BadRequest) carries them.
    const quota = analyze({ logs: 'ERROR: (OutOfQuota) Not enough quota available for Standard_F4s_v2 in the subscription.' })[0];
    assert.deepEqual([quota.code, quota.data?.yamlKeys, quota.data?.evidence], ['insufficient-resources', ['instance_type', 'instance_count'], 'Not enough quota available for Standard_F4s_v2 in the subscription.']);
    const secrets = analyze({ logs: '{"error": {"code": "BadRequest", "details": [{"code": "SecretsInjectionError", "message": "no permission to read the secret"}]}}' })[0];
    assert.deepEqual([secrets.code, secrets.data?.yamlKeys, secrets.data?.evidence], ['keyvault-access', ['environment_variables'], 'no permission to read the secret']);
    const pull = analyze({ logs: 'Code: ACRSecretError\nMessage: failed to get the registry secret' })[0];
    assert.deepEqual([pull.code, pull.data?.registryAuth], ['image-pull', true]);
    // An image that cannot be pulled for any other reason says nothing about credentials.
    assert.equal(analyze({ logs: 'ERROR: (ImagePullLoopBackOff) x' })[0].data?.registryAuth, undefined);
    // On Kubernetes, OutOfQuota carries the scheduler's verdict; one it cannot read leaves the quota finding.
    const k8s = analyze({ logs: 'ERROR: (None) OutOfQuota: Kubernetes unschedulable. Details:0/1 nodes are available: 1 Too many pods.' });
    assert.deepEqual(k8s.map((f) => [f.code, f.data?.deploymentError]), [['insufficient-resources', 'OutOfQuota']]);
  });

  it('reads a code however it is printed, once, with the message beside it', () => {
    for (const text of [
      'ERROR: (None) PodOutOfMemory: the memory limit is too low',
      '(PodOutOfMemory) the memory limit is too low\nCode: PodOutOfMemory\nMessage: the memory limit is too low',
      '{"code": "PodOutOfMemory", "message": "the memory limit is too low"}',
      '"details": [\n  {\n    "code": "PodOutOfMemory",\n    "message": "the memory limit is too low"\n  }\n]',
    ]) {
      const found = deploymentErrorFindings(text);
      assert.deepEqual(found.map((f) => [f.data?.deploymentError, f.data?.evidence]), [['PodOutOfMemory', 'the memory limit is too low']], text);
    }
    // A code's name inside a longer word or a sentence is no code.
    assert.deepEqual(deploymentErrorFindings('see NotAPodOutOfMemoryError and the ResourceNotReadyHandler'), []);
  });

  it('gives way to the logs: a traceback of init() says more than UserScriptInitFailed', () => {
    const logs = [
      'ERROR: (UserScriptInitFailed) init failed',
      'Traceback (most recent call last):',
      '  File "/var/azureml-app/score.py", line 7, in init',
      "KeyError: 'scaler'",
    ].join('\n');
    const found = analyze({ logs });
    assert.deepEqual(found.map((f) => [f.code, f.reason]), [['init-failed', 'raised']]);
    // And a cause it names itself explains the crash loop beside it.
    assert.deepEqual(analyze({ logs: 'Code: UserScriptInitFailed\nCode: KubernetesCrashLoopBackOff' }).map((f) => f.code), ['init-failed']);
  });

  it('says Azure failed on its own side only when nothing else explains the failure', () => {
    assert.deepEqual(analyze({ logs: '{"code": "InternalServerError", "message": "An internal server error occurred."}' }).map((f) => f.code), ['azure-side']);
    assert.deepEqual(analyze({ logs: 'ERROR: (InternalServerError) x\nCode: ImageBuildFailure' }).map((f) => f.code), ['image-build']);
    const logs = ['ERROR: (OperationCanceled) x', 'Traceback (most recent call last):', '  File "/var/azureml-app/score.py", line 7, in init', "KeyError: 'scaler'"].join('\n');
    assert.deepEqual(analyze({ logs }).map((f) => f.code), ['init-failed']);
  });
});
