// Azure's front-end rules for a deployment, read from its entity as the CLI
// keeps it: defaults, the documented cap, instances multiplying concurrency,
// and what each refusal and passed-on answer looks like.
import * as assert from 'node:assert/strict';
import { frontDoorRules, frontDoorRulesOf, passedOn, requestTimedOut, tooManyRequests } from '../../../../src/core/deploy/frontDoor';

describe('frontDoor rules', () => {
  it('takes Azure\'s defaults for what the deployment leaves out or gets wrong', () => {
    assert.deepEqual(frontDoorRules({}), { requestTimeoutMs: 5000, concurrency: 1, queue: 1 });
    assert.deepEqual(frontDoorRules(undefined), { requestTimeoutMs: 5000, concurrency: 1, queue: 1 });
    assert.deepEqual(frontDoorRules({ request_settings: { request_timeout_ms: 'soon', max_concurrent_requests_per_instance: -2 } }), { requestTimeoutMs: 5000, concurrency: 1, queue: 1 });
  });

  it('caps the timeout at 180000 ms and multiplies concurrency by the instances', () => {
    assert.deepEqual(frontDoorRules({ request_settings: { request_timeout_ms: 900000, max_concurrent_requests_per_instance: 4 }, instance_count: 3 }), { requestTimeoutMs: 180000, concurrency: 12, queue: 12 });
  });

  it('passes 200 as it is and anything else as 424 naming it', () => {
    assert.deepEqual(passedOn(200), { status: 200, headers: {} });
    assert.deepEqual(passedOn(500), { status: 424, headers: { 'ms-azureml-model-error-statuscode': '500', 'ms-azureml-model-error-reason': 'model_error' } });
    const rules = frontDoorRules({});
    assert.equal(requestTimedOut(rules).status, 408);
    assert.equal(tooManyRequests(rules).status, 429);
  });

  it('reads a container\'s rules from its deployment-data label, and Azure\'s defaults from a bad one', () => {
    assert.deepEqual(frontDoorRulesOf({ 'deployment-data': '{"request_settings": {"request_timeout_ms": 9000}}' }), { requestTimeoutMs: 9000, concurrency: 1, queue: 1 });
    assert.deepEqual(frontDoorRulesOf({ 'deployment-data': '{not json' }), { requestTimeoutMs: 5000, concurrency: 1, queue: 1 });
    assert.deepEqual(frontDoorRulesOf({}), { requestTimeoutMs: 5000, concurrency: 1, queue: 1 });
  });
});
