// Locating deployment settings in deploymentconfig.json and in a Python
// deployment script, and the edits that change one value and keep the rest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  locateJsonSetting, locateJsonSettings, locateSdkKeyword, locateYamlSetting, setJsonSetting, setSdkKeyword, setYamlSetting, settingsForFinding,
} from '../../../../src/core/crash/configLocations';
import { analyze } from '../../../../src/core/crash/crashCauses';
import { codeOnly } from '../../../../src/core/edits/pythonKeywords';

const root = path.join(__dirname, '..', '..', '..', '..', '..');
const sampleConfig = fs.readFileSync(path.join(root, 'sample', 'deploymentconfig.json'), 'utf8');

const commented = [
  '// AKS deployment of the credit model',
  '{',
  '    "computeType": "aks",',
  '    /* sized for the CPU pool */',
  '    "containerResourceRequirements": { "cpu": 2, "memoryInGB": 4 }, // per replica',
  '    "gpuCores": 1,',
  '    "autoScaler": {',
  '        "autoscaleEnabled": true,',
  '        "minReplicas": 1,',
  '    },',
  '}',
].join('\r\n');

const script = [
  'from azureml.core.webservice import AksWebservice',
  '',
  '# memory_gb=99 in a comment is not a setting',
  'print("cpu_cores=8 in a string is not one either")',
  'aks_config = AksWebservice.deploy_configuration(',
  '    cpu_cores=0.5,',
  '    memory_gb=1,  # raised after an OOM kill',
  '    autoscale_enabled=True,',
  '    autoscale_target_utilization=int("70"),',
  ')',
  'if aks_config.memory_gb == 2:',
  '    pass',
  '',
].join('\n');

describe('configLocations: deploymentconfig.json', () => {
  it('leaves a file alone where the setting cannot go, instead of throwing (issue 17)', () => {
    // jsonc-parser's modify throws "Can not add index to parent of type array"; found by the property tests.
    for (const text of ['[1, 2]', '\u001b[31m', '{"containerResourceRequirements": [1]}', '{"containerResourceRequirements": "x"}']) {
      assert.deepEqual(setJsonSetting(text, 'memoryInGB', 2), { text, edits: [] }, text);
    }
  });

  it('finds each key of the sample on its line, with its value', () => {
    const all = locateJsonSettings(sampleConfig);
    const lineOf = (needle: string) => sampleConfig.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.equal(all.cpu?.line, lineOf('"cpu"'));
    assert.equal(all.cpu?.value, 0.5);
    assert.equal(all.memoryInGB?.line, lineOf('"memoryInGB"'));
    assert.equal(all.minReplicas?.value, 1);
    assert.equal(all.targetUtilization?.value, 70);
    assert.equal(all.scoringTimeoutMs?.value, 60000);
    assert.equal(all.gpu, undefined);
    const cpu = all.cpu!;
    assert.equal(sampleConfig.slice(cpu.offset, cpu.offset + cpu.length), '"cpu"');
    assert.equal(sampleConfig.slice(cpu.valueOffset, cpu.valueOffset + cpu.valueLength), '0.5');
    assert.equal(sampleConfig.split('\n')[cpu.line - 1].indexOf('"cpu"'), cpu.character);
  });

  it('reads JSON with comments and trailing commas, and the top-level gpuCores', () => {
    const gpu = locateJsonSetting(commented, 'gpu');
    assert.equal(gpu?.line, 6);
    assert.equal(gpu?.value, 1);
    assert.equal(locateJsonSetting(commented, 'memoryInGB')?.line, 5);
    assert.equal(locateJsonSetting('not json at all', 'cpu'), undefined);
  });

  it('changes one value and keeps comments, CRLF and layout', () => {
    const { text, edits } = setJsonSetting(commented, 'memoryInGB', 8);
    assert.equal(edits.length, 1);
    assert.equal(text, commented.replace('"memoryInGB": 4', '"memoryInGB": 8'));
  });

  it('adds a missing key with the file\'s own indentation and line ends', () => {
    const { text } = setJsonSetting(commented, 'targetUtilization', 30);
    assert.ok(text.includes('// AKS deployment of the credit model') && text.includes('/* sized for the CPU pool */'));
    assert.equal(locateJsonSetting(text, 'targetUtilization')?.value, 30);
    assert.match(text, /\r\n {8}"targetUtilization": 30/);
    assert.ok(!/[^\r]\n/.test(text), 'only CRLF line ends');
    const sample = setJsonSetting(sampleConfig, 'gpu', 1).text;
    assert.equal(locateJsonSetting(sample, 'gpu')?.value, 1);
    assert.match(sample, /"containerResourceRequirements": \{\n {4}"cpu": 0.5,\n {4}"memoryInGB": 1.0,\n {4}"gpu": 1\n {2}\}/);
  });
});

