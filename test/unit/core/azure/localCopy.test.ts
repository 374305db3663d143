// "Debug this locally", v2: an online deployment as ARM returns it becomes a
// deployment.yml and endpoint.yml that the project's own reader (the one
// Deploy Locally uses) reads back to the same settings, whatever the values
// hold (YAML's special words and characters, secrets, missing fields), and
// each thing that cannot be copied is said.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { OnlineDeployment, OnlineEndpoint } from '../../../../src/core/azure/armTypes';
import { assetOf, cliYaml, writableVariables, isoDurationMs, LOCAL_COPIES, LOCAL_COPIES_IGNORE, localCopyFolder, onlineLocalCopy, type LocalCopy } from '../../../../src/core/azure/localCopy';
import { readOnlineDeployment, readOnlineEndpoint } from '../../../../src/core/deploy/onlineDeployment';
import { environmentVersion, onlineDeployment, onlineEndpoint } from '../../../support/azureServer/fixtures';

const WS = '/subscriptions/5f0c8d5e-3b1a-4c2e-9a57-0d1e2f3a4b5c/resourceGroups/sample-rg/providers/Microsoft.MachineLearningServices/workspaces/sample-ws';
const EP = onlineEndpoint(WS, 'sample-endpoint', 'eastus2', { authMode: 'Key', traffic: { crashloop: 0 }, scoringUri: 'https://x.example/score' });
const IMAGE = 'mcr.microsoft.com/azureml/minimal-py312-inference:latest';
const CONDA = 'name: model-env\ndependencies:\n  - python=3.12\n';

function file(copy: LocalCopy, name: string): string {
  const f = copy.files.find((x) => x.name === name);
  assert.ok(f, `no ${name} in ${copy.files.map((x) => x.name).join(', ')}`);
  return f.text;
}

/** The copy read back as Deploy Locally reads it; its errors fail the test. */
function readBack(copy: LocalCopy) {
  const endpoint = readOnlineEndpoint(file(copy, 'endpoint.yml'));
  assert.deepEqual(endpoint.problems.filter((p) => p.severity === 'error'), []);
  const read = readOnlineDeployment(file(copy, 'deployment.yml'), { endpoint: endpoint.endpoint });
  assert.deepEqual(read.problems.filter((p) => p.severity === 'error').map((p) => p.message), []);
  assert.ok(read.deployment);
  return { deployment: read.deployment, endpoint: endpoint.endpoint!, problems: read.problems };
}

