// The environment layer of a local deployment: what the base image already
// has, what is installed, and how a failed install is read back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { constraintOf, failedInstallIn, planEnvironment, readRequirements, satisfies, type Requirement } from '../../../../src/core/deploy/deployEnvironment';
import { base } from './baseFacts';

const sampleEnv = fs.readFileSync(path.resolve(__dirname, '../../../../../sample/myenv.yml'), 'utf8');

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
  it('says a refused file was not read, not that it is invalid YAML (issue 17)', () => {
    // 40 KB of `[` came back as "not valid YAML: Maximum call stack size exceeded".
    const deep = readRequirements(`dependencies:\n  - ${'['.repeat(40_000)}`);
    assert.ok('error' in deep);
    assert.match(deep.error, /^The environment file is nested deeper than 64 levels; it was not read\./);
    assert.equal(deep.line, 2);
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
