// What a failed model download says, in the Azure Storage client's shapes:
// the v1 SDK's logged response, the v12 SDK's exception with its error code,
// and, in neither, the last line of output.
import * as assert from 'node:assert/strict';
import { downloadFailure } from '../../../../src/core/crash/modelDownload';

describe('modelDownload.downloadFailure', () => {
  it('reads the status and message of a logged response, not a successful one', () => {
    assert.deepEqual(downloadFailure('x HTTP Status Code=200, Message=OK, Headers={}\ny HTTP Status Code=404, Message=The specified blob does not exist., Headers={}'), { status: 404, evidence: 'HTTP 404: The specified blob does not exist.' });
  });
  it('reads the v12 exception with its error code', () => {
    assert.deepEqual(downloadFailure('azure.core.exceptions.HttpResponseError: This request is not authorized to perform this operation using this permission.\nRequestId:1\nErrorCode:AuthorizationPermissionMismatch'), { evidence: 'This request is not authorized to perform this operation using this permission. (AuthorizationPermissionMismatch)' });
    assert.deepEqual(downloadFailure('Content: <Error>\nErrorCode:BlobNotFound'), { evidence: 'BlobNotFound' });
  });
  it('falls back to the last line, and to nothing for no output', () => {
    assert.deepEqual(downloadFailure('copying\n  disk full  \n\n'), { evidence: 'disk full' });
    assert.equal(downloadFailure(''), undefined);
  });
});