describe('core/azure/localCopy: an Azure online deployment as local v2 files', () => {
  it('copies the crash-looping sample deployment to files the local reader reads back', () => {
    const d = onlineDeployment(EP.id, 'crashloop', 'eastus2', { provisioningState: 'Failed', environmentVariables: { WORKER_COUNT: '1' } });
    const env = environmentVersion(WS, 'crashloop-env', '1', { image: IMAGE, condaFile: CONDA });
    const copy = onlineLocalCopy({ deployment: d, endpoint: EP, environment: env, code: '../../app', modelPath: '../../app/model' });
    assert.deepEqual(copy.files.map((f) => f.name), ['deployment.yml', 'endpoint.yml', 'conda.yml']);
    assert.equal(file(copy, 'conda.yml'), CONDA);
    assert.deepEqual(copy.notes, []);
    const { deployment, endpoint } = readBack(copy);
    assert.equal(endpoint.name, 'sample-endpoint');
    assert.equal(endpoint.authMode, 'key');
    assert.equal(deployment.schema, 'managed');
    assert.equal(deployment.name, 'crashloop');
    assert.equal(deployment.endpointName, 'sample-endpoint');
    assert.deepEqual(deployment.model, { kind: 'path', path: '../../app/model', name: 'sample-model', version: '1' });
    assert.equal(deployment.code, '../../app');
    assert.equal(deployment.scoringScript, 'score.py');
    assert.deepEqual(deployment.environment, { kind: 'image', image: IMAGE, condaFile: 'conda.yml', condaInline: false, customContainer: false });
    assert.deepEqual(deployment.environmentVariables, { WORKER_COUNT: '1' });
    // PT5S, PT0.5S and the probes' PT10S/PT2S, in the CLI's units.
    assert.deepEqual(deployment.requestSettings, { requestTimeoutMs: 5000, maxConcurrentRequestsPerInstance: 1, maxQueueWaitMs: 500 });
    assert.deepEqual(deployment.livenessProbe, { initialDelay: 10, period: 10, timeout: 2, successThreshold: 1, failureThreshold: 30 });
    assert.deepEqual(deployment.readinessProbe, deployment.livenessProbe);
    assert.equal(deployment.instanceType, 'Standard_DS3_v2');
    assert.equal(deployment.instanceCount, 1);
    assert.match(file(copy, 'deployment.yml'), /^# .*\/onlineEndpoints\/sample-endpoint\/deployments\/crashloop\n/);
  });

  it('keeps every value as written through YAML-special words and characters, and never writes a secret', () => {
    const hostile: Record<string, string> = {
      FLAG: 'yes', OFF: 'off', OCTAL: '010', HEX: '0x1F', NULLISH: '~', NONE: 'null', EMPTY: '', COLON: 'a: b', HASH: '#not a comment', DASH: '- item',
      QUOTES: `"double" and 'single'`, MULTI: 'line one\nline two\n', TAB: 'a\tb', BRACES: '{x: [1, 2]}', STAR: '*alias', AMP: '&anchor', PIPE: '| block',
      UNICODE: 'modèle 模型 ✓', BACKSLASH: 'C:\\models\\v1', 'odd name: with # chars': 'v', '123': 'numeric key', SPACE: ' padded ',
      '<<': 'a merge key when plain', '=': '=', MERGE: '<<', '? q': '? x', '!tag': '!!str', '%YAML': '%TAG',
    };
    const secrets = { API_KEY: 'sk-very-secret-value-1234567890', STORAGE: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0;EndpointSuffix=core.windows.net', DB_PASSWORD: 'hunter2hunter2' };
    const d = onlineDeployment(EP.id, 'blue', 'eastus2', { environmentVariables: { ...hostile, ...secrets } });
    const copy = onlineLocalCopy({ deployment: d, endpoint: EP, environment: environmentVersion(WS, 'blue-env', '1', { image: IMAGE }), code: '.', modelPath: 'model' });
    const { deployment } = readBack(copy);
    assert.deepEqual(deployment.environmentVariables, { ...hostile, API_KEY: '', STORAGE: '', DB_PASSWORD: '' });
    for (const f of copy.files) for (const s of [...Object.values(secrets), 'c2VjcmV0c2Vj']) assert.ok(!f.text.includes(s), `${f.name} holds a secret`);
    assert.ok(copy.notes.some((n) => n.includes('API_KEY') && n.includes('STORAGE') && n.includes('DB_PASSWORD')), copy.notes.join('\n'));
  });

  it('writes a readable file from a deployment with every optional field missing, and says what is missing', () => {
    const bare: OnlineDeployment = { id: `${EP.id}/deployments/bare`, name: 'bare', type: 't', location: 'eastus2', properties: { endpointComputeType: 'Managed' } };
    const copy = onlineLocalCopy({ deployment: bare });
    const read = readOnlineDeployment(file(copy, 'deployment.yml'));
    assert.ok(read.deployment);
    assert.equal(read.deployment.name, 'bare');
    // The endpoint's name comes from the deployment's id when the endpoint was not read.
    assert.equal(read.deployment.endpointName, 'sample-endpoint');
    assert.equal(readOnlineEndpoint(file(copy, 'endpoint.yml')).endpoint?.name, 'sample-endpoint');
    assert.ok(copy.notes.some((n) => /no environment/i.test(n)), copy.notes.join('\n'));
    // Not even an id or properties: no throw, a file still.
    const worse = onlineLocalCopy({ deployment: { name: 'x' } as unknown as OnlineDeployment });
    assert.equal(readOnlineDeployment(file(worse, 'deployment.yml')).deployment?.name, 'x');
    assert.deepEqual(worse.files.map((f) => f.name), ['deployment.yml']);
  });

  it('stands an empty model folder in for a model stored only in Azure, and says how to fetch it', () => {
    const d = onlineDeployment(EP.id, 'blue', 'eastus2', {});
    const copy = onlineLocalCopy({ deployment: d, endpoint: EP, environment: environmentVersion(WS, 'e', '1', { image: IMAGE }), code: 'src' });
    assert.deepEqual(copy.folders, ['model']);
    assert.deepEqual(readBack(copy).deployment.model, { kind: 'path', path: 'model', name: 'sample-model', version: '1' });
    assert.ok(copy.notes.some((n) => n.includes('az ml model download --name sample-model --version 1')), copy.notes.join('\n'));
  });

  it('names what it cannot copy of an environment: a build context, a registry asset, an answer that failed', () => {
    const d = onlineDeployment(EP.id, 'blue', 'eastus2', {});
    const built = onlineLocalCopy({ deployment: d, endpoint: EP, code: '.', modelPath: 'm', environment: environmentVersion(WS, 'blue-env', '1', { build: { contextUri: 'https://sa.blob.core.windows.net/azureml/ctx/' } }) });
    assert.ok(built.notes.some((n) => n.includes('https://sa.blob.core.windows.net/azureml/ctx/')));
    // Written as the reference Deploy Locally refuses on its line (with its own reason), not as something that half works.
    const read = readOnlineDeployment(file(built, 'deployment.yml'));
    assert.equal(read.deployment?.environment?.kind, 'registered');
    assert.ok(read.problems.some((p) => p.code === 'registered-environment'));

    const failed = onlineLocalCopy({ deployment: d, endpoint: EP, code: '.', modelPath: 'm', environment: { error: 'AuthorizationFailed: no read on environments' } });
    assert.ok(failed.notes.some((n) => n.includes('AuthorizationFailed') && n.includes('azureml:blue-env:1')), failed.notes.join('\n'));

    const curated = { ...d, properties: { ...d.properties, environmentId: 'azureml://registries/azureml/environments/sklearn-1.5/versions/3' } };
    const fromRegistry = onlineLocalCopy({ deployment: curated, endpoint: EP, code: '.', modelPath: 'm' });
    assert.ok(fromRegistry.notes.some((n) => n.includes('azureml')), fromRegistry.notes.join('\n'));
    assert.equal(readOnlineDeployment(file(fromRegistry, 'deployment.yml')).deployment?.environment?.kind, 'registered');
  });

  it('copies a Kubernetes deployment with its resources and the endpoint compute', () => {
    const d = onlineDeployment(EP.id, 'k8s', 'eastus2', { instanceCount: 3 }) as OnlineDeployment;
    d.properties = { ...d.properties, endpointComputeType: 'Kubernetes', containerResourceRequirements: { containerResourceRequests: { cpu: '0.5', memory: '1Gi' }, containerResourceLimits: { cpu: '1', memory: '2Gi', gpu: '1' } } };
    const ep: OnlineEndpoint = { ...EP, properties: { ...EP.properties, compute: `${WS}/computes/k8s-compute`, authMode: 'AMLToken' } };
    const copy = onlineLocalCopy({ deployment: d, endpoint: ep, environment: environmentVersion(WS, 'e', '1', { image: IMAGE }), code: '.', modelPath: 'm' });
    const { deployment, endpoint } = readBack(copy);
    assert.equal(deployment.schema, 'kubernetes');
    assert.equal(deployment.instanceCount, 3);
    assert.deepEqual(deployment.resources, { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi', gpu: '1' } });
    assert.equal(endpoint.compute, 'azureml:k8s-compute');
    assert.equal(endpoint.authMode, 'aml_token');
  });

  it('reads ARM durations and asset ids, and keeps folder names inside .azureml-local', () => {
    assert.equal(isoDurationMs('PT5S'), 5000);
    assert.equal(isoDurationMs('PT0.5S'), 500);
    assert.equal(isoDurationMs('PT1M30S'), 90_000);
    assert.equal(isoDurationMs('P1DT1H'), 90_000_000);
    for (const bad of ['', 'P', 'PT', '5s', 'PTS', null, undefined, 'PT-1S']) assert.equal(isoDurationMs(bad), undefined, String(bad));
    assert.deepEqual(assetOf(`${WS}/models/m/versions/4`), { ref: `azureml:${WS}/models/m/versions/4`, name: 'm', version: '4', inWorkspace: true });
    assert.equal(assetOf('azureml://registries/azureml/environments/x/versions/2')?.registry, 'azureml');
    assert.equal(assetOf('azureml://registries/azureml/environments/x/versions/2')?.inWorkspace, false);
    assert.equal(assetOf(''), undefined);
    assert.equal(localCopyFolder('sample-endpoint', 'crashloop'), '.azureml-local/sample-endpoint-crashloop');
    for (const hostile of [['..', '..'], ['../../etc', 'passwd'], ['a/b\\c', 'd:e'], ['', '']]) {
      const f = localCopyFolder(...hostile);
      assert.match(f, /^\.azureml-local\/[A-Za-z0-9_][A-Za-z0-9_.-]*$/, f);
      assert.ok(!f.slice('.azureml-local/'.length).includes('..') || !f.includes('/..'), f);
    }
  });

  it('quotes for PyYAML: words YAML 1.1 reads as booleans, numbers or null stay strings', () => {
    const text = cliYaml({ a: 'yes', b: 'On', c: '1e3', d: '0o17', e: '~', f: '2026-11-30' });
    const read = readOnlineDeployment(`name: n\nendpoint_name: e\nenvironment_variables:\n${text.split('\n').filter(Boolean).map((l) => `  ${l}`).join('\n')}\n`);
    assert.deepEqual(read.deployment?.environmentVariables, { a: 'yes', b: 'On', c: '1e3', d: '0o17', e: '~', f: '2026-11-30' });
  });

  it('round-trips any names and values (property, seed 42): what the reader gets back is what Azure holds, secrets aside', function () {
    // Each run parses the YAML it wrote; a loaded machine must not fail it for slowness.
    this.timeout(120_000);
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    // A name is never empty in Azure (the reader takes an empty one for none).
    const names = text.filter((n) => n.trim() !== '');
    fc.assert(fc.property(fc.dictionary(text, text, { maxKeys: 8 }), names, (vars, name) => {
      const notes: string[] = [];
      const expected = writableVariables(vars, notes) ?? {};
      const d = onlineDeployment(EP.id, 'blue', 'eastus2', { environmentVariables: vars });
      const copy = onlineLocalCopy({ deployment: { ...d, name }, endpoint: EP, environment: environmentVersion(WS, 'e', '1', { image: IMAGE }), code: '.', modelPath: 'm' });
      const read = readOnlineDeployment(file(copy, 'deployment.yml'));
      assert.ok(read.deployment, read.problems.map((p) => p.message).join('\n'));
      assert.equal(read.deployment.name, name.trim(), 'the reader trims names');
      assert.deepEqual(read.deployment.environmentVariables, expected);
    }), { seed: 42, numRuns: 200 });
  });
});

describe('localCopy: the copies stay out of the user\'s commits', () => {
  it('the copies folder\'s own .gitignore makes git ignore everything in it, itself included, and nothing beside it', function () {
    this.timeout(20_000);
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-copies-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'core.excludesFile=/dev/null', ...args], { cwd: repo, encoding: 'utf8' });
      git('init', '-q');
      const copy = path.join(repo, localCopyFolder('sample-endpoint', 'crashloop'));
      fs.mkdirSync(copy, { recursive: true });
      for (const f of ['deployment.yml', 'endpoint.yml', 'conda.yml']) fs.writeFileSync(path.join(copy, f), 'name: x\n');
      fs.writeFileSync(path.join(repo, 'score.py'), 'def init():\n    pass\n');
      assert.match(git('status', '--porcelain', '--untracked-files=all'), /\.azureml-local\//, 'without it, the copies would be committed');
      fs.writeFileSync(path.join(repo, LOCAL_COPIES, LOCAL_COPIES_IGNORE.name), LOCAL_COPIES_IGNORE.text);
      assert.equal(git('status', '--porcelain', '--untracked-files=all').trim(), '?? score.py');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
