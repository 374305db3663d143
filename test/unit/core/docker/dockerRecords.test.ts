// Containers classified from `docker inspect` JSON into service records.
import * as assert from 'node:assert/strict';
import { containerRecord, publishedPorts } from '../../../../src/core/docker/dockerRecords';
import { inspect, none } from './containerInspect';

describe('containerRecord', () => {
  it('reads state, ports, app folder and why it is listed', () => {
    const r = containerRecord(inspect(), 'docker', none)!;
    assert.equal(r.state, 'running');
    assert.equal(r.scoringPort?.hostPort, 8890);
    assert.equal(r.debugPort?.hostPort, 5679);
    assert.equal(r.appSource, '/home/u/app');
    assert.equal(r.reason, 'azureml');
    assert.equal(r.finishedAt, undefined, 'the zero time means never');
    assert.equal(r.exitCode, undefined, 'a running container has no exit code');
  });
  it('classifies exited, OOM killed, restarting and created', () => {
    assert.equal(containerRecord(inspect({ state: { Status: 'exited', ExitCode: 3 } }), 'd', none)?.exitCode, 3);
    assert.equal(containerRecord(inspect({ state: { Status: 'exited', OOMKilled: true, ExitCode: 137 } }), 'd', none)?.state, 'oomkilled');
    assert.equal(containerRecord(inspect({ state: { Status: 'restarting', Restarting: true, Running: true } }), 'd', none)?.state, 'restarting');
    assert.equal(containerRecord(inspect({ state: { Status: 'created' } }), 'd', none)?.state, 'created');
  });
  it('lists the SDK LocalWebservice by its labels and names it after the service', () => {
    const r = containerRecord(inspect({ Mounts: [], Config: { Image: 'myacr/x:1', Labels: { amlIsService: 'True', amlServiceName: 'diabetes' } } }), 'd', none);
    assert.equal(r?.name, 'diabetes');
  });
  it('leaves out an unrelated container unless pinned or "show all"', () => {
    const plain = inspect({ Name: '/redis', Mounts: [], Config: { Image: 'redis:7', Labels: {}, Env: ['PATH=/bin'] } });
    assert.equal(containerRecord(plain, 'd', none), undefined);
    assert.equal(containerRecord(plain, 'd', { pinned: new Set(['redis']), showAll: false })?.reason, 'pinned');
    assert.equal(containerRecord(plain, 'd', { pinned: new Set(), showAll: true })?.reason, 'all');
  });
  it('lists a container by the Azure ML environment contract and by our owner label', () => {
    const env = inspect({ Mounts: [], Config: { Image: 'custom:1', Env: ['AZUREML_ENTRY_SCRIPT=score.py'] } });
    assert.equal(containerRecord(env, 'd', none)?.reason, 'azureml');
    const ours = inspect({ Config: { Image: 'x', Labels: { 'com.azureml-debug.owner': 'debug' } } });
    assert.equal(containerRecord(ours, 'd', none)?.reason, 'ours');
  });
  it('never lists the path doctor\'s throwaway copy, though its image\'s labels name the service it copies', () => {
    const copy = inspect({ Name: '/eager_copy', Config: { Image: 'ep:blue', Labels: { 'azureml-local-endpoint': '', endpoint: 'ep', deployment: 'blue', 'com.azureml-debug.throwaway': '1' } } });
    assert.equal(containerRecord(copy, 'd', { pinned: new Set(['eager_copy']), showAll: true }), undefined);
    const withoutMark = inspect({ Name: '/eager_copy', Config: { Image: 'ep:blue', Labels: { 'azureml-local-endpoint': '', endpoint: 'ep', deployment: 'blue' } } });
    assert.equal(containerRecord(withoutMark, 'd', none)?.name, 'ep / blue');
  });
  it('leaves the pod containers of a kubelet to their cluster', () => {
    const pod = inspect({ Name: '/k8s_main_web-1_azureml-ws_uid_0', Config: { Image: 'azureml-debug/inference:latest', Labels: { 'io.kubernetes.pod.name': 'web-1' } } });
    assert.equal(containerRecord(pod, 'd', none), undefined);
    assert.equal(containerRecord(pod, 'd', { pinned: new Set(), showAll: true })?.reason, 'all');
  });
  it('folds the IPv6 twin of a published port', () => {
    const ports = publishedPorts({ '5001/tcp': [{ HostIp: '0.0.0.0', HostPort: '8890' }, { HostIp: '::', HostPort: '8890' }] });
    assert.equal(ports.length, 1);
  });
});
