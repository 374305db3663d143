// A container as `docker inspect` shows it (an Azure ML service with its app
// folder mounted, scoring and debug ports published), for the tests that build
// service records from one; `over` changes any part.
import type { ContainerInspect } from '../../../../src/core/docker/dockerRecords';

/** No pinned containers, "show all" off. */
export const none = { pinned: new Set<string>(), showAll: false };

export function inspect(over: Partial<ContainerInspect> & { state?: ContainerInspect['State'] } = {}): ContainerInspect {
  return {
    Id: 'abc123abc123abc123',
    Name: '/svc',
    RestartCount: 0,
    State: over.state ?? { Status: 'running', Running: true, StartedAt: '2026-11-23T10:00:00.5Z', FinishedAt: '0001-01-01T00:00:00Z', ExitCode: 0 },
    Config: { Image: 'azureml-debug/inference:latest', Labels: {}, Env: [] },
    Mounts: [{ Type: 'bind', Source: '/home/u/app', Destination: '/var/azureml-app' }],
    NetworkSettings: { Ports: { '5001/tcp': [{ HostIp: '127.0.0.1', HostPort: '8890' }], '5678/tcp': [{ HostIp: '127.0.0.1', HostPort: '5679' }] } },
    ...over,
  };
}
