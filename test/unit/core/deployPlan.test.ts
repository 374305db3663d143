// The local deployment's pure core: inferenceconfig.json reading with placed
// problems, the environment plan against a base image's facts, the layered
// Dockerfile and its hashes, the tar context (checked by the system's tar),
// and the test request verdicts.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newDeployConfigText, readDeployConfig } from '../../../src/core/deploy/deployConfig';
import { constraintOf, failedInstallIn, planEnvironment, readRequirements, satisfies, type BaseFacts, type Requirement } from '../../../src/core/deploy/deployEnvironment';
import { changedLayers, deployPlan, dockerQuote, hashesFromLabels, serviceNameFrom, type PlanInput } from '../../../src/core/deploy/deployPlan';
import { tarArchive } from '../../../src/core/docker/tarArchive';
import { describeResponse, prepareTestRequest } from '../../../src/core/deploy/testRequest';

const sampleConfig = fs.readFileSync(path.resolve(__dirname, '../../../../sample/inferenceconfig.json'), 'utf8');
const sampleEnv = fs.readFileSync(path.resolve(__dirname, '../../../../sample/myenv.yml'), 'utf8');
// What the probe finds in mcr.microsoft.com/azureml/minimal-py312-inference: a root-owned env, the non-root dockeruser.
const base: BaseFacts = {
  python: '3.11.2',
  packages: { flask: '2.2.2', gunicorn: '20.1.0', debugpy: '1.6.6' },
  pip: true,
  conda: false,
  executable: '/opt/miniconda/envs/amlenv/bin/python',
  envPath: '/opt/miniconda/envs/amlenv',
  envWritable: false,
  user: 'dockeruser',
  uid: 1000,
  gid: 1000,
  groups: [1000],
};

describe('deployConfig.readDeployConfig', () => {
  it('reads the sample', () => {
    assert.deepEqual(readDeployConfig(sampleConfig).config, { entryScript: 'score.py', sourceDirectory: '.', condaFile: 'myenv.yml', modelPath: 'model' });
  });
  it('places a JSON error at its line and column', () => {
    const r = readDeployConfig('{\n  "entryScript": "score.py"\n  "modelPath": "m"\n}');
    assert.equal(r.config, undefined);
    assert.deepEqual(r.problems[0], { message: 'inferenceconfig.json is not valid JSON: a "," is expected', line: 3, column: 3 });
  });
  it('asks for an entry script and places wrong types', () => {
    assert.match(readDeployConfig('{}').problems[0].message, /No "entryScript"/);
    const r = readDeployConfig('{"entryScript": "score.py",\n "modelPath": 3}');
    assert.deepEqual([r.problems[0].line, r.problems[0].column], [2, 15]);
    assert.match(readDeployConfig('{"entryScript": "score.txt"}').problems[0].message, /not a \.py file/);
    assert.match(readDeployConfig('{"entryScript": "../x.py"}').problems[0].message, /may not leave/);
    assert.match(readDeployConfig('[1]').problems[0].message, /one JSON object/);
  });
  it('accepts comments, older keys, and writes a config that reads back the same', () => {
    const r = readDeployConfig('// mine\n{"entry_script": "s.py", "condaFile": "env.yml",}');
    assert.deepEqual(r.config, { entryScript: 's.py', sourceDirectory: '.', condaFile: 'env.yml', modelPath: undefined });
    const config = { entryScript: 'a.py', sourceDirectory: '.', condaFile: 'e.yml', modelPath: 'm' };
    assert.deepEqual(readDeployConfig(newDeployConfigText(config)).config, config);
  });
});

