// The v2 corpus (test/fixtures/v2, one folder per case, with the files each
// names): every deployment.yml read to its values and to the exact problem
// codes and lines, its endpoint.yml when the case has one, and the paths it
// names checked against the real folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registeredRef } from '../../../../src/core/deploy/onlineAssets';
import { readOnlineDeployment, readOnlineEndpoint, type OnlineDeployment, type OnlineEndpoint } from '../../../../src/core/deploy/onlineDeployment';
import { checkOnlinePaths } from '../../../../src/core/deploy/onlinePaths';
import { repoRoot } from '../edits/textChecks';

type Found = [code: string, line: number][];
interface Case {
  /** The deployment file in the case folder, when not deployment.yml. */
  file?: string;
  problems?: Found;
  paths?: Found;
  values?: Partial<OnlineDeployment>;
  endpoint?: { values: Partial<OnlineEndpoint>; problems?: Found };
}

const image = 'mcr.microsoft.com/azureml/minimal-py312-inference:latest';
const imageEnv = { kind: 'image', image, condaInline: false, customContainer: false } as const;
const defaults = { requestTimeoutMs: 5000, maxConcurrentRequestsPerInstance: 1, maxQueueWaitMs: 500 };
const probeDefaults = { initialDelay: 10, period: 10, timeout: 2, successThreshold: 1, failureThreshold: 30 };

