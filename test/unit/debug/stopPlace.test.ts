import * as assert from 'node:assert/strict';
import { stopPlace } from '../../../src/debug/stopPlace';

const frame = (name: string, path = '/var/azureml-app/score.py') => ({ name, source: { path } });

describe('stopPlace (the walkthrough\'s stop in init() or run())', () => {
  it('names init or run when it is the innermost frame of a Python file', () => {
    assert.equal(stopPlace('breakpoint', [frame('init'), frame('<module>', '/opt/x/aml_blueprint.py')]), 'init');
    assert.equal(stopPlace('step', [frame('run')]), 'run');
    assert.equal(stopPlace('breakpoint', [{ name: 'run', source: { name: 'score.py' } }]), 'run');
  });

  it('counts no exception stop: a crash in init() is not the breakpoint the step asks for', () => {
    assert.equal(stopPlace('exception', [frame('init')]), undefined);
  });

  it('counts no stop elsewhere: a helper run() calls, another language, no frame', () => {
    assert.equal(stopPlace('breakpoint', [frame('predict'), frame('run')]), undefined);
    assert.equal(stopPlace('breakpoint', [frame('run', '/app/server.js')]), undefined);
    assert.equal(stopPlace('breakpoint', []), undefined);
  });
});