describe('deployEnvironment', () => {
  const reqs = (text: string): Requirement[] => {
    const r = readRequirements(text);
    if ('error' in r) throw new Error(r.error);
    return r.requirements;
  };
  it('reads the sample environment and places a YAML error', () => {
    assert.deepEqual(reqs(sampleEnv).map((r) => `${r.source}:${r.name}`), ['conda:python', 'conda:pip', 'pip:azureml-defaults', 'pip:numpy']);
    const bad = readRequirements('dependencies:\n  - [\n');
    assert.ok('error' in bad && bad.line >= 2 && /not valid YAML/.test(bad.error));
  });
  it('installs only what the base lacks into its env with its pip, as root then back to the image user', () => {
    const plan = planEnvironment(reqs(sampleEnv), base, ['azureml-defaults']);
    assert.deepEqual(plan.install.map((r) => r.name), ['numpy']);
    assert.deepEqual(plan.provided.map((r) => r.name), ['azureml-defaults']);
    assert.equal(plan.installer, 'pip');
    assert.match(plan.script ?? '', /^'\/opt\/miniconda\/envs\/amlenv\/bin\/python' -m pip install .* 'numpy' \|\|/m);
    assert.doesNotMatch(plan.script ?? '', /apt-get|python3-numpy/);
    assert.equal(plan.restoreUser, 'dockeruser');
    assert.deepEqual(plan.warnings, []);
  });
  it('stays the image user when it can write its env, or is root', () => {
    const spec = reqs('dependencies:\n  - pip:\n    - numpy\n');
    assert.equal(planEnvironment(spec, { ...base, envWritable: true }, []).restoreUser, undefined);
    assert.equal(planEnvironment(spec, { ...base, user: '', uid: 0, gid: 0 }, []).restoreUser, undefined);
    assert.match(planEnvironment(spec, { ...base, user: 'bad user\nRUN x' }, []).error ?? '', /cannot be restored/);
  });
  it('installs into the env with conda when it has no pip', () => {
    const plan = planEnvironment(reqs('dependencies:\n  - numpy\n'), { ...base, pip: false, conda: true }, []);
    assert.match(plan.script ?? '', /conda install -y -q -p '\/opt\/miniconda\/envs\/amlenv' 'numpy'/);
  });
  it('needs no layer when the base has everything, checking versions', () => {
    const plan = planEnvironment(reqs('dependencies:\n  - pip:\n    - Flask>=2.0\n    - gunicorn==20.1.*\n'), base, []);
    assert.equal(plan.script, undefined);
    assert.equal(plan.present.length, 2);
    assert.deepEqual(planEnvironment(reqs('dependencies:\n  - pip:\n    - flask>=3\n'), base, []).install.map((r) => r.spec), ['flask>=3']);
  });
  it('prefers pip with no retries and a short timeout, and fails at plan time with no installer', () => {
    const pip = planEnvironment(reqs('dependencies:\n  - pip:\n    - numpy\n'), base, []);
    assert.match(pip.script ?? '', /pip install .*--retries 0 --timeout 5 'numpy' \|\| \{ echo 'AZUREML_DEBUG_ENV_FAILED: could not install numpy with pip'; exit 1; \}/);
    const none = planEnvironment(reqs('dependencies:\n  - pip:\n    - numpy\n'), { ...base, pip: false }, []);
    assert.match(none.error ?? '', /lacks numpy and its Python env \(\/opt\/miniconda\/envs\/amlenv\) has no pip or conda/);
  });
  it('warns on a Python version the base does not have', () => {
    assert.match(planEnvironment(reqs('dependencies:\n  - python=3.8\n'), base, []).warnings[0], /python=3\.8.*3\.11\.2/);
  });
  it('quotes specs for the shell and finds the failure line in a build log', () => {
    const plan = planEnvironment(reqs("dependencies:\n  - pip:\n    - \"we'ird\"\n"), base, []);
    assert.match(plan.script ?? '', /'we'"'"'ird'/);
    assert.equal(failedInstallIn('x\nAZUREML_DEBUG_ENV_FAILED: could not install a with pip\nmore'), 'could not install a with pip');
    assert.equal(failedInstallIn('no marker'), undefined);
  });
  it('compares versions and constraints', () => {
    assert.ok(satisfies('1.24.2', '>=1.20,<2'));
    assert.ok(!satisfies('1.24.2', '<1.24'));
    assert.ok(satisfies('3.11.2', '=3.11'));
    assert.ok(!satisfies('3.10.1', '=3.11'));
    assert.ok(satisfies('2.2.2', '~=2.2.0'));
    assert.ok(!satisfies('2.3.0', '~=2.2.0'));
    assert.ok(satisfies('1.2.9', '==1.2.*'));
    assert.ok(satisfies('1.0', '!=1.1'));
    assert.equal(constraintOf('numpy>=1.2', 'numpy'), '>=1.2');
    assert.equal(constraintOf('python=3.11', 'python'), '=3.11');
    assert.equal(constraintOf('conda-forge::numpy', 'numpy'), undefined);
  });
});