const cases: Record<string, Case> = {
  'managed-basic': {
    values: {
      schema: 'managed', name: 'blue', endpointName: 'my-endpoint', model: { kind: 'path', path: 'model/model.pkl' },
      code: 'onlinescoring', scoringScript: 'score.py', environment: { ...imageEnv, condaFile: 'environment/conda.yml' },
      environmentVariables: {}, requestSettings: defaults, livenessProbe: probeDefaults, readinessProbe: probeDefaults,
      instanceCount: 1, instanceType: 'Standard_DS3_v2', resources: undefined, appInsightsEnabled: false,
    },
    endpoint: { values: { schema: 'managed', name: 'my-endpoint', authMode: 'key', traffic: {} } },
  },
  'examples-layout': {
    file: 'endpoints/blue-deployment.yml',
    values: { model: { kind: 'path', path: '../model-1/model/' }, code: '../model-1/onlinescoring/' },
  },
  'kubernetes-basic': {
    values: {
      schema: 'kubernetes', instanceCount: 2, instanceType: undefined,
      requestSettings: { requestTimeoutMs: 3000, maxConcurrentRequestsPerInstance: 1, maxQueueWaitMs: 3000 },
      resources: { requests: { cpu: '0.1', memory: '0.1Gi' }, limits: { cpu: '0.2', memory: '200Mi', gpu: '1' } },
      livenessProbe: { initialDelay: 5, period: 5, timeout: 10, successThreshold: 1, failureThreshold: 1 },
      readinessProbe: { initialDelay: 5, period: 5, timeout: 10, successThreshold: 1, failureThreshold: 3 },
    },
    endpoint: { values: { schema: 'kubernetes', name: 'k8s-endpoint', authMode: 'key', compute: 'azureml:inferencecompute' } },
  },
  // A float cpu: the SDK's String field refuses it.
  'kubernetes-schema-url': { problems: [['wrong-type', 13]], values: { schema: 'kubernetes', appInsightsEnabled: true, resources: { requests: { memory: '1Gi' }, limits: {} } } },
  comments: { values: { name: 'blue', endpointName: 'my-endpoint', model: { kind: 'path', path: 'model' }, environment: { ...imageEnv, condaFile: 'environment/conda.yml' } } },
  'anchors-probes': { values: { livenessProbe: { initialDelay: 30, period: 15, timeout: 5, successThreshold: 1, failureThreshold: 10 }, readinessProbe: { initialDelay: 30, period: 15, timeout: 5, successThreshold: 1, failureThreshold: 10 } } },
  // Own keys override merged ones; among merged maps the first wins (PyYAML).
  'merge-keys': { values: { environmentVariables: { WORKER_COUNT: '2', AZUREML_LOG_LEVEL: 'INFO' }, requestSettings: { ...defaults, requestTimeoutMs: 90000, maxConcurrentRequestsPerInstance: 2 } } },
  'model-registered': { problems: [['registered-model', 4]], paths: [], values: { model: { kind: 'registered', ref: 'azureml:sklearn-regression:3', name: 'sklearn-regression', version: '3' } } },
  'model-latest': {
    problems: [['registered-model', 4], ['registered-environment', 8]],
    values: {
      model: { kind: 'registered', ref: 'azureml:sklearn-regression@latest', name: 'sklearn-regression', label: 'latest' },
      environment: { kind: 'registered', ref: 'azureml:sklearn-env:2', name: 'sklearn-env', version: '2' },
    },
  },
  'registry-assets': {
    problems: [['registered-model', 4], ['registered-environment', 5]],
    values: {
      model: { kind: 'registered', ref: 'azureml://registries/azureml/models/distilbert-base-uncased/versions/11', name: 'distilbert-base-uncased', version: '11', registry: 'azureml' },
      environment: { kind: 'registered', ref: 'azureml://registries/azureml/environments/sklearn-1.5/labels/latest', name: 'sklearn-1.5', label: 'latest', registry: 'azureml' },
    },
  },
  'model-inline-named': { values: { model: { kind: 'path', path: 'model/sklearn_regression_model.pkl', name: 'sklearn-regression', version: '1' } } },
  'model-string-path': { problems: [['model-needs-mapping', 4]], values: { model: { kind: 'path', path: './model' } } },
  'model-local-path': { problems: [['model-without-path', 4], ['unknown-key', 7]], values: { model: undefined, code: undefined, environment: { kind: 'image', image: 'docker.io/tensorflow/serving:latest', condaInline: false, customContainer: true } } },
  'custom-container': {
    values: {
      model: { kind: 'path', path: './half_plus_two', name: 'tfserving-mounted', version: '1' }, modelMountPath: '/var/tfserving-model-mount',
      environmentVariables: { MODEL_BASE_PATH: '/var/tfserving-model-mount/tfserving-mounted/1', MODEL_NAME: 'half_plus_two' },
      environment: { kind: 'image', image: 'docker.io/tensorflow/serving:latest', condaInline: false, customContainer: true },
    },
  },
  'env-build': { values: { environment: { kind: 'build', path: 'docker-context', dockerfile: 'Dockerfile.gpu', customContainer: false } } },
  'env-build-no-dockerfile': { paths: [['path-not-found', 11]], values: { environment: { kind: 'build', path: 'docker-context', customContainer: false } } },
  'env-inline-conda': { values: { environment: { ...imageEnv, condaInline: true } } },
  'env-both': { problems: [['environment-both', 11], ['unknown-key', 13]], values: { environment: imageEnv } },
  'env-incomplete': { problems: [['environment-incomplete', 9]], values: { environment: undefined } },
  'env-vars': {
    problems: [['env-coerced', 14], ['env-coerced', 15], ['env-coerced', 16], ['env-coerced', 17], ['env-coerced', 18]],
    values: {
      environmentVariables: {
        WORKER_COUNT: '2', WORKER_TIMEOUT: '300', AML_MODEL_DC_STORAGE_ENABLED: 'False', APP_INSIGHTS_LOG_RESPONSE_ENABLED: 'True',
        SCORING_TIMEOUT_MS: '60000', THRESHOLD: '0.5', FILE_MODE: '420', AZUREML_LOG_LEVEL: 'DEBUG', EMPTY: '', GREETING: "it's here",
      },
    },
  },
  'env-vars-bad': { problems: [['wrong-type', 13], ['null-value', 15]], values: { environmentVariables: { OK: '1' } } },
  'out-of-range': {
    problems: [['out-of-range', 13], ['out-of-range', 14], ['deprecated-key', 15], ['out-of-range', 17], ['out-of-range', 18]],
    values: { requestSettings: defaults, livenessProbe: probeDefaults, instanceCount: 1 },
  },
  'wrong-types': {
    problems: [['wrong-type', 2], ['wrong-type', 13], ['wrong-type', 15], ['wrong-type', 18], ['wrong-type', 19], ['wrong-type', 20]],
    // Digits in quotes pass, as marshmallow's Integer converts them.
    values: { name: undefined, instanceCount: 2, requestSettings: { ...defaults, maxConcurrentRequestsPerInstance: 4 } },
  },
  'kubernetes-key-in-managed': { problems: [['schema-key', 12]], values: { resources: undefined } },
  // Kubernetes has no 180000 ms ceiling.
  'managed-key-in-kubernetes': { problems: [['schema-key', 11]], values: { schema: 'kubernetes', requestSettings: { ...defaults, requestTimeoutMs: 300000 } } },
  'unknown-keys': { problems: [['missing-key', 1], ['unknown-key', 11], ['unknown-key', 12], ['unknown-key', 13]] },
  'broken-indent': { problems: [['yaml-syntax', 6]] },
  'broken-tabs': { problems: [['yaml-syntax', 5], ['yaml-syntax', 6]] },
  'broken-flow': { problems: [['yaml-syntax', 5]] },
  'duplicate-keys': { problems: [['duplicate-key', 12]], values: { name: 'green' } },
  'missing-keys': { problems: [['missing-key', 1], ['missing-key', 1], ['missing-key', 1], ['missing-key', 1]], values: { name: undefined, environment: undefined } },
  'code-without-script': { problems: [['missing-scoring-script', 7]], values: { code: 'onlinescoring', scoringScript: undefined } },
  'script-without-code': { problems: [['missing-code', 7]], values: { code: undefined, scoringScript: 'score.py' } },
  'paths-wrong': { paths: [['path-not-found', 5], ['not-a-folder', 7], ['not-a-file', 11]] },
  'script-missing': { paths: [['path-not-found', 6]], values: { model: undefined, code: 'src', scoringScript: 'scoring/score.py' } },
  'wrong-schema-file': { problems: [['missing-key', 1], ['missing-key', 1], ['missing-key', 1], ['schema-url', 1], ['unknown-key', 3]], values: { schema: 'unknown' } },
  'schema-type-mismatch': { problems: [['schema-mismatch', 3]], values: { schema: 'kubernetes' } },
  'endpoint-mismatch': {
    problems: [['schema-mismatch', 1], ['endpoint-mismatch', 3]],
    values: { endpointName: 'my-endpoint' },
    endpoint: { values: { schema: 'kubernetes', name: 'other-endpoint', authMode: 'aml_token', traffic: { blue: 90 } }, problems: [['wrong-type', 7]] },
  },
  // The endpoint file names the endpoint: no warning for the missing key.
  'endpoint-name-from-endpoint': { values: { endpointName: 'my-endpoint' }, endpoint: { values: { authMode: 'aml_token', traffic: { blue: 100 } } } },
  crlf: { problems: [['out-of-range', 13]], values: { name: 'blue', code: 'onlinescoring' } },
  quoted: { values: { name: 'blue', endpointName: 'my-endpoint', model: { kind: 'path', path: 'model' }, code: 'onlinescoring', scoringScript: 'score.py', instanceCount: 3 } },
  'null-values': { problems: [['null-value', 4], ['null-value', 12], ['null-value', 13]], values: { instanceType: undefined, requestSettings: defaults } },
  'no-scoring-code': { problems: [['no-scoring-code', 6]], values: { code: undefined } },
  'billion-laughs': { problems: [...Array.from({ length: 10 }, (_, i): [string, number] => ['unknown-key', 10 + i]), ['wrong-type', 20], ['wrong-type', 21]], values: { environmentVariables: {} } },
  'not-a-mapping': { problems: [['not-a-mapping', 1]] },
  'data-collector': { values: { instanceCount: 3, appInsightsEnabled: true } },
};

