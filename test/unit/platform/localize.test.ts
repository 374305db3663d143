// Every sentence the user reads is worded in Strings, and what fills it is
// masked: a notification with a log's last lines, an error from the engine,
// a diagnostic quoting an exception never carries a secret.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/crash/crashCauses';
import { findingMessage } from '../../../src/platform/findingWording';
import { Strings } from '../../../src/platform/localize';

describe('Strings', () => {
  it('masks the particulars, not the sentence', () => {
    assert.equal(
      Strings.deploy.crashed('svc', 3, 'export AZURE_CLIENT_SECRET=cl1ent~secret\nWorker failed to boot.'),
      'Container "svc" has crashed (exit code 3). Did your init method fail? Its logs are in the log panel.\nexport AZURE_CLIENT_SECRET=********\nWorker failed to boot.',
    );
    assert.equal(Strings.kubernetes.testFailed('pod-1', 'connect: Authorization: Bearer 0pen.sesame.token'), 'The test request to pod-1 failed: connect: Authorization: Bearer ********');
    assert.equal(Strings.serviceActionFailed('inspect', 'svc', 'no such container: abc123'), 'Could not inspect "svc": no such container: abc123');
  });

  it('masks a secret an exception quotes in the diagnostic that words it', () => {
    const logs = [
      "2024-01-09 09:31:41,871 | root | ERROR | User's init function failed",
      '2024-01-09 09:31:41,873 | root | ERROR | Encountered Exception Traceback (most recent call last):',
      '  File "/var/azureml-app/score.py", line 30, in init',
      '    db.connect(url)',
      'ValueError: cannot connect to postgres://ml:pa55word@db:5432/models',
    ].join('\n');
    const [f] = analyze({ logs });
    assert.equal(f.code, 'init-failed');
    assert.match(findingMessage(f), /^ValueError: cannot connect to postgres:\/\/ml:\*{8}@db:5432\/models \(raised in init\(\) at score\.py:30\)$/);
  });
});
