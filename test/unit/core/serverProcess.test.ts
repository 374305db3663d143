// Which containers take SIGHUP as "reload the scoring script".
import * as assert from 'node:assert/strict';
import { firstProcess, pid1IsGunicorn } from '../../../src/core/serverProcess';

const titles = ['PID', 'PPID', 'COMMAND'];

describe('server process: is PID 1 the gunicorn master', () => {
  it('reads the sample image: python -m gunicorn as PID 1, its worker beside it', () => {
    // `docker top <id> -o pid,ppid,args` of the sample image (host PIDs).
    const top = {
      Titles: titles,
      Processes: [
        ['9681', '9658', 'python3 -Xfrozen_modules=off -m gunicorn --config /var/azureml-server/gunicorn_conf.py --bind 0.0.0.0:5001 server:app'],
        ['9712', '9681', 'python3 -Xfrozen_modules=off -m gunicorn --config /var/azureml-server/gunicorn_conf.py --bind 0.0.0.0:5001 server:app'],
      ],
    };
    assert.equal(pid1IsGunicorn(top), true);
    assert.equal(pid1IsGunicorn({ Titles: titles, Processes: [['10', '1', '/usr/local/bin/gunicorn -c conf.py main:app']] }), true);
  });

  it('says no for runit (Azure ML images), an init process, or an unreadable table', () => {
    // The process order of `ps` is not guaranteed: the first process is found by its parent.
    const runit = {
      Titles: titles,
      Processes: [
        ['501', '400', 'runsv gunicorn'],
        ['502', '501', 'gunicorn -c /var/azureml-server/gunicorn_conf.py main:app'],
        ['400', '388', 'runsvdir /var/runit'],
      ],
    };
    assert.equal(firstProcess(runit), 'runsvdir /var/runit');
    assert.equal(pid1IsGunicorn(runit), false);
    assert.equal(pid1IsGunicorn({ Titles: titles, Processes: [['20', '5', '/sbin/docker-init -- /var/azureml-server/run.sh'], ['21', '20', 'python3 -m gunicorn server:app']] }), false);
    assert.equal(pid1IsGunicorn({ Titles: ['UID', 'PID', 'CMD'], Processes: [['0', '1', 'gunicorn']] }), false, 'no PPID column: do not guess');
    assert.equal(pid1IsGunicorn({ Titles: titles, Processes: [['30', '2', 'python3 -m gunicorn_wrapper']] }), false);
  });
});
