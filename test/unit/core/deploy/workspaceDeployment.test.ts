// The status bar's deployment (issue 19): the one made from the workspace, and its state in a word.
import * as assert from 'node:assert/strict';
import { DeployLabels } from '../../../../src/core/deploy/deployPlan';
import { deploymentStatus, workspaceDeployment } from '../../../../src/core/deploy/workspaceDeployment';
import type { ServiceRecord } from '../../../../src/core/model/serviceRecord';

function record(id: string, from: string, over: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    id, name: id, connectionId: 'docker', kind: 'docker', state: 'running', restartCount: 0, image: 'x', ports: [], reason: 'ours',
    labels: { [DeployLabels.owner]: 'deploy', [DeployLabels.service]: id, [DeployLabels.config]: from },
    scoringPort: { containerPort: 5001, hostIp: '127.0.0.1', hostPort: 8890 },
    ...over,
  };
}

describe('the workspace\'s local deployment', () => {
  it('is one made from a file of the workspace, a running one first, then the one started last', () => {
    const other = record('elsewhere', '/home/u/other/deployment.yml');
    const old = record('old', '/ws/v2/deployment.yml', { state: 'exited', exitCode: 3, startedAt: '2026-11-30T03:00:00Z' });
    const live = record('live', '/ws/inferenceconfig.json', { startedAt: '2026-11-30T02:00:00Z' });
    const newer = record('newer', '/ws/b/deployment.yml', { startedAt: '2026-11-30T02:30:00Z' });
    assert.equal(workspaceDeployment([other, old, live, newer], ['/ws'])?.id, 'newer');
    assert.equal(workspaceDeployment([other, old], ['/ws'])?.id, 'old');
    assert.equal(workspaceDeployment([other, { ...live, labels: { ...live.labels, [DeployLabels.owner]: 'debug' } }], ['/ws']), undefined, 'a debug container is not a deployment');
    assert.equal(workspaceDeployment([live], ['/w']), undefined, 'a sibling folder with a common prefix is not the workspace');
  });

  it('says running, starting, failing its health check, stopped or crashed', () => {
    assert.deepEqual(deploymentStatus(record('a', '/ws/x')), { icon: 'vm-running', state: 'healthy', port: 8890 });
    assert.equal(deploymentStatus(record('a', '/ws/x', { health: 'starting' })).state, 'starting');
    assert.equal(deploymentStatus(record('a', '/ws/x', { health: 'unhealthy' })).state, 'unhealthy');
    assert.equal(deploymentStatus(record('a', '/ws/x', { state: 'exited', exitCode: 0 })).state, 'stopped');
    assert.deepEqual(deploymentStatus(record('a', '/ws/x', { state: 'exited', exitCode: 111 })), { icon: 'error', state: 'crashed' });
  });
});
