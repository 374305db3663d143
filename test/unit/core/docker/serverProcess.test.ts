// Which containers take SIGHUP as "reload the scoring script".
import * as assert from 'node:assert/strict';
import { firstProcess, pid1IsGunicorn, serverProcess } from '../../../../src/core/docker/serverProcess';

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
    // The real image with the server as its command (`docker run IMAGE azmlinfsrv ...`): azmlinfsrv is the gunicorn master.
    assert.equal(pid1IsGunicorn({ Titles: titles, Processes: [['40', '3', '/opt/miniconda/envs/amlenv/bin/python /opt/miniconda/envs/amlenv/bin/azmlinfsrv --entry_script score.py --port 5001']] }), true);
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

  it('finds the azmlinfsrv master under runit (the real image), never runsvdir', () => {
    // `docker top <id> -o pid,ppid,args` of mcr.microsoft.com/azureml/minimal-py312-inference (host PIDs), in ps order.
    const server = '/opt/miniconda/envs/amlenv/bin/python /opt/miniconda/envs/amlenv/bin/azmlinfsrv --entry_script score.py --port 31311';
    const real = {
      Titles: titles,
      Processes: [
        ['18739', '18712', 'runsvdir /var/runit'],
        ['18817', '18739', 'runsv gunicorn'],
        ['18818', '18739', 'runsv nginx'],
        ['18819', '18818', 'nginx: master process nginx -c /etc/nginx/azureml.conf -g daemon off;'],
        ['18829', '18817', server],
        ['18837', '18819', 'nginx: worker process'],
        ['18938', '18829', server],
      ],
    };
    assert.deepEqual(serverProcess(real), { kind: 'azmlinfsrv-under-runit', pid: '18829', pid1: 'runsvdir /var/runit' });
    // The worker listed before its master changes nothing.
    assert.equal(serverProcess({ Titles: titles, Processes: [real.Processes[6], ...real.Processes.slice(0, 6)] }).pid, '18829');
    // The same table read inside the container (`ps -o pid,ppid,args`: PID 1 has parent 0).
    assert.equal(serverProcess({ Titles: ['  PID', ' PPID', 'COMMAND'], Processes: [['1', '0', 'runsvdir /var/runit'], ['7', '1', 'runsv gunicorn'], ['11', '7', server], ['25', '11', server]] }).pid, '11');
  });

  it('is unknown when runit has no server yet, or PID 1 is something else', () => {
    const booting = serverProcess({ Titles: titles, Processes: [['1', '0', 'runsvdir /var/runit'], ['7', '1', 'runsv gunicorn'], ['9', '7', '/bin/bash /var/runit/gunicorn/run']] });
    assert.deepEqual(booting, { kind: 'unknown', pid1: 'runsvdir /var/runit' });
    assert.equal(serverProcess({ Titles: titles, Processes: [['20', '5', '/sbin/docker-init -- azmlinfsrv --entry_script s.py'], ['21', '20', 'python azmlinfsrv --entry_script s.py']] }).kind, 'unknown');
    assert.equal(serverProcess({ Titles: titles, Processes: [] }).kind, 'unknown');
    assert.equal(serverProcess({ Titles: titles, Processes: [['9681', '9658', 'python3 -m gunicorn server:app']] }).kind, 'gunicorn-master-as-pid1');
  });
});
