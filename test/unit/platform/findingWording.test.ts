// Every crash cause is worded from Strings: the core's findings carry a
// reason and data, and each reason found in the corpus reads as a whole
// sentence with its particulars filled in (no "undefined", no "{0}").
import * as assert from 'node:assert/strict';
import { analyze, type Finding, type FindingReason } from '../../../src/core/crash/crashCauses';
import { findingMessage, wordedEnd } from '../../../src/platform/findingWording';
import { containerEnd } from '../../../src/core/crash/runitExit';
import { deploymentErrorCodes } from '../../../src/core/crash/deploymentErrors';
import { loadCorpus } from '../core/crash/crashCorpus';

describe('findingWording', () => {
  const found: Finding[] = loadCorpus().flatMap((c) => analyze(c.input, { appRoot: '/var/azureml-app/' }));
  // The HTTP answers and exit codes the corpus has no log of.
  found.push(...analyze({ httpStatus: 503 }), ...analyze({ httpStatus: 504 }), ...analyze({ httpStatus: 502, httpBody: 'bad gateway' }));
  for (const code of [94, 95, 96, 97, 98, 99]) found.push(...analyze({ exitCode: code }));
  // The local front door's 408, and a model download refused in a pod's init container.
  found.push(...analyze({ httpStatus: 408, httpBody: 'Request timed out after 5000 ms (request_settings.request_timeout_ms).' }));
  found.push(...analyze({ logs: 'x HTTP Status Code=403, Message=This request is not authorized to perform this operation., Headers={}', initContainer: 'storage-initializer', exitCode: 1 }));
  // A readiness probe that keeps failing, and get_model_path's message in a line of its own.
  found.push(...analyze({ events: ['Unhealthy (x4): Readiness probe failed: HTTP probe failed with statuscode: 502'] }));
  found.push(...analyze({ logs: 'Model not found in cache or in root at ./model.pkl. For more info,set logging level to DEBUG.' }));
  // Every deployment error code Azure ML v2 reports, as the CLI prints one.
  for (const error of deploymentErrorCodes) found.push(...analyze({ logs: `ERROR: (${error}) The deployment failed.` }));
  // A failed boot whose traceback was cut off, and workers replaced during init() (as in crashCauses.test).
  const gunicorn = (pid: number, text: string) => `[2024-01-09 09:31:41 +0000] [${pid}] [INFO] ${text}`;
  found.push(...analyze({ logs: [gunicorn(8, 'Worker exiting (pid: 8)'), gunicorn(1, 'Shutting down: Master'), gunicorn(1, 'Reason: Worker failed to boot.')].join('\n'), exitCode: 3 }));
  const init = "2024-01-09 09:31:41,603 | root | INFO | Invoking user's init function";
  found.push(...analyze({ logs: [gunicorn(1, 'Starting gunicorn 20.1.0'), gunicorn(7, 'Booting worker with pid: 7'), init, gunicorn(8, 'Booting worker with pid: 8'), init, gunicorn(9, 'Booting worker with pid: 9'), init].join('\n') }));

  it('words every finding of the corpus whole: no empty text, no unfilled or undefined part', () => {
    assert.ok(found.length > 40, `${found.length} findings`);
    for (const f of found) {
      const text = findingMessage(f);
      assert.ok(text.length > 20, `${f.reason}: ${text}`);
      assert.doesNotMatch(text, /undefined|\{\d\}|NaN/, `${f.reason}: ${text}`);
    }
  });

  it('reaches every reason there is, so none goes unworded', () => {
    const reasons = new Set<FindingReason>(found.map((f) => f.reason));
    const all: FindingReason[] = ['raised', 'no-module', 'model-missing', 'scoring-timeout', 'worker-timeout', 'boot-failed-untraced', 'worker-killed', 'worker-reboots',
      'start-script', 'container-oom', 'image-pull', 'schedule-timeout', 'insufficient', 'keyvault', 'overloaded', 'http-timeout', 'http-run-crashed', 'crash-loop',
      'config-error', 'script-not-found', 'code-missing', 'no-function', 'deployment-error', 'insufficient-sku', 'overloaded-body', 'probe-failed',
      'model-message', 'model-file-missing', 'no-ready-replicas', 'request-timeout', 'model-download'];
    assert.deepEqual(all.filter((r) => !reasons.has(r)), []);
  });

  it('words each deployment error by what it means, naming the code', () => {
    const says = (error: string, ...words: string[]) => {
      const text = findingMessage(analyze({ logs: `ERROR: (${error}) The deployment failed.` })[0]);
      for (const w of [error, ...words]) assert.ok(text.includes(w), `${error}: "${w}" not in: ${text}`);
    };
    says('OutOfQuota', 'no quota or capacity', 'instance_type × instance_count');
    says('ACRSecretError', 'no credentials', 'registry');
    says('SecretsInjectionError', 'secrets could not be injected', 'environment_variables');
    says('BadArgument', 'refused an argument', 'AcrPull');
    says('ResourceNotFound', 'cannot find a resource', 'private registry');
    says('OperationCanceled', 'canceled the operation', 'run it again');
    says('InternalServerError', 'on its own side', 'support request');
    // A code that covers many causes quotes Azure's message, which names the one it is.
    const [rejected] = analyze({ logs: 'ERROR: (BadArgument) Subscription 0000 does not exist.' });
    assert.ok(findingMessage(rejected).includes('(BadArgument: Subscription 0000 does not exist.)'), findingMessage(rejected));
    // The codes these share keep their own words.
    says('PodUnschedulable', 'No node can take');
    says('ImagePullLoopBackOff', 'cannot pull the deployment\'s image');
  });

  it('keeps the user\'s own exception text and places it', () => {
    const [f] = analyze({ logs: ['Traceback (most recent call last):', '  File "/var/azureml-app/score.py", line 7, in init', "ValueError: weights don't sum to 1"].join('\n') });
    assert.equal(findingMessage(f), "ValueError: weights don't sum to 1 (raised in init() at score.py:7)");
  });

  it('words a start script\'s exit for a debug session', () => {
    const end = wordedEnd(containerEnd(111, ['2026-11-29T15:47:00,884699909+00:00 - gunicorn/finish 96 0']));
    assert.equal(end.exitCode, 96);
    assert.match(end.cause ?? '', /inference server is not installed.*exit code 96/);
  });
});
