// inferenceconfig.json read for a local deployment: the sample's paths, and
// each problem placed at its line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newDeployConfigText, readDeployConfig } from '../../../../src/core/deploy/deployConfig';

const sampleConfig = fs.readFileSync(path.resolve(__dirname, '../../../../../sample/inferenceconfig.json'), 'utf8');

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
  it('reads null as an absent key, as the v1 SDK and CLI write unset ones', () => {
    const fixture = (name: string) => fs.readFileSync(path.resolve(__dirname, '../../../../../test/fixtures/v1', name), 'utf8');
    const sdk = readDeployConfig(fixture('inferenceconfig.sdk.json'));
    assert.deepEqual(sdk.problems, []);
    assert.deepEqual(sdk.config, { entryScript: 'score.py', sourceDirectory: '.', condaFile: 'myenv.yml', modelPath: undefined });
    // "environment": null falls through to condaFile; "modelPath": null is no model.
    const cli = readDeployConfig(fixture('inferenceconfig.cli.json'));
    assert.deepEqual(cli.config, { entryScript: 'score.py', sourceDirectory: 'src', condaFile: 'myenv.yml', modelPath: undefined });
    // A null entry script is still a missing one.
    assert.match(readDeployConfig('{"entryScript": null, "sourceDirectory": null}').problems[0].message, /No "entryScript"/);
  });
  it('reads the conda specification the SDK writes inline (condaDependencies) when no file is named, and places a wrong one', () => {
    const spec = '{"name": "project_environment", "dependencies": ["python=3.8", {"pip": ["azureml-defaults", "numpy"]}], "channels": ["conda-forge"]}';
    const text = `{"entryScript": "score.py", "environment": {"python": {"condaDependenciesFile": null, "condaDependencies": ${spec}}}}`;
    const config = readDeployConfig(text).config!;
    assert.equal(config.condaFile, undefined);
    assert.deepEqual(JSON.parse(config.condaInline!), JSON.parse(spec));
    const both = readDeployConfig(`{"entryScript": "score.py", "condaFile": "env.yml", "environment": {"python": {"condaDependencies": ${spec}}}}`).config!;
    assert.deepEqual([both.condaFile, both.condaInline], ['env.yml', undefined], 'a named file wins');
    const wrong = readDeployConfig('{"entryScript": "score.py",\n "environment": {"python": {"condaDependencies": "numpy"}}}');
    assert.equal(wrong.problems[0]?.line, 2);
    assert.match(wrong.problems[0]?.message ?? '', /condaDependencies" must be a conda specification/);
  });

  it('accepts comments, older keys, and writes a config that reads back the same', () => {
    const r = readDeployConfig('// mine\n{"entry_script": "s.py", "condaFile": "env.yml",}');
    assert.deepEqual(r.config, { entryScript: 's.py', sourceDirectory: '.', condaFile: 'env.yml', modelPath: undefined });
    const config = { entryScript: 'a.py', sourceDirectory: '.', condaFile: 'e.yml', modelPath: 'm' };
    assert.deepEqual(readDeployConfig(newDeployConfigText(config)).config, config);
  });
});

describe('deployConfig.readDeployConfig on hostile input (issue 17)', () => {
  it('answers an inferenceconfig.json nested 100,000 deep with a problem, not a stack overflow', () => {
    for (const text of [`{"environment": ${'['.repeat(100_000)}`, `{"a": ${'{"b": '.repeat(30_000)}1${'}'.repeat(30_001)}`]) {
      const r = readDeployConfig(text);
      assert.equal(r.config, undefined);
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0].message, /^inferenceconfig\.json is nested deeper than 64 levels/);
      assert.equal(r.problems[0].line, 1);
    }
  });

  it('places each of 100,000 syntax errors on its line, in one pass over the file', () => {
    // Each error's position was read from the start of the file: minutes for this one.
    const r = readDeployConfig('a\n'.repeat(100_000));
    const each = r.problems.slice(0, 100_000);
    assert.equal(each.length, 100_000);
    assert.ok(each.every((p, i) => p.line === i + 1 && p.column === 1));
  });

  it('answers an inferenceconfig.json past 256 KB with that problem, at its start', () => {
    const r = readDeployConfig(`{"entryScript": "score.py", "x": "${'a'.repeat(256 * 1024)}"}`);
    assert.deepEqual(r.problems.map((p) => [p.message.split(';')[0], p.line, p.column]), [['inferenceconfig.json is larger than 256 KB', 1, 1]]);
  });
});
