// The conda corpus: debugpy lands in the pip list as one insertion that keeps
// every other byte, the result parses, a second run changes nothing; listed
// debugpy/ptvsd and broken YAML leave the file alone; azureml-defaults checks.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addDebugpy, checkAzuremlDefaults, compareVersions, fixAzuremlDefaults } from '../../../../src/core/edits/condaEnv';
import { isYamlProblem, packageName, readConda } from '../../../../src/core/edits/condaPackages';
import { assertSameLineEnds, corpus, repoRoot, singleInsertion } from './textChecks';

type Outcome = 'added' | 'unchanged' | { line: number; column: number };
const expected = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/conda/expected.json'), 'utf8')) as Record<string, [Outcome, string]>;
const files = corpus('conda', ['expected.json']);

describe('condaEnv.addDebugpy (corpus)', () => {
  it('has at least 15 fixtures, each with an expectation', () => {
    assert.ok(files.length >= 15, `${files.length} fixtures`);
    assert.deepEqual(files.map(([f]) => f).sort(), Object.keys(expected).sort());
  });

  for (const [file, before] of files) {
    const [outcome] = expected[file];
    it(`${file}: ${typeof outcome === 'string' ? outcome : 'error'}`, () => {
      const result = addDebugpy(before);
      if (typeof outcome === 'object') {
        assert.ok('error' in result, 'broken input gives an error');
        assert.deepEqual({ line: result.line, column: result.column }, outcome, result.error);
        return;
      }
      assert.ok(!('error' in result), 'error' in result ? `${result.error} ${result.line}:${result.column}` : '');
      if (outcome === 'unchanged') {
        assert.equal(result.changed, false);
        assert.equal(result.text, before);
        assert.ok(!result.changed && /debugpy|ptvsd/.test(result.reason) && result.line > 0);
        return;
      }
      assert.equal(result.changed, true);
      const after = result.text;
      const inserted = singleInsertion(before, after);
      assert.match(inserted, /debugpy/);
      assertSameLineEnds(before, after);

      // It parses, debugpy is under pip:, pip is a conda dependency, and everything listed before still is.
      const layout = readConda(after);
      assert.ok(!isYamlProblem(layout), isYamlProblem(layout) ? layout.error : '');
      assert.ok(layout.packages.some((p) => p.name === 'debugpy' && p.pip), 'debugpy in the pip list');
      const old = readConda(before);
      if (!isYamlProblem(old) && !old.pipPair) {
        assert.ok(layout.packages.some((p) => p.name === 'pip' && !p.pip), 'pip added as a conda dependency with the new pip: list');
      }
      if (!isYamlProblem(old)) {
        assert.deepEqual(layout.packages.filter((p) => p.name !== 'debugpy' && p.name !== 'pip').map((p) => p.spec),
          old.packages.filter((p) => p.name !== 'pip').map((p) => p.spec));
      }

      const again = addDebugpy(after);
      assert.ok(!('error' in again) && again.changed === false && again.text === after, 'second run changes nothing');
    });
  }
});

describe('condaEnv.addDebugpy (details)', () => {
  const fixture = (f: string) => fs.readFileSync(path.join(repoRoot, 'test/fixtures/conda', f), 'utf8');

  it('writes the item in the list\'s own indentation', () => {
    const r = addDebugpy(fixture('four-space.yml'));
    assert.ok('changed' in r && r.changed);
    assert.ok(r.text.includes('        - pandas\n        - debugpy\n'), r.text);
    const s = addDebugpy(fixture('seeds-no-debugger.yml'));
    assert.ok('changed' in s && s.changed);
    assert.ok(s.text.includes('  - azureml-defaults==1.0.45\n  - debugpy\n- numpy'), s.text);
  });

  it('keeps a trailing comment on the last item\'s line and commented-out items after it', () => {
    const r = addDebugpy(fixture('pip-trailing-comments.yml'));
    assert.ok('changed' in r && r.changed);
    assert.ok(r.text.includes('      - pandas\n      - debugpy\n      # - torch'), r.text);
  });

  it('creates pip and the pip: list when absent', () => {
    const r = addDebugpy(fixture('no-pip-at-all.yml'));
    assert.ok('changed' in r && r.changed);
    assert.ok(r.text.endsWith('  - azureml-defaults\n  - pip\n  - pip:\n      - debugpy\n'), r.text);
  });

  it('names ptvsd as the reason when the seeds\' debugger is listed', () => {
    const r = addDebugpy(fixture('seeds-ptvsd.yml'));
    assert.ok('reason' in r);
    assert.match(r.reason, /ptvsd/);
    assert.equal(r.line, 15);
  });

  it('normalises package names as pip and conda do', () => {
    assert.equal(packageName('DebugPy[cli]==1.8', false), 'debugpy');
    assert.equal(packageName('conda-forge::debugpy>=1.6', true), 'debugpy');
    assert.equal(packageName('azureml_defaults', false), 'azureml-defaults');
    assert.equal(packageName('-r requirements.txt', false), '');
  });
});

