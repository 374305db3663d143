// Whether the container's user can read a bind-mounted app folder, from stat
// data and the image's user, and the same problem read from a dead
// container's log (the real lines of the Azure ML image).
import * as assert from 'node:assert/strict';
import { accessDeniedIn, mountAccess, parseUser, readableMode, type PathStat } from '../../../../src/core/docker/mountAccess';

const dir = (path: string, mode: number, uid = 0, gid = 0): PathStat => ({ path, mode, uid, gid, isDirectory: true });
const file = (path: string, mode: number, uid = 0, gid = 0): PathStat => ({ path, mode, uid, gid, isDirectory: false });
const dockeruser = { user: 'dockeruser', uid: 1000, gid: 1000, groups: [1000] };
const host = { uid: 0, gid: 0 };

describe('mountAccess', () => {
  it('finds a 0700 root-owned folder closed to the image user, and offers the host user', () => {
    const r = mountAccess([dir('/tmp/aml-x', 0o700), file('/tmp/aml-x/score.py', 0o644)], dockeruser, host);
    assert.deepEqual(r, { ok: false, path: '/tmp/aml-x', need: 'enter', user: 'dockeruser', runAs: '0:0' });
  });
  it('finds an entry script only its owner can read', () => {
    const r = mountAccess([dir('/a', 0o755), dir('/a/src', 0o755), file('/a/src/score.py', 0o600)], dockeruser, { uid: 501, gid: 20 });
    assert.deepEqual(r, { ok: false, path: '/a/src/score.py', need: 'read', user: 'dockeruser', runAs: '501:20' });
  });
  it('passes a readable folder, the owner, the group, and root', () => {
    assert.deepEqual(mountAccess([dir('/a', 0o755), file('/a/score.py', 0o644)], dockeruser, host), { ok: true });
    // The usual Linux desktop: the host user is uid 1000 too, so its 0700 home folders are the container user's.
    assert.deepEqual(mountAccess([dir('/home/me/app', 0o700, 1000, 1000), file('/home/me/app/score.py', 0o600, 1000, 1000)], dockeruser, host), { ok: true });
    assert.deepEqual(mountAccess([dir('/a', 0o750, 0, 1000)], dockeruser, host), { ok: true });
    assert.deepEqual(mountAccess([dir('/a', 0o700)], parseUser(''), host), { ok: true });
    assert.deepEqual(mountAccess([dir('/a', 0o700)], parseUser('0:0'), host), { ok: true });
    // A folder that can be entered but not listed is not enough (runsvdir opens it).
    assert.equal(mountAccess([dir('/a', 0o711)], dockeruser, host).ok, false);
  });
  it('reads numeric users and treats a named one with unknown ids as others', () => {
    assert.deepEqual(parseUser('1000:1000'), { user: '1000:1000', uid: 1000, gid: 1000 });
    assert.deepEqual(parseUser('dockeruser'), { user: 'dockeruser', uid: undefined, gid: undefined });
    assert.equal(mountAccess([dir('/a', 0o750, 1000, 1000)], parseUser('dockeruser'), host).ok, false);
  });
  it('makes a path readable to others and nothing more', () => {
    assert.equal(readableMode(dir('/a', 0o700)), 0o755);
    assert.equal(readableMode(file('/a/s.py', 0o600)), 0o644);
    assert.equal(readableMode(file('/a/s.py', 0o4750)), 0o4754);
  });
});

describe('accessDeniedIn', () => {
  it("reads runsvdir's death on an unreadable app folder (exit 100)", () => {
    assert.deepEqual(accessDeniedIn(['runsvdir /var/runit: fatal: unable to open current directory: access denied'], '/var/azureml-app'), { path: '/var/azureml-app' });
  });
  it("reads the server's PermissionError on the entry script, not on other paths", () => {
    const lines = [
      '2026-11-29 15:42:41,837 E [27] azmlinfsrv.trace - Error while fetching model IDs',
      "PermissionError: [Errno 13] Permission denied: '/var/azureml-app/score.py'",
      '2026-11-29 15:42:35,235 E [9] gunicorn.error - Reason: Worker failed to boot.',
    ];
    assert.deepEqual(accessDeniedIn(lines, '/var/azureml-app'), { path: '/var/azureml-app/score.py' });
    assert.equal(accessDeniedIn(["PermissionError: [Errno 13] Permission denied: '/root/.cache'"], '/var/azureml-app'), undefined);
    assert.equal(accessDeniedIn(['Exit code 3 is not normal. Killing image.'], '/var/azureml-app'), undefined);
  });
});