describe('deployPlan', () => {
  const input = (over: Partial<PlanInput> = {}): PlanInput => ({
    service: 'sample',
    sourceFolder: '/work/my "app" $HOME',
    configPath: '/work/app/inferenceconfig.json',
    entryScript: 'score.py',
    baseImage: 'azureml-debug/inference:latest',
    environment: planEnvironment([{ name: 'numpy', spec: 'numpy', source: 'pip' }], base, []),
    model: { name: 'model', isFile: false, files: [{ path: 'model.json', data: new TextEncoder().encode('{"bias":1}') }] },
    version: 1,
    ...over,
  });
  it('orders layers from environment to labels, with the Azure ML contract in ENV', () => {
    const p = deployPlan(input());
    const lines = p.dockerfile.split('\n').filter((l) => /^[A-Z]/.test(l)).map((l) => l.split(' ')[0]);
    assert.deepEqual(lines, ['FROM', 'LABEL', 'COPY', 'USER', 'RUN', 'USER', 'COPY', 'ENV', 'LABEL', 'EXPOSE']);
    // Root only for the install step: the image's own user runs the server.
    assert.match(p.dockerfile, /USER root\nRUN \["\/bin\/sh", "\/tmp\/azureml-debug-environment.sh"\]\nUSER dockeruser\n/);
    assert.match(p.dockerfile, /COPY \["model\/", "\/var\/azureml-models\/model\/"\]/);
    assert.equal(p.env.AZUREML_MODEL_DIR, '/var/azureml-models');
    assert.equal(p.env.AZUREML_ENTRY_SCRIPT, 'score.py');
    assert.equal(p.tag, 'azureml-local/sample:1');
    assert.deepEqual(p.files.map((f) => f.path), ['Dockerfile', '.azureml-debug/environment.sh', 'model/model.json']);
    // The source path is escaped so LABEL neither breaks nor expands $HOME.
    assert.ok(p.dockerfile.includes('com.azureml-debug.source="/work/my \\"app\\" \\$HOME"'));
  });
  it('hashes each layer apart: a new model changes only the model hash', () => {
    const a = deployPlan(input());
    const b = deployPlan(input({ version: 2, model: { name: 'model', isFile: false, files: [{ path: 'model.json', data: new TextEncoder().encode('{"bias":2}') }] } }));
    assert.deepEqual(changedLayers(a.hashes, b.hashes), ['model']);
    assert.deepEqual(changedLayers(hashesFromLabels(a.labels), deployPlan(input()).hashes), []);
    const c = deployPlan(input({ environment: planEnvironment([], base, []) }));
    assert.deepEqual(changedLayers(a.hashes, c.hashes), ['environment']);
    assert.ok(!c.dockerfile.includes('RUN'));
    assert.deepEqual(changedLayers(undefined, a.hashes), ['environment', 'model', 'config']);
  });
  it('copies a single-file model and names services safely', () => {
    const p = deployPlan(input({ model: { name: 'clf.pkl', isFile: true, files: [{ path: '', data: new Uint8Array([1]) }] } }));
    assert.match(p.dockerfile, /COPY \["model", "\/var\/azureml-models\/clf\.pkl"\]/);
    assert.equal(serviceNameFrom('My Model (v2)!'), 'my-model-v2');
    assert.equal(serviceNameFrom('---'), '');
    assert.equal(dockerQuote('a\nb'), '"a b"');
  });
});

describe('tarArchive', () => {
  it('writes an archive the system tar lists and extracts byte for byte', () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt`;
    const bytes = tarArchive([
      { path: 'Dockerfile', data: new TextEncoder().encode('FROM x\n') },
      { path: long, data: new Uint8Array(1000).fill(7), mode: 0o755 },
      { path: 'empty', data: new Uint8Array(0) },
    ]);
    assert.equal(bytes.length % 512, 0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.tar'), bytes);
      execFileSync('tar', ['-xf', 'a.tar'], { cwd: dir });
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM x\n');
      assert.deepEqual(fs.readFileSync(path.join(dir, long)), Buffer.alloc(1000, 7));
      assert.equal(fs.statSync(path.join(dir, long)).mode & 0o777, 0o755);
      assert.equal(fs.statSync(path.join(dir, 'empty')).size, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(() => tarArchive([{ path: 'x'.repeat(300), data: new Uint8Array(0) }]), /too long/);
  });
});

describe('testRequest', () => {
  it('sends JSON as JSON and anything else as text, saying where it broke', () => {
    assert.deepEqual(prepareTestRequest('\uFEFF{"data": [[1]]}'), { body: '{"data": [[1]]}', contentType: 'application/json' });
    const t = prepareTestRequest('{"data": [\n  1,,\n]}');
    assert.equal(t.contentType, 'text/plain; charset=utf-8');
    assert.deepEqual(t.notJson, { line: 2, column: 5 });
  });
  it('explains 502, 503, 504, the server 500s, and no answer', () => {
    assert.equal(describeResponse(200, '{}', 5).kind, 'ok');
    assert.equal(describeResponse(502, '', 5).kind, 'run-crashed');
    assert.equal(describeResponse(500, 'An unexpected error occurred in scoring script. Check the logs for more info.', 5).kind, 'run-crashed');
    assert.equal(describeResponse(503, '', 5).kind, 'overloaded');
    assert.equal(describeResponse(504, '', 5).kind, 'timeout');
    assert.equal(describeResponse(500, 'Scoring timeout after 60000 ms', 5).timeoutMs, 60000);
    assert.equal(describeResponse(415, 'bad type', 5).kind, 'client-error');
    assert.equal(describeResponse(500, 'boom', 5).kind, 'server-error');
    assert.equal(describeResponse(undefined, 'socket hang up', 5).kind, 'no-answer');
  });
});
