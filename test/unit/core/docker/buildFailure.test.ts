// A build that failed on a full disk says so (issue 17); other failures keep the builder's words.
import * as assert from 'node:assert/strict';
import { buildFailureMessage } from '../../../../src/core/docker/buildFailure';

describe('build failure messages', () => {
  it("a step whose program hit the full disk is Docker's full disk, not the Dockerfile's fault", () => {
    const log = 'Step 1/2 : FROM base\n ---> abc\nStep 2/2 : RUN dd if=/dev/zero of=/big\n ---> Running in 123\ndd: error writing \'/big\': No space left on device\n';
    const m = buildFailureMessage("The command '/bin/sh -c dd if=/dev/zero of=/big' returned a non-zero code: 1", log);
    assert.match(m, /^Docker ran out of disk space during the build \(no space left on device\)\. Free space with `docker system prune`/);
    assert.match(m, /Docker said: The command '\/bin\/sh -c dd if=\/dev\/zero of=\/big' returned a non-zero code: 1$/);
    assert.match(buildFailureMessage('failed to register layer: write /x: no space left on device'), /^Docker ran out of disk space/);
  });

  it('only the failed step counts: an earlier step that survived a full disk, or any other failure, keeps the words', () => {
    const log = 'Step 1/3 : RUN cleanup\nrm: No space left on device (recovered)\nStep 2/3 : RUN pip install x\nERROR: No matching distribution found for x\n';
    assert.equal(buildFailureMessage("The command '/bin/sh -c pip install x' returned a non-zero code: 1", log), "The command '/bin/sh -c pip install x' returned a non-zero code: 1");
  });
});
