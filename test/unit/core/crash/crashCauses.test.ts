// The crash-cause analyzer against the whole corpus of real and real-shaped
// logs and events (test/fixtures/logs), then focused cases for each log
// shape the analyzer must survive and each parser beside it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../../src/core/crash/crashCauses';
import { findingMessage } from '../../../../src/platform/findingWording';
import { compare, corpusDir, loadCorpus } from './crashCorpus';
import { logLines } from '../../../../src/core/logs/logicalLines';

describe('crashCauses corpus', () => {
  const cases = loadCorpus();

  it('has at least 40 cases', () => {
    assert.ok(cases.length >= 40, `only ${cases.length} cases`);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.description}`, () => {
      const problems = compare(c.findings, analyze(c.input));
      assert.deepEqual(problems, []);
    });
  }
});

const tb = (lines: string[]) => lines.join('\n');
const initFailure = tb([
  '2024-01-09 09:31:41,871 | root | ERROR | User\'s init function failed',
  '2024-01-09 09:31:41,873 | root | ERROR | Encountered Exception Traceback (most recent call last):',
  '  File "/var/azureml-server/server.py", line 44, in _boot',
  '    module.init()',
  '  File "/var/azureml-app/score.py", line 30, in init',
  '    scaler = bundle["scaler"]',
  'KeyError: \'scaler\'',
  '',
]);

describe('crashCauses focused', () => {
  it('finds nothing in empty input', () => {
    assert.deepEqual(analyze({}), []);
    assert.deepEqual(analyze({ logs: '' }), []);
  });

  it('reads the same failure through ANSI colours, CRLF and docker timestamps', () => {
    const coloured = initFailure.split('\n').map((l) => `2024-01-09T09:31:41.873000000Z \x1b[31m${l}\x1b[0m`).join('\r\n');
    const [f] = analyze({ logs: coloured });
    assert.equal(f.code, 'init-failed');
    assert.deepEqual(f.location, { path: '/var/azureml-app/score.py', line: 30 });
    assert.match(findingMessage(f), /KeyError: 'scaler'.*init\(\)/);
  });

  it('reports only the latest restart when the error changed between restarts', () => {
    const first = initFailure.replace('line 30', 'line 12').replace("KeyError: 'scaler'", "KeyError: 'old'");
    const logs = ['[2024-01-09 09:30:01 +0000] [1] [INFO] Starting gunicorn 20.1.0', first,
      '[2024-01-09 09:31:40 +0000] [1] [INFO] Starting gunicorn 20.1.0', initFailure].join('\n');
    const found = analyze({ logs });
    assert.equal(found.length, 1);
    assert.equal(found[0].location?.line, 30);
  });

  it('reports nothing when the latest restart is healthy', () => {
    const logs = ['[2024-01-09 09:30:01 +0000] [1] [INFO] Starting gunicorn 20.1.0', initFailure,
      '[2024-01-09 09:31:40 +0000] [1] [INFO] Starting gunicorn 20.1.0',
      '2024-01-09 09:31:41,603 | root | INFO | Invoking user\'s init function',
      '2024-01-09 09:31:41,871 | root | INFO | Users\'s init has completed successfully'].join('\n');
    assert.deepEqual(analyze({ logs }), []);
  });

  it('keeps a traceback together when another worker writes a record into it', () => {
    const lines = initFailure.split('\n');
    lines.splice(4, 0, '2024-01-09 09:31:41,874 | root | INFO | Invoking user\'s init function');
    const [f] = analyze({ logs: lines.join('\n') });
    assert.deepEqual(f.location, { path: '/var/azureml-app/score.py', line: 30 });
  });

  it('locates a chained failure at the user frame of the section that reaches user code', () => {
    const logs = tb([
      'Traceback (most recent call last):',
      '  File "/var/azureml-app/score.py", line 11, in read',
      '    return settings[name]',
      "KeyError: 'labels'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/var/azureml-server/server.py", line 44, in _boot',
      '    module.init()',
      '  File "/var/azureml-app/score.py", line 18, in init',
      '    model = read("labels")',
      '  File "/var/azureml-app/score.py", line 13, in read',
      '    raise RuntimeError("missing")',
      'RuntimeError: missing',
    ]);
    const [f] = analyze({ logs });
    assert.equal(f.code, 'init-failed');
    assert.equal(f.location?.line, 13);
    assert.match(f.detail ?? '', /While handling: KeyError: 'labels'/);
  });

  it('never points at the server\'s main.py', () => {
    const logs = tb([
      'Encountered Exception Traceback (most recent call last):',
      '  File "/var/azureml-app/main.py", line 88, in run',
      '    return driver_module.run(data)',
      'ZeroDivisionError: division by zero',
    ]);
    const [f] = analyze({ logs });
    assert.equal(f.code, 'run-failed');
    assert.equal(f.location, undefined);
  });

  it('honours another app root', () => {
    const logs = initFailure.replace('/var/azureml-app/score.py', '/structure/azureml-app/score.py');
    assert.equal(analyze({ logs })[0].location, undefined);
    assert.deepEqual(analyze({ logs }, { appRoot: '/structure/azureml-app' })[0].location, { path: '/structure/azureml-app/score.py', line: 30 });
  });

  it('ignores a client-side traceback (the SDK on the user\'s machine)', () => {
    const logs = tb(['Traceback (most recent call last):', '  File "<stdin>", line 1, in <module>', 'NameError: name \'ws\' is not defined']);
    assert.deepEqual(analyze({ logs }), []);
  });

  it('maps import names to the pip packages that provide them', () => {
    const cases: [string, string][] = [['sklearn.linear_model', 'scikit-learn'], ['cv2', 'opencv-python-headless'], ['PIL', 'pillow'], ['yaml', 'pyyaml'],
      ['azureml.core', 'azureml-core'], ['azureml', 'azureml-defaults'], ['some_pkg', 'some-pkg']];
    for (const [module, pkg] of cases) {
      const logs = tb(['Traceback (most recent call last):', '  File "/var/azureml-app/score.py", line 3, in <module>', `    import ${module}`, `ModuleNotFoundError: No module named '${module}'`]);
      const [f] = analyze({ logs });
      assert.equal(f.code, 'missing-module', module);
      assert.equal(f.data?.package, pkg, module);
      assert.ok(findingMessage(f).includes(module) && findingMessage(f).includes(pkg));
    }
  });

  it('names each scarce resource and how many nodes lack it', () => {
    const found = analyze({ events: ['0/5 nodes are available: 2 Insufficient cpu, 5 Insufficient nvidia.com/gpu, 1 node(s) had taint {x: y}, that the pod didn\'t tolerate.'] });
    assert.deepEqual(found.map((f) => [f.data?.resource, f.data?.nodesLacking, f.data?.nodesTotal]), [['cpu', 2, 5], ['nvidia.com/gpu', 5, 5]]);
  });

  it('explains a crash loop by its cause instead of repeating the symptom', () => {
    const found = analyze({ logs: initFailure, reason: 'CrashLoopBackOff', exitCode: 3 });
    assert.deepEqual(found.map((f) => f.code), ['init-failed']);
    assert.deepEqual(analyze({ reason: 'CrashLoopBackOff' }).map((f) => f.code), ['crash-loop']);
  });

  it('reads a failed model download from the init container\'s log, as the cause of the pod that never started', () => {
    const logs = [
      "INFO:azure.storage.common.storageclient:Client-Request-ID=1 Outgoing request: Method=GET, Path=/azureml/models/m/1, Query={'comp': 'list'}",
      "INFO:azure.storage.common.storageclient:Client-Request-ID=1 Receiving Response: Server-Timestamp=now, HTTP Status Code=403, Message=This request is not authorized to perform this operation., Headers={'content-type': 'application/xml'}.",
      'Traceback (most recent call last):',
      '  File "/opt/initializer/download.py", line 40, in <module>',
      '    download()',
      'azure.common.AzureHttpError: This request is not authorized to perform this operation. ErrorCode: AuthorizationFailure',
    ].join('\n');
    const found = analyze({ logs, initContainer: 'storage-initializer', reason: 'Init:CrashLoopBackOff', exitCode: 1 });
    assert.deepEqual(found.map((f) => [f.code, f.reason]), [['model-not-found', 'model-download']], 'no init() failure from the initializer\'s traceback, no bare crash loop');
    assert.deepEqual(found[0].data, { container: 'storage-initializer', evidence: 'HTTP 403: This request is not authorized to perform this operation.', exitCode: 1 });
    // The same text as a server's output is no download failure.
    assert.ok(!analyze({ logs, exitCode: 1 }).some((f) => f.reason === 'model-download'));
  });

  it('reads the HTTP status of a test request', () => {
    assert.deepEqual(analyze({ httpStatus: 503 }).map((f) => f.code), ['overloaded-503']);
    assert.deepEqual(analyze({ httpStatus: 504 }).map((f) => f.code), ['timeout-504']);
    assert.deepEqual(analyze({ httpStatus: 502 }).map((f) => f.code), ['run-failed']);
    assert.deepEqual(analyze({ httpStatus: 200 }), []);
    assert.equal(analyze({ httpStatus: 500, httpBody: '{"message": "Scoring timeout after 5000 ms"}' })[0].data?.timeoutMs, 5000);
    // The local front door's 408 names the request_timeout_ms it applied.
    const [late] = analyze({ httpStatus: 408, httpBody: 'Request timed out after 5000 ms (request_settings.request_timeout_ms).' });
    assert.deepEqual([late.code, late.reason, late.data?.timeoutMs], ['request-timeout-408', 'request-timeout', 5000]);
    assert.equal(analyze({ httpStatus: 408 })[0].data?.timeoutMs, undefined);
  });

  it('reads azureml-fe\'s "no ready replicas" as replicas that never got ready, and gives way to what says why', () => {
    const body = 'No ready replicas for service churn-aks.';
    for (const input of [{ httpStatus: 503, httpBody: body }, { httpBody: body }, { logs: `Response Code: 503\nContent: b'${body}'` }]) {
      assert.deepEqual(analyze(input).map((f) => [f.code, f.reason, f.data?.evidence]), [['crash-loop', 'no-ready-replicas', body]], JSON.stringify(input));
    }
    // The pod's own state, or the traceback of init(), explains it.
    assert.deepEqual(analyze({ httpStatus: 503, httpBody: body, reason: 'CrashLoopBackOff' }).map((f) => f.reason), ['crash-loop']);
    assert.deepEqual(analyze({ logs: initFailure, httpStatus: 503, httpBody: body }).map((f) => f.code), ['init-failed']);
  });

  it('reports a failed boot whose traceback is not in the log', () => {
    const logs = ['[2024-01-09 09:31:41 +0000] [8] [INFO] Worker exiting (pid: 8)', '[2024-01-09 09:31:41 +0000] [1] [INFO] Shutting down: Master',
      '[2024-01-09 09:31:41 +0000] [1] [INFO] Reason: Worker failed to boot.'].join('\n');
    const [f] = analyze({ logs, exitCode: 3 });
    assert.equal(f.code, 'init-failed');
    assert.equal(f.location, undefined);
    assert.equal(f.reason, 'boot-failed-untraced');
    assert.match(findingMessage(f), /no traceback/);
  });

  it('reads workers rebooting in init() as memory, but not a slow start of several workers', () => {
    const boot = (pid: number) => `[2024-01-09 09:31:40 +0000] [${pid}] [INFO] Booting worker with pid: ${pid}`;
    const init = '2024-01-09 09:31:41,603 | root | INFO | Invoking user\'s init function';
    const slowStart = ['[2024-01-09 09:31:40 +0000] [1] [INFO] Starting gunicorn 20.1.0', boot(7), boot(8), boot(9), init, init, init].join('\n');
    assert.deepEqual(analyze({ logs: slowStart }), []);
    const looping = ['[2024-01-09 09:31:40 +0000] [1] [INFO] Starting gunicorn 20.1.0', boot(7), init, boot(8), init, boot(9), init].join('\n');
    const [f] = analyze({ logs: looping });
    assert.equal(f.code, 'oom-killed');
    assert.equal(f.data?.phase, 'init');
  });

  it('still explains a failed boot when stdout and stderr were joined one after the other', () => {
    const stdout = initFailure;
    const stderr = ['[2024-01-09 09:31:40 +0000] [1] [INFO] Starting gunicorn 20.1.0', '[2024-01-09 09:31:40 +0000] [8] [INFO] Booting worker with pid: 8',
      '[2024-01-09 09:31:41 +0000] [8] [INFO] Worker exiting (pid: 8)', '[2024-01-09 09:31:41 +0000] [1] [INFO] Reason: Worker failed to boot.'].join('\n');
    const found = analyze({ logs: `${stdout}\n${stderr}`, exitCode: 3 });
    assert.deepEqual(found.map((f) => [f.code, f.location?.line]), [['init-failed', 30]]);
  });

  it('takes the server\'s own traceback for the server\'s, not for an init() failure', () => {
    // Real azmlinfsrv 1.5.1 output whenever AZUREML_MODEL_DIR is not laid out as <name>/<version>.
    const healthy = fs.readFileSync(path.join(corpusDir, 'docker-healthy-sample.log'), 'utf8');
    assert.match(healthy, /E \[\d+\] azmlinfsrv\.trace - Error while fetching model IDs\nTraceback/);
    assert.deepEqual(analyze({ logs: healthy }), []);
    const alone = tb([
      '2026-11-29 15:41:19,033 E [25] azmlinfsrv.trace - Error while fetching model IDs',
      'Traceback (most recent call last):',
      '  File "/opt/miniconda/envs/amlenv/lib/python3.13/site-packages/azureml_inference_server_http/server/appinsights_client.py", line 230, in _get_model_ids',
      '    versions = [int(version) for version in os.listdir(os.path.join(config.azureml_model_dir, model))]',
      "ValueError: invalid literal for int() with base 10: 'model.json'",
      '2026-11-29 15:41:19,044 I [25] azmlinfsrv.user_script - Invoking user\'s init function',
    ]);
    assert.deepEqual(analyze({ logs: alone }), []);
  });

  it('reads gunicorn/run\'s own exit codes from runit\'s finish line, not from the container\'s 111', () => {
    const runit = (code: number, words: string) => tb([
      `2026-11-29T15:47:00,864766112+00:00 - gunicorn/run ${words}`,
      `2026-11-29T15:47:00,884699909+00:00 - gunicorn/finish ${code} 0`,
      `2026-11-29T15:47:00,893839879+00:00 - Exit code ${code} is not normal. Killing image.`,
    ]);
    const [server] = analyze({ logs: runit(96, 'azmlinfsrv is not installed: add azureml-inference-server-http to the environment'), exitCode: 111 });
    assert.equal(server.code, 'missing-module');
    assert.equal(server.data?.package, 'azureml-inference-server-http');
    const [debug] = analyze({ logs: runit(94, 'debugpy could not be injected into the conda environment'), exitCode: 111 });
    assert.deepEqual([debug.code, debug.data?.package], ['missing-module', 'debugpy']);
    const [lib] = analyze({ exitCode: 97 });
    assert.deepEqual([lib.reason, lib.data?.variable], ['start-script', 'AZUREML_EXTRA_PYTHON_LIB_PATH']);
    assert.match(findingMessage(lib), /AZUREML_EXTRA_PYTHON_LIB_PATH names a path that does not exist in the container \(exit code 97\)/);
    // Exit code 3 is the server's: its own log explains it, the finish line adds nothing.
    assert.deepEqual(analyze({ logs: runit(3, ''), exitCode: 111 }), []);
  });

  it('gives a bare exception (no colon, so no message) none of the lines after it', () => {
    // Issue 16: another process's stderr line right after a bare `TimeoutError` became its message.
    const logs = tb([
      'Traceback (most recent call last):',
      '  File "/var/azureml-app/score.py", line 9, in init',
      '    next(batches)',
      'StopIteration',
      '/opt/env/lib/python3.12/site-packages/sklearn/base.py:380: InconsistentVersionWarning: Trying to unpickle estimator',
    ]);
    const [f] = analyze({ logs });
    assert.equal(f.data?.exception, 'StopIteration');
    assert.doesNotMatch(f.detail ?? '', /InconsistentVersionWarning/);
    // A message that goes on below its exception line is still read whole.
    const more = analyze({ logs: tb(['Traceback (most recent call last):', '  File "/var/azureml-app/score.py", line 9, in init', 'ModelPathNotFoundException:', '\tMessage: Model not found in cache or in root at ./m.pkl']) });
    assert.equal(more[0].code, 'model-not-found');
  });

  it('reports a probe only when it failed again and again, liveness before readiness', () => {
    const readiness = (n: number) => `Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: ${n}`;
    // Separate events (no counts) add up; two failures are what a slow start gives.
    assert.deepEqual(analyze({ events: [readiness(502), readiness(502)] }), []);
    const [f] = analyze({ events: [readiness(502), readiness(502), readiness(503)] });
    assert.deepEqual([f.code, f.data?.probe, f.data?.count, f.data?.evidence], ['probe-failed', 'readiness', 3, 'HTTP probe failed with statuscode: 503']);
    assert.match(findingMessage(f), /readiness probe failed 3 times/);
    // Readiness failures restart nothing: a crash loop beside them is still reported.
    assert.deepEqual(analyze({ events: [readiness(502), readiness(502), readiness(503)], reason: 'CrashLoopBackOff' }).map((x) => x.code), ['probe-failed', 'crash-loop']);
  });

  it('reads Model.get_model_path\'s message in a log line, with no traceback', () => {
    const [f] = analyze({ logs: "2026-12-02 10:40:13,112 I [25] azmlinfsrv.print - Model not found in cache or in root at ./outputs/model.pkl. For more info,set logging level to DEBUG." });
    assert.deepEqual([f.code, f.reason], ['model-not-found', 'model-message']);
    assert.match(findingMessage(f), /The model was not found \(Model not found in cache or in root at \.\/outputs\/model\.pkl/);
  });

  it('takes OOMKilled from the container state', () => {
    const [f] = analyze({ reason: 'OOMKilled', exitCode: 137 });
    assert.equal(f.code, 'oom-killed');
  });
});

describe('analyze() on lines the log side has cut', () => {
  it('finds in every corpus case what it finds in the raw text', () => {
    for (const c of loadCorpus().filter((x) => x.input.logs)) {
      const raw = analyze(c.input);
      const { logs, ...rest } = c.input;
      assert.deepEqual(analyze({ ...rest, lines: logLines(logs!) }), raw, c.name);
    }
  });
});

describe('analyze() on stdout and stderr interleaved by their Docker timestamps', () => {
  // Docker stamps a line when it reads it, so the master's stderr lines (pid in
  // `gunicorn.error`) can land anywhere inside a traceback the worker wrote to
  // stdout. CI once saw "Worker exiting" between the user's exception and the
  // server's UserScriptException wrapper, which then counted as a second finding.
  for (const name of ['docker-model-path-wrong', 'docker-init-raises']) {
    it(`${name}: the same findings wherever gunicorn's line falls inside the traceback`, () => {
      const c = loadCorpus().find((x) => x.name === name)!;
      const lines = c.input.logs!.split('\n');
      const moved = lines.findIndex((l) => / gunicorn\.error - Worker exiting/.test(l));
      const rest = lines.filter((_, i) => i !== moved);
      const from = rest.findIndex((l) => l.includes('Traceback (most recent call last)'));
      const to = rest.findIndex((l) => /UserScriptException: Caught an unhandled exception/.test(l));
      assert.ok(moved >= 0 && from >= 0 && to > from, 'the capture has the line and the chained traceback');
      for (let at = from + 1; at <= to + 1; at++) {
        const logs = [...rest.slice(0, at), lines[moved], ...rest.slice(at)].join('\n');
        assert.deepEqual(compare(c.findings, analyze({ ...c.input, logs })), [], `"Worker exiting" before line ${at}: ${rest[at]}`);
      }
    });
  }
});
