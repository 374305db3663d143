// Whatever a file or a container hands in, each reader answers with data or a
// problem, never a throw (issue 17): arbitrary text, text made of each
// format's own indicators, and nesting far deeper than any real file, to
// every parser of the core and to analyze(). Fixed seeds, so a failure
// reproduces as is; the work each input may cost is bounded by the readers'
// limits, tested beside each of them.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, FindingCodes } from '../../../src/core/crash/crashCauses';
import { containerVerdict } from '../../../src/core/crash/containerState';
import { deploymentErrorFindings } from '../../../src/core/crash/deploymentErrors';
import { httpVerdict } from '../../../src/core/crash/httpStatus';
import { locateJsonSetting, setJsonSetting } from '../../../src/core/crash/configLocations';
import { parseExists, parseProbe } from '../../../src/core/crash/modelPathProbe';
import { readDeployConfig } from '../../../src/core/deploy/deployConfig';
import { readRequirements } from '../../../src/core/deploy/deployEnvironment';
import { inferenceConfigFiles } from '../../../src/core/deploy/inferenceConfigFiles';
import { modelDirReferences } from '../../../src/core/deploy/modelDirPaths';
import { completionsAt, fieldAt } from '../../../src/core/deploy/onlineCompletion';
import { readOnlineDeployment, readOnlineEndpoint } from '../../../src/core/deploy/onlineDeployment';
import { describeResponse, prepareTestRequest } from '../../../src/core/deploy/testRequest';
import { azuremlAttachConfiguration } from '../../../src/core/edits/attachConfig';
import { checkAzuremlDefaults } from '../../../src/core/edits/condaEnv';
import { readConda } from '../../../src/core/edits/condaPackages';
import { parseJsonTree, parseJsonValue } from '../../../src/core/edits/jsonText';
import { addAttachConfigurationAt, isLaunchEditError } from '../../../src/core/edits/launchJson';
import { findKeywords } from '../../../src/core/edits/pythonKeywords';
import { locateYamlKey, removeYamlKey, setYamlValue } from '../../../src/core/edits/yamlEdits';
import { parseYamlGuarded } from '../../../src/core/edits/yamlText';
import { mergeKubeconfigs } from '../../../src/core/kubernetes/kubeconfig';
import { LogBuffer } from '../../../src/core/logs/logBuffer';
import { logLines } from '../../../src/core/logs/logicalLines';

/** Pieces of every format these readers take, and of what breaks them. */
const pieces = [
  '{', '}', '[', ']', '"', "'", ',', ':', ': ', ' ', '\n', '\r\n', '\r', '\t', '//', '/*', '*/', '#', '- ', '? ', '&a ', '*a', '<<: ', '|', '>',
  '!!str ', '---', '...', '%YAML 1.2', '\\', '\\u00', '\uFEFF', '\u2028', '\x1b[31m', 'null', 'true', '1e999', '-0', '"""',
  'dependencies:', 'pip:', 'configurations', '"entryScript": "score.py"', 'name: blue', 'model:', 'environment_variables:',
  'Traceback (most recent call last):\n', '  File "/var/azureml-app/score.py", line 1, in init\n', "ModuleNotFoundError: No module named 'x'\n",
  '0/3 nodes are available: 3 Insufficient cpu.', 'CrashLoopBackOff', '2024-01-01T00:00:00.000000000Z stdout P ', '{"message": "',
  'os.path.join(', 'os.getenv("AZUREML_MODEL_DIR")', 'memory_gb=', 'def run(', '9'.repeat(40),
];
const made = fc.array(fc.constantFrom(...pieces), { maxLength: 150 }).map((p) => p.join(''));
/** Nesting far past every reader's limit (a few thousand levels overflowed the parsers), after and before text of the format. */
const deep = fc
  .tuple(made, fc.constantFrom('[', '{', '{"a": ', '{a: ', '- ', 'a:\n ', '[{', '  '), fc.integer({ min: 60, max: 8000 }), made)
  .map(([before, open, n, after]) => before + open.repeat(n) + after);
/** Deep nesting after what a quick scan could misread: a `[` or a quote inside a plain scalar, an escape, a `|` in text. */
const trap = fc
  .tuple(fc.constantFrom('a: x[', 'a: x "', "a: it's", '\x1b[31mdependencies:', 'a: b |', 'k: {', '# [\n', '"a\\"'), fc.constantFrom('\n', ' '), fc.constantFrom('- ', '- - ', '? ', '[', '{a: '), fc.integer({ min: 1500, max: 6000 }))
  .map(([before, glue, open, n]) => before + glue + open.repeat(n));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), made, deep, trap);
const options = { seed: 42, numRuns: 150 };

function isProblemOrData(v: unknown): void {
  assert.ok(v === undefined || typeof v === 'object' || typeof v === 'boolean', `a value, not ${typeof v}`);
}