const corpusDir = path.join(repoRoot, 'test', 'fixtures', 'v2');
const probe = (p: string) => {
  try {
    return fs.statSync(p).isDirectory() ? ('folder' as const) : ('file' as const);
  } catch {
    return undefined;
  }
};

describe('onlineDeployment (v2 corpus)', () => {
  it('has at least 30 cases, each with an expectation', () => {
    const folders = fs.readdirSync(corpusDir).sort();
    assert.ok(folders.length >= 30, `${folders.length} cases`);
    assert.deepEqual(folders, Object.keys(cases).sort());
  });

  for (const [name, expected] of Object.entries(cases)) {
    it(name, () => {
      const file = path.join(corpusDir, name, expected.file ?? 'deployment.yml');
      const endpointFile = path.join(corpusDir, name, 'endpoint.yml');
      const endpoint = fs.existsSync(endpointFile) ? readOnlineEndpoint(fs.readFileSync(endpointFile, 'utf8')) : undefined;
      assert.equal(!!endpoint, !!expected.endpoint, 'an endpoint.yml exactly when expected');
      if (endpoint && expected.endpoint) {
        assert.deepEqual(found(endpoint.problems), expected.endpoint.problems ?? []);
        for (const [key, value] of Object.entries(expected.endpoint.values)) assert.deepEqual(endpoint.endpoint?.[key as keyof OnlineEndpoint], value, key);
      }
      const read = readOnlineDeployment(fs.readFileSync(file, 'utf8'), { endpoint: endpoint?.endpoint });
      assert.deepEqual(found(read.problems), expected.problems ?? [], read.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
      for (const [key, value] of Object.entries(expected.values ?? {})) assert.deepEqual(read.deployment?.[key as keyof OnlineDeployment], value, key);
      const paths = checkOnlinePaths(read, path.dirname(file), probe);
      assert.deepEqual(found(paths), expected.paths ?? [], paths.map((p) => p.message).join('\n'));
      for (const p of [...read.problems, ...paths]) {
        assert.ok(p.message.length > 10 && p.offset <= p.end, `${p.code} has words and a range`);
        assert.equal(lineOf(fs.readFileSync(file, 'utf8'), p.offset), p.line, `${p.code}: line and offset agree`);
      }
    });
  }
});

describe('registeredRef', () => {
  it('splits the reference forms the CLI takes', () => {
    assert.deepEqual(registeredRef('azureml:m:3'), { ref: 'azureml:m:3', name: 'm', version: '3' });
    assert.deepEqual(registeredRef('azureml:m'), { ref: 'azureml:m', name: 'm' });
    const arm = 'azureml:/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/models/m/versions/2';
    assert.deepEqual(registeredRef(arm), { ref: arm, name: 'm', version: '2' });
    assert.equal(registeredRef('./model'), undefined);
  });
});

function found(problems: { code: string; line: number }[]): Found {
  return problems.map((p) => [p.code, p.line]);
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
