// Which local deployment belongs to the open workspace, and how the status
// bar says where it stands. Pure: the records come from the model, the
// folders from the workspace.
import * as path from 'node:path';
import type { ServiceRecord } from '../model/serviceRecord';
import { DEPLOY_OWNER, DeployLabels } from './deployPlan';

/** Whether Deploy Locally made this container (the owner and service labels). */
export function isLocalDeployment(r: ServiceRecord): boolean {
  return r.kind === 'docker' && r.labels[DeployLabels.owner] === DEPLOY_OWNER && !!r.labels[DeployLabels.service];
}

function inside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

const RANK: Partial<Record<ServiceRecord['state'], number>> = { running: 0, restarting: 1, created: 2, paused: 3 };

/**
 * The local deployment made from a file or folder of the workspace: a
 * running one before a stopped one, then the one started last. Undefined
 * when the workspace has none.
 */
export function workspaceDeployment(records: readonly ServiceRecord[], folders: readonly string[]): ServiceRecord | undefined {
  const ours = records.filter((r) => {
    if (!isLocalDeployment(r)) return false;
    const from = r.labels[DeployLabels.config] ?? r.labels[DeployLabels.source];
    return !!from && folders.some((f) => inside(f, from));
  });
  const rank = (r: ServiceRecord) => RANK[r.state] ?? 9;
  return ours.sort((a, b) => rank(a) - rank(b) || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))[0];
}

/** What the status bar item shows: an icon and words for the state, and the port it answers on. */
export function deploymentStatus(r: ServiceRecord): { icon: string; state: 'healthy' | 'starting' | 'unhealthy' | 'stopped' | 'crashed'; port?: number } {
  const port = r.scoringPort?.hostPort;
  if (r.state === 'running' || r.state === 'restarting') {
    if (r.health === 'unhealthy') return { icon: 'warning', state: 'unhealthy', port };
    if (r.health === 'starting' || r.state === 'restarting') return { icon: 'sync~spin', state: 'starting', port };
    return { icon: 'vm-running', state: 'healthy', port };
  }
  if (r.state === 'exited' && r.exitCode === 0) return { icon: 'vm-outline', state: 'stopped' };
  if (r.state === 'created' || r.state === 'paused') return { icon: 'vm-outline', state: 'stopped' };
  return { icon: 'error', state: 'crashed' };
}
