// How the readers see YAML as the Azure ML CLI does: PyYAML 1.1 scalar types
// and Python's str() of them, and hostile files (nested anchors, merge fans,
// 40 KB of brackets) answered with problems, never a throw or a hang.
import * as assert from 'node:assert/strict';
import { Alias, parseDocument } from 'yaml';
import { readOnlineDeployment, readOnlineEndpoint } from '../../../../src/core/deploy/onlineDeployment';
import { cliScalar, pythonFloat, pythonStr } from '../../../../src/core/deploy/onlineYaml';

const typed = (source: string) => {
  const doc = parseDocument(`v: ${source}`);
  const s = cliScalar(doc.get('v', true) as never);
  return s && [s.type, pythonStr(s) ?? null];
};

describe('onlineYaml.cliScalar', () => {
  it('types plain scalars as PyYAML 1.1 does, and quoted ones as strings', () => {
    const table: [string, [string, string | null]][] = [
      ['yes', ['bool', 'True']], ['Off', ['bool', 'False']], ['y', ['str', 'y']], ['"yes"', ['str', 'yes']], ["'on'", ['str', 'on']],
      ['010', ['int', '8']], ['0x1F', ['int', '31']], ['0b101', ['int', '5']], ['1_000', ['int', '1000']], ['1:20', ['int', '80']], ['-7', ['int', '-7']],
      ['12345678901234567890', ['int', '12345678901234567890']],
      // PyYAML's float needs a dot, and a signed exponent.
      ['1.5e3', ['str', '1.5e3']], ['1.5e+3', ['float', '1500.0']], ['1e3', ['str', '1e3']], ['.5', ['float', '0.5']], ['-.inf', ['float', '-inf']],
      ['~', ['null', null]], ['null', ['null', null]], ['2024-01-31', ['timestamp', '2024-01-31']], ['v1.2', ['str', 'v1.2']],
    ];
    for (const [source, want] of table) assert.deepEqual(typed(source), want, source);
  });

  it('passes variables on as the CLI does, an aliased one by its value', () => {
    const r = readOnlineDeployment('name: a\nflags: &off false\nenvironment_variables:\n  A: *off\n  B: "false"\n  C: 2\n');
    assert.deepEqual(r.deployment?.environmentVariables, { A: 'False', B: 'false', C: '2' });
    assert.deepEqual(r.problems.filter((p) => p.code === 'env-coerced').map((p) => [p.path[1], p.line]), [['A', 4]]);
  });

  it("writes floats as Python's repr", () => {
    const table: [number, string][] = [
      [1, '1.0'], [0.5, '0.5'], [1500, '1500.0'], [1e16, '1e+16'], [1.5e-5, '1.5e-05'], [0.0001, '0.0001'],
      [123456789012345.6, '123456789012345.6'], [-0, '-0.0'], [1e22, '1e+22'], [-2.5e-7, '-2.5e-07'], [NaN, 'nan'],
    ];
    for (const [x, want] of table) assert.equal(pythonFloat(x), want, String(x));
  });
});

describe('online readers on hostile files', () => {
  it('answers 40 KB of nested brackets with a problem, even after a file with a tab error', () => {
    // The tab error first: in this order the yaml package's stack overflow
    // landed in V8's regexp compiler and killed the process.
    assert.equal(readOnlineDeployment('a:\n\tb: 1\n').problems[0].code, 'yaml-syntax');
    for (const text of ['['.repeat(40_000), `model: ${'{a: '.repeat(10_000)}`, '- '.repeat(20_000)]) {
      const r = readOnlineDeployment(text);
      assert.equal(r.deployment, undefined);
      assert.equal(r.problems[0].code, 'too-deep');
    }
    assert.equal(readOnlineEndpoint('['.repeat(40_000)).problems[0].code, 'too-deep');
  });

  it('never expands nested anchors or merge fans', () => {
    let laughs = 'name: blue\nendpoint_name: e\nenvironment: {image: x}\ncode_configuration: {code: ., scoring_script: s.py}\nl0: &l0 "lol"\n';
    for (let i = 1; i <= 30; i++) laughs += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    laughs += 'environment_variables: *l30\n';
    const a = readOnlineDeployment(laughs);
    assert.ok(a.problems.some((p) => p.code === 'wrong-type' && p.path[0] === 'environment_variables'));

    let fans = 'name: blue\nendpoint_name: e\nenvironment: {image: x}\ncode_configuration: {code: ., scoring_script: s.py}\nm0: &m0 {A: "1"}\n';
    for (let i = 1; i <= 30; i++) fans += `m${i}: &m${i}\n  <<: [${Array(10).fill(`*m${i - 1}`).join(', ')}]\n  K${i}: v\n`;
    fans += 'environment_variables: *m30\n';
    const b = readOnlineDeployment(fans);
    assert.equal(b.deployment?.environmentVariables.A, '1');
    assert.equal(b.deployment?.environmentVariables.K30, 'v');
    assert.ok(b.problems.some((p) => p.code === 'unknown-key'));
  });

  it('refuses more anchors and aliases than a real file has, and a file past the size limit, with their own codes', () => {
    const many = `name: blue\nx: &a v\nenvironment_variables:\n${Array.from({ length: 1000 }, (_, i) => `  K${i}: *a\n`).join('')}`;
    const r = readOnlineDeployment(many);
    assert.equal(r.deployment, undefined);
    assert.deepEqual([r.problems[0].code, r.problems[0].line], ['too-many-aliases', 1003]);
    assert.match(r.problems[0].message, /^deployment\.yml has more than 1000 anchors and aliases/);
    const big = readOnlineEndpoint(`name: e\nauth_mode: key\ndescription: ${'x'.repeat(600 * 1024)}\n`);
    assert.deepEqual([big.problems[0].code, big.problems[0].line, big.problems[0].column], ['too-large', 1, 1]);
    assert.match(big.problems[0].message, /^endpoint\.yml is larger than 128 KB/);
  });

  it("finds each alias's node without walking the whole file for it", () => {
    // Alias.resolve walks the document on every call: 990 aliases in a 400 KB
    // file took five seconds (issue 17). The reading indexes anchors once.
    const original = Alias.prototype.resolve;
    let walks = 0;
    Alias.prototype.resolve = function (...args: Parameters<Alias['resolve']>) {
      walks++;
      return original.apply(this, args);
    };
    try {
      const env = Array.from({ length: 900 }, (_, i) => `  K${i}: *v\n`).join('');
      const r = readOnlineDeployment(`name: blue\nx: &v "1"\nenvironment_variables:\n${env}`);
      assert.equal(r.deployment?.environmentVariables.K899, '1');
      assert.equal(walks, 0);
    } finally {
      Alias.prototype.resolve = original;
    }
  });

  it('reads a merge cycle without looping', () => {
    const r = readOnlineDeployment('name: blue\nrequest_settings: &r\n  request_timeout_ms: 100\n  <<: *r\n');
    assert.equal(r.deployment?.requestSettings.requestTimeoutMs, 100);
  });
});
