// The inference server's verdicts before init() runs, in the shapes the
// corpus does not carry: newer azmlinfsrv wording, a config file it cannot
// read, a script without run(), an app folder that is not there.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../../src/core/crash/crashCauses';
import { findingMessage } from '../../../../src/platform/findingWording';

const boot = [
  '2026-12-02 09:14:02,801 I [10] gunicorn.error - Starting gunicorn 23.0.0',
  '2026-12-02 09:14:02,830 I [25] gunicorn.error - Booting worker with pid: 25',
];
const failed = [
  '2026-12-02 09:14:03,418 I [25] gunicorn.error - Worker exiting (pid: 25)',
  '2026-12-02 09:14:03,712 E [10] gunicorn.error - Reason: Worker failed to boot.',
];
const log = (...lines: string[]) => [...boot, ...lines, ...failed].join('\n');

describe('scriptLoad: what the server says before init() runs', () => {
  it('reads newer azmlinfsrv\'s "Scoring script not found" without a traceback', () => {
    const found = analyze({ logs: log(
      '2026-12-02 09:14:03,409 E [25] azmlinfsrv - Scoring script not found. No such file or directory.',
      '2026-12-02 09:14:03,409 E [25] azmlinfsrv - Expected script to be found in: /var/azureml-app/src/score.py',
    ) });
    assert.deepEqual(found.map((f) => [f.code, f.reason, f.data?.path]), [['server-config', 'script-not-found', '/var/azureml-app/src/score.py']]);
  });

  it('reads a config file the server could not parse from its traceback', () => {
    const found = analyze({ logs: log(
      '2026-12-02 09:14:03,367 C [25] azmlinfsrv - Invalid config file!: Traceback (most recent call last):',
      '  File "/opt/env/lib/python3.12/site-packages/azureml_inference_server_http/server/config.py", line 83, in get_field_value',
      '    file_content_json = json.load(fp)',
      'json.decoder.JSONDecodeError: Expecting \',\' delimiter: line 3 column 5 (char 41)',
    ) });
    assert.deepEqual(found.map((f) => [f.code, f.reason]), [['server-config', 'config-error']]);
    assert.match(findingMessage(found[0]), /could not read its config file.*Expecting ',' delimiter/);
  });

  it('names run() when the script lacks it, and places the finding on the script', () => {
    const [f] = analyze({ logs: log(
      '2026-12-02 09:14:03,412 E [25] azmlinfsrv - Traceback (most recent call last):',
      '  File "/opt/env/lib/python3.12/site-packages/azureml_inference_server_http/server/user_script.py", line 90, in load_script',
      'azureml_inference_server_http.server.user_script.UserScriptError: User script at /var/azureml-app/src/score.py does not have a run() function defined.',
    ) });
    assert.deepEqual([f.code, f.data?.function, f.location], ['function-not-found', 'run', { path: '/var/azureml-app/src/score.py', line: 1 }]);
    assert.equal(findingMessage(f), 'score.py defines no run() function: the inference server needs both init() and run().');
  });

  it('takes an app folder that is not there for code that never arrived, and a listing with code for a missing main.py', () => {
    const gone = analyze({ logs: log('2026-12-02 09:14:03,409 E [25] azmlinfsrv - The directory /var/azureml-app not an accessible directory in the container.') });
    assert.deepEqual(gone.map((f) => [f.code, f.reason, f.data?.path]), [['server-config', 'code-missing', '/var/azureml-app']]);
    const other = analyze({ logs: log("2026-12-02 09:14:03,409 E [25] azmlinfsrv - Current contents of AML_APP_ROOT: ['conda.yml', 'score.py']") });
    assert.deepEqual(other.map((f) => [f.reason, f.data?.path]), [['script-not-found', '/var/azureml-app/main.py']]);
  });

  it('explains a crash loop, so the loop is not reported beside it', () => {
    const found = analyze({ logs: log('2026-12-02 09:14:03,409 E [25] azmlinfsrv - Expected script to be found in: /var/azureml-app/score.py'), reason: 'CrashLoopBackOff' });
    assert.deepEqual(found.map((f) => f.code), ['server-config']);
  });
});
