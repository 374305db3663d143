// A test request: the body from a request file, and what the answer means.
import * as assert from 'node:assert/strict';
import { describeResponse, prepareTestRequest } from '../../../../src/core/deploy/testRequest';

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
    assert.equal(describeResponse(503, 'No ready replicas for service churn-aks.', 5).kind, 'not-ready');
    assert.equal(describeResponse(504, '', 5).kind, 'timeout');
    assert.equal(describeResponse(500, 'Scoring timeout after 60000 ms', 5).timeoutMs, 60000);
    assert.equal(describeResponse(415, 'bad type', 5).kind, 'client-error');
    assert.equal(describeResponse(500, 'boom', 5).kind, 'server-error');
    assert.equal(describeResponse(undefined, 'socket hang up', 5).kind, 'no-answer');
  });
});
