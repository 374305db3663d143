// A failed image build's log, from the two wordings Azure ML gives it: a link
// (azure-ai-ml's "Build log: https://...") or a place in the workspace's blob
// store (ImageBuildFailure's message as the troubleshooting page quotes it);
// nothing from a failure that is not an image build's; and a storage
// account's refusal in words.
import * as assert from 'node:assert/strict';
import { buildLogOf, buildLogRefusal, buildLogWhere } from '../../../../src/core/azure/buildLog';

describe('core/azure/buildLog: where a failed image build\'s log is', () => {
  it('reads the link of azure-ai-ml\'s image build failure, without the sentence\'s full stop', () => {
    const url = 'https://acrtaskprodweu013.blob.core.windows.net/container-dee26eff3a33424593981f27ba060ce1/logs/cb9u/rawtext.log';
    assert.deepEqual(buildLogOf({ code: 'UserError', message: `Image build failed. Build log: ${url}` }), { kind: 'link', url });
    assert.deepEqual(buildLogOf({ code: 'ImageBuildFailure', message: `Image build failed. Build log: ${url}.` }), { kind: 'link', url });
  });

  it('reads the blob store and path of ImageBuildFailure\'s message', () => {
    const message = 'Image build failed. The build log is available in the workspace blob store "workspaceartifactstore" under the path "/azureml/ImageLogs/4b8e0c2d/build.log"';
    assert.deepEqual(buildLogOf({ code: 'ImageBuildFailure', message }), { kind: 'store', store: 'workspaceartifactstore', path: '/azureml/ImageLogs/4b8e0c2d/build.log' });
    assert.match(buildLogWhere(buildLogOf({ code: 'ImageBuildFailure', message })!), /"workspaceartifactstore", at \/azureml\/ImageLogs\/4b8e0c2d\/build\.log/);
  });

  it('finds nothing in a failure that is not an image build\'s, in a message without a log, or in a plain http link', () => {
    assert.equal(buildLogOf({ code: 'KubernetesDeploymentFailed', message: 'Your container application crashed. Build log: https://example.net/x.log' }), undefined);
    assert.equal(buildLogOf({ code: 'ImageBuildFailure', message: 'Image build failed.' }), undefined);
    assert.equal(buildLogOf({ code: 'ImageBuildFailure', message: 'Image build failed. Build log: http://plain.example/x.log' }), undefined);
    assert.equal(buildLogOf(undefined), undefined);
    assert.equal(buildLogOf({ code: 'ImageBuildFailure' }), undefined);
  });

  it('words Azure Storage\'s refusal of public access, and any other answer with its code', () => {
    const body = '\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>PublicAccessNotPermitted</Code><Message>Public access is not permitted on this storage account.</Message></Error>';
    assert.match(buildLogRefusal(409, body), /does not allow public access/);
    assert.match(buildLogRefusal(403, '<Error><Code>AuthenticationFailed</Code></Error>'), /expired.*403 AuthenticationFailed/);
    assert.match(buildLogRefusal(500, ''), /answered 500$/);
  });
});
