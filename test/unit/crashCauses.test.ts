// The crash-cause analyzer against the whole corpus of real and real-shaped
// logs and events (test/fixtures/logs), then focused cases for each log
// shape the analyzer must survive and each parser beside it.
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/crashCauses';
import { compare, loadCorpus } from './crashCorpus';

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
