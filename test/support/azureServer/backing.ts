// What stands behind a test deployment's getLogs: a real container of the
// real-shaped inference image (its `docker logs`, stdout and stderr, the last
// N lines), or fixed text for a container the test does not run (the storage
// initializer of a deployment whose model download is not under test).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DeploymentContainerType } from '../../../src/core/azure/armTypes';

const exec = promisify(execFile);

/** The containers of one deployment, by getLogs' containerType. */
export interface DeploymentBacking {
  logs(container: DeploymentContainerType, tail?: number): Promise<string>;
  /** Where the InferenceServer answers (`http://127.0.0.1:<port>`), for the scoring front door; undefined when it does not. */
  scoringUrl?(): Promise<string | undefined>;
}

/** Reads a Docker container's output, as `docker logs --tail N` gives it (both streams, merged by time). */
export async function dockerLogs(container: string, tail?: number): Promise<string> {
  const { stdout, stderr } = await exec('docker', ['logs', '-t', ...(tail !== undefined ? ['--tail', String(tail)] : []), container], { maxBuffer: 64 * 1024 * 1024 });
  const lines = [...stdout.split('\n'), ...stderr.split('\n')].filter((l) => l !== '');
  // RFC 3339 stamps sort as text; drop them after ordering, as getLogs gives plain lines.
  lines.sort((a, b) => (a.slice(0, 30) < b.slice(0, 30) ? -1 : a.slice(0, 30) > b.slice(0, 30) ? 1 : 0));
  const plain = lines.map((l) => l.replace(/^\S+Z /, ''));
  return (tail !== undefined ? plain.slice(-tail) : plain).join('\n') + (plain.length ? '\n' : '');
}

/**
 * A deployment whose InferenceServer is the Docker container `inferenceServer`
 * (id or name; its port 5001 published on 127.0.0.1 for the scoring front
 * door); the storage initializer's output fixed.
 */
export function containerBacking(inferenceServer: string, storageInitializer = ''): DeploymentBacking {
  const fixed = textBacking({ StorageInitializer: storageInitializer });
  return {
    logs: (container, tail) => (container === 'InferenceServer' ? dockerLogs(inferenceServer, tail) : fixed.logs(container, tail)),
    scoringUrl: async () => {
      try {
        const { stdout } = await exec('docker', ['port', inferenceServer, '5001']);
        const port = stdout.split('\n')[0]?.split(':').pop()?.trim();
        return port ? `http://127.0.0.1:${port}` : undefined;
      } catch {
        return undefined; // not running, or the port not published
      }
    },
  };
}

/** A deployment whose containers' output is fixed text (unit tests: no Docker). */
export function textBacking(text: Partial<Record<DeploymentContainerType, string>>): DeploymentBacking {
  return {
    logs: (container, tail) => {
      const all = text[container] ?? '';
      const lines = all.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return Promise.resolve((tail !== undefined ? lines.slice(-tail) : lines).join('\n') + (lines.length ? '\n' : ''));
    },
  };
}