describe('readers on hostile input (property, seed 42)', function () {
  // Hundreds of generated inputs per property, some of them megabytes: a guard against a stuck loop, not a timing.
  this.timeout(60_000);
  it('the JSON readers: inferenceconfig.json, deploymentconfig.json, launch.json and .code-workspace, a test request', () => {
    fc.assert(fc.property(anyText, (text) => {
      const config = readDeployConfig(text);
      assert.ok(config.config !== undefined || config.problems.length > 0);
      isProblemOrData(parseJsonTree(text));
      isProblemOrData(parseJsonValue(text));
      isProblemOrData(inferenceConfigFiles(text));
      isProblemOrData(locateJsonSetting(text, 'cpu'));
      assert.equal(typeof setJsonSetting(text, 'memoryInGB', 2).text, 'string');
      for (const path of [[], ['launch']]) {
        const r = addAttachConfigurationAt(text, path, azuremlAttachConfiguration(), { insertSpaces: true, tabSize: 4, eol: '\n' });
        assert.ok(isLaunchEditError(r) ? r.line >= 1 && r.column >= 1 : typeof r.text === 'string');
      }
      assert.ok(['application/json', 'text/plain; charset=utf-8'].includes(prepareTestRequest(text).contentType));
    }), options);
  });

  // The YAML readers parse each text again (about 7 ms per KB of a broken
  // file here): two properties of half the runs keep each to a few seconds.
  const yamlOptions = { ...options, numRuns: 75 };

  it('the YAML readers: the guarded parse, conda files, kubeconfigs', () => {
    fc.assert(fc.property(anyText, (text) => {
      const parsed = parseYamlGuarded(text);
      assert.ok(parsed.doc !== undefined || parsed.refused !== undefined);
      isProblemOrData(readConda(text));
      const reqs = readRequirements(text);
      assert.ok('requirements' in reqs || reqs.error.length > 0);
      assert.ok(Array.isArray(checkAzuremlDefaults(text)));
      const k = mergeKubeconfigs([{ path: '/k', text }]);
      assert.ok(Array.isArray(k.contexts) && Array.isArray(k.errors));
    }), yamlOptions);
  });

  it('the YAML readers: deployment.yml and endpoint.yml, their edits, completions and hovers', () => {
    fc.assert(fc.property(anyText, (text) => {
      const d = readOnlineDeployment(text);
      assert.ok(d.deployment !== undefined || d.problems.length > 0);
      assert.ok(Array.isArray(readOnlineEndpoint(text).problems));
      isProblemOrData(setYamlValue(text, ['request_settings', 'request_timeout_ms'], 90000));
      isProblemOrData(removeYamlKey(text, ['environment_variables']));
      isProblemOrData(locateYamlKey(text, ['model', 'path']));
      assert.ok(Array.isArray(completionsAt(text, text.length >> 1, 'managed')));
      isProblemOrData(fieldAt(text, text.length >> 1));
    }), yamlOptions);
  });

  it('score.py readers: keywords and model paths', () => {
    fc.assert(fc.property(anyText, (text) => {
      assert.ok(Array.isArray(findKeywords(text, 'memory_gb')));
      assert.ok(Array.isArray(modelDirReferences(text)));
    }), options);
  });

  it('what a container or a cluster says: analyze() of any logs, events, reason and body, and the parsers beside it', () => {
    const codes = new Set<string>(FindingCodes);
    const input = fc.record({
      logs: fc.option(anyText, { nil: undefined }),
      events: fc.option(fc.array(anyText, { maxLength: 4 }), { nil: undefined }),
      exitCode: fc.option(fc.integer({ min: -1, max: 255 }), { nil: undefined }),
      reason: fc.option(anyText, { nil: undefined }),
      httpStatus: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
      httpBody: fc.option(anyText, { nil: undefined }),
      initContainer: fc.option(fc.constantFrom('storage-initializer'), { nil: undefined }),
    });
    fc.assert(fc.property(input, fc.boolean(), (given, asLines) => {
      const findings = analyze(asLines && given.logs !== undefined ? { ...given, logs: undefined, lines: logLines(given.logs) } : given);
      for (const f of findings) assert.ok(codes.has(f.code), f.code);
      isProblemOrData(containerVerdict(given));
      assert.ok(Array.isArray(deploymentErrorFindings(given.logs ?? '')));
      isProblemOrData(httpVerdict(given.httpStatus, given.httpBody));
      assert.equal(typeof describeResponse(given.httpStatus, given.httpBody ?? '', 1).kind, 'string');
      isProblemOrData(parseProbe(given.logs ?? ''));
      assert.ok(parseExists(given.logs ?? '') instanceof Map);
    }), options);
  });

  it('a log stream cut anywhere: the buffer takes any chunks, with and without timestamps', () => {
    fc.assert(fc.property(fc.array(anyText, { maxLength: 6 }), fc.boolean(), (chunks, timestamps) => {
      const buffer = new LogBuffer({ timestamps, capacity: 500 });
      for (const [i, text] of chunks.entries()) buffer.append({ stream: i % 2 ? 'stderr' : 'stdout', text });
      buffer.end();
      assert.ok(buffer.length <= 500);
      assert.ok(Array.isArray(logLines(chunks.join(''))));
    }), options);
  });
});
