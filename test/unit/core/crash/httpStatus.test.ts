// azureml-fe's answers: a body tells a burst from a service with no replica
// ready, whatever the status (or with none known); the status alone is the
// fallback.
import * as assert from 'node:assert/strict';
import { httpVerdict, notReadyBody, overloadedBody } from '../../../../src/core/crash/httpStatus';

describe('httpStatus', () => {
  it('tells "no ready replicas" from "overloaded": both come as 503, only one is a burst', () => {
    // As microsoft/MCW-ML-Ops' lab guide quotes the two answers of an AKS service.
    assert.deepEqual(httpVerdict(503, 'No ready replicas for service compliance-classifier-service.'), { kind: 'not-ready', evidence: 'No ready replicas for service compliance-classifier-service.' });
    assert.deepEqual(httpVerdict(undefined, 'No ready replicas for service churn-aks.'), { kind: 'not-ready', evidence: 'No ready replicas for service churn-aks.' });
    assert.deepEqual(httpVerdict(503, 'Too many requests for service churn-aks (overloaded)'), { kind: 'overloaded', evidence: 'Too many requests for service churn-aks (overloaded)' });
    assert.deepEqual(httpVerdict(503, ''), { kind: 'overloaded' });
  });

  it('finds either answer quoted in other output, and nothing in a sentence that only resembles it', () => {
    const sdk = "Received bad response from service. Response Code: 503\nContent: b'No ready replicas for service churn-aks.'";
    assert.equal(notReadyBody(sdk), 'No ready replicas for service churn-aks.');
    assert.equal(overloadedBody(sdk), undefined);
    assert.equal(notReadyBody('No ready replicas yet, waiting'), undefined);
  });
});