describe('configLocations: a v2 deployment.yml', () => {
  const yml = 'name: blue\nrequest_settings:   # how Azure answers\n  request_timeout_ms: 5000  # 5 s\n  max_concurrent_requests_per_instance: 1\n';
  it('finds request_timeout_ms on its line, with its value, and a 408 points there', () => {
    const l = locateYamlSetting(yml, 'requestTimeoutMs')!;
    assert.deepEqual([l.line, l.character, l.value, yml.slice(l.offset, l.offset + l.length)], [3, 2, 5000, 'request_timeout_ms']);
    assert.equal(locateYamlSetting(yml, 'maxConcurrentRequestsPerContainer')?.value, 1);
    assert.equal(locateYamlSetting(yml, 'memoryInGB'), undefined, 'not a deployment.yml setting');
    assert.deepEqual(settingsForFinding({ code: 'request-timeout-408' }), ['requestTimeoutMs']);
  });
  it('sets it keeping the comments, and adds it (with request_settings) where missing', () => {
    const change = setYamlSetting(yml, 'requestTimeoutMs', 10000)!;
    assert.equal(yml.slice(0, change.start) + change.text + yml.slice(change.end), yml.replace('5000', '10000'));
    const bare = 'name: blue\ninstance_count: 1\n';
    const added = setYamlSetting(bare, 'requestTimeoutMs', 10000)!;
    assert.equal(bare.slice(0, added.start) + added.text + bare.slice(added.end), `${bare}request_settings:\n  request_timeout_ms: 10000\n`);
    assert.equal(setJsonSetting('{}', 'requestTimeoutMs', 1).text, '{}', 'deploymentconfig.json has no such key');
    assert.equal(setSdkKeyword('x = AksWebservice.deploy_configuration()', 'requestTimeoutMs', 1), undefined);
  });
});

describe('configLocations: deployment script keywords', () => {
  it('blanks strings and comments but keeps offsets', () => {
    const code = codeOnly(script);
    assert.equal(code.length, script.length);
    assert.ok(!code.includes('memory_gb=99') && !code.includes('cpu_cores=8'));
  });

  it('finds keyword arguments, not comments, strings or comparisons', () => {
    const mem = locateSdkKeyword(script, 'memoryInGB');
    assert.equal(mem.length, 1);
    assert.equal(mem[0].line, 7);
    assert.equal(mem[0].character, 4);
    assert.equal(mem[0].value, '1');
    assert.equal(locateSdkKeyword(script, 'cpu')[0].value, '0.5');
    assert.equal(locateSdkKeyword(script, 'targetUtilization')[0].value, 'int("70")');
    assert.equal(locateSdkKeyword(script, 'autoscaleEnabled')[0].value, 'True');
    assert.deepEqual(locateSdkKeyword(script, 'gpu'), []);
  });

  it('places each of 17,000 keywords on its line, in one pass over the script (issue 17)', () => {
    // Each keyword's position was read from the start of the script: seconds for this one, minutes for 50,000.
    const many = 'c(memory_gb=1)\n'.repeat(17_000);
    const found = locateSdkKeyword(many, 'memoryInGB');
    assert.equal(found.length, 17_000);
    assert.ok(found.every((f, i) => f.line === i + 1 && f.character === 2 && f.value === '1'));
  });

  it('neither reads nor edits a script past 256 KB (issue 17)', () => {
    // At 4 MB the quick fix scanned it three times: 5 s of CPU.
    const big = `cfg = AksWebservice.deploy_configuration(memory_gb=1)\n${'#'.repeat(256 * 1024)}\n`;
    assert.deepEqual(locateSdkKeyword(big, 'memoryInGB'), []);
    assert.equal(setSdkKeyword(big, 'memoryInGB', 2), undefined);
    assert.equal(locateSdkKeyword(big.slice(0, 200_000), 'memoryInGB').length, 1);
  });

  it('replaces a value in place', () => {
    const r = setSdkKeyword(script, 'memoryInGB', 4);
    assert.equal(r?.text, script.replace('memory_gb=1,', 'memory_gb=4,'));
    assert.equal(setSdkKeyword(script, 'autoscaleEnabled', false)?.text, script.replace('autoscale_enabled=True', 'autoscale_enabled=False'));
  });

  it('adds a missing keyword to the deploy_configuration call, matching its layout', () => {
    const multi = setSdkKeyword(script, 'minReplicas', 3)!.text;
    assert.ok(multi.includes('AksWebservice.deploy_configuration(\n    autoscale_min_replicas=3,\n    cpu_cores=0.5,'));
    const oneLine = 'cfg = AciWebservice.deploy_configuration(cpu_cores=1, memory_gb=1)\n';
    assert.equal(setSdkKeyword(oneLine, 'scoringTimeoutMs', 120000)?.text, 'cfg = AciWebservice.deploy_configuration(scoring_timeout_ms=120000, cpu_cores=1, memory_gb=1)\n');
    assert.equal(setSdkKeyword('cfg = LocalWebservice.deploy_configuration()\n', 'cpu', 1)?.text, 'cfg = LocalWebservice.deploy_configuration(cpu_cores=1)\n');
    assert.equal(setSdkKeyword('print("no deployment here")\n', 'cpu', 1), undefined);
  });
});

describe('configLocations: findings to settings', () => {
  it('points each resource finding at its key', () => {
    const found = analyze({ events: ['0/3 nodes are available: 3 Insufficient cpu, 1 Insufficient memory, 3 Insufficient nvidia.com/gpu.'] });
    assert.deepEqual(found.map((f) => settingsForFinding(f)), [['cpu'], ['memoryInGB'], ['gpu']]);
    assert.deepEqual(settingsForFinding({ code: 'oom-killed' }), ['memoryInGB']);
    assert.deepEqual(settingsForFinding({ code: 'timeout-504' }), ['scoringTimeoutMs']);
    assert.deepEqual(settingsForFinding({ code: 'overloaded-503' }), ['minReplicas', 'targetUtilization', 'maxReplicas']);
    assert.deepEqual(settingsForFinding({ code: 'init-failed' }), []);
  });
});