describe('condaEnv.checkAzuremlDefaults', () => {
  for (const [file, before] of files) {
    const want = expected[file][1];
    it(`${file}: ${want}`, () => {
      const findings = checkAzuremlDefaults(before);
      if (want === 'ok') return assert.deepEqual(findings, []);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].code, `azureml-defaults-${want}`);
      // The finding points at real text: the pip/dependencies key, or the old pin.
      const at = before.slice(findings[0].offset, findings[0].offset + findings[0].length);
      // The quick fix makes the finding go away, keeping every other byte.
      const fixed = fixAzuremlDefaults(before, findings[0]);
      assert.ok('changed' in fixed && fixed.changed, JSON.stringify(fixed));
      assert.deepEqual(checkAzuremlDefaults(fixed.text), []);
      if (want === 'missing') assert.match(singleInsertion(before, fixed.text), /azureml-defaults>=1\.0\.45/);
      else assert.equal(fixed.text, before.replace('azureml-defaults==1.0.17', 'azureml-defaults>=1.0.45'));
      const firstLine = before.split(/\r?\n/)[0];
      if (want === 'missing') assert.ok(/^(pip|dependencies)$/.test(at) || at === firstLine, at);
      else assert.match(at, /azureml-defaults==1\.0\.17/);
    });
  }

  it('compares versions numerically', () => {
    assert.equal(compareVersions('1.0.9', '1.0.45'), -1);
    assert.equal(compareVersions('1.48.0', '1.0.45'), 1);
    assert.equal(compareVersions('1.0.45', '1.0.45'), 0);
  });
});

describe('conda files on hostile input (issue 17)', () => {
  // Anchored keys by the thousand: the diagnostic that runs when the file opens
  // held the extension host for seconds (10,000 of them; the yaml package
  // compares every key with every earlier one). More anchors and aliases than
  // any real file are refused (and 10,000 now pass the size limit first).
  const anchors = `dependencies: [pip]\n${Array.from({ length: 2000 }, (_, i) => `k${i}: &a${i} v\n`).join('')}`;

  it('refuses a file with more than 1000 anchors and aliases, at the first one too many', () => {
    const r = readConda(anchors);
    assert.ok(isYamlProblem(r), 'a problem, not a layout');
    assert.match(r.error, /more than 1000 anchors and aliases/);
    // k1000 is on line 1002; its anchor starts at column 8.
    assert.deepEqual([r.line, r.column], [1002, 8]);
  });

  it('says on the file why azureml-defaults was not checked, and Add debugpy refuses with the same words', () => {
    const [finding, ...rest] = checkAzuremlDefaults(anchors);
    assert.deepEqual(rest, []);
    assert.equal(finding?.code, 'conda-not-read');
    assert.match(finding.message, /more than 1000 anchors and aliases/);
    assert.equal(finding.line, 1002);
    const added = addDebugpy(anchors);
    assert.ok('error' in added && /more than 1000 anchors and aliases/.test(added.error));
  });

  it('answers 40 KB of nested [ with the nesting problem, not "Maximum call stack size exceeded"', () => {
    const r = addDebugpy('['.repeat(40_000));
    assert.ok('error' in r);
    assert.match(r.error, /nested deeper than 64 levels/);
    assert.deepEqual([r.line, r.column], [1, 64]);
  });

  it('survives Add debugpy then the check on 40 KB of nested [ in one process (it aborted Node)', function () {
    // In its own process: before the fix, the yaml package's stack overflow
    // landed in V8's regexp compiler on the second parse and killed the
    // process ("RegExpCompiler Allocation failed"), which would take the test
    // runner down with it.
    this.timeout(30_000);
    const condaEnv = path.join(__dirname, '../../../../src/core/edits/condaEnv.js');
    const script = `const c = require(${JSON.stringify(condaEnv)}); const t = '['.repeat(40000);
      const added = c.addDebugpy(t); const findings = c.checkAzuremlDefaults(t);
      process.stdout.write(JSON.stringify({ added, findings }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.signal, null, `killed by ${child.signal}: ${child.stderr.slice(0, 300)}`);
    assert.equal(child.status, 0, child.stderr.slice(0, 300));
    const out = JSON.parse(child.stdout) as { added: { error?: string }; findings: { code: string; message: string }[] };
    assert.match(out.added.error ?? '', /nested deeper than 64 levels/);
    assert.deepEqual(out.findings.map((f) => f.code), ['conda-not-read']);
  });
});
