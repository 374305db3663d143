// Crash analysis reads logs after their secrets are masked (the log buffer
// masks every line it takes in): the masking must never cost a cause. Every
// corpus case, each log line and event masked as the buffer and the tree do,
// gives the findings it gives unmasked.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../../src/core/crash/crashCauses';
import { maskSecretsInText } from '../../../../src/core/model/secrets';
import { compare, loadCorpus } from './crashCorpus';

describe('crash analysis on masked evidence', () => {
  for (const c of loadCorpus()) {
    it(`${c.name} is explained the same once masked`, () => {
      const input = { ...c.input };
      if (input.logs !== undefined) input.logs = input.logs.split('\n').map(maskSecretsInText).join('\n');
      if (input.events) input.events = input.events.map(maskSecretsInText);
      assert.deepEqual(compare(c.findings, analyze(input)), []);
    });
  }
});
