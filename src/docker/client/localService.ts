// Runs a local deployment's container (source folder mounted at
// /var/azureml-app, scoring port on 127.0.0.1), waits for its health route as
// the SDK does (through nginx in Azure ML images: its 502 while the worker
// boots is "not yet"), reloads the entry script in place (the server restarted
// inside the container, or a container restart), and deletes the service with
// its images.
import * as http from 'node:http';
import type Dockerode from 'dockerode';
import { DEPLOY_OWNER, DeployLabels, SCORING_PORT } from '../../core/deploy/deployPlan';
import { demuxedText } from '../../core/logs/dockerLogFrames';
import { logLines } from '../../core/logs/logicalLines';
import { endLines, serverExitCode } from '../../core/crash/runitExit';
import { accessDeniedIn } from '../../core/docker/mountAccess';
import { linesAfterExit, recentLines } from './containerOutput';
import { describeDockerError } from './debugDocker';
import { isPortFree } from './debugLaunchHost';
import { restartServerInPlace } from './serverRestart';
import { APP_ROOT } from '../../core/model/appRoot';
import { l10n } from '../../core/l10n';

/** How to start a service's container. */
export interface RunServiceOptions {
  image: string;
  /** Container name (the service name). */
  name: string;
  sourceFolder: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  /** Preferred host port; the next free one (up to +100) is used when it is taken. */
  port: number;
  /** The container's `User` (`uid:gid`), when not the image's own. */
  user?: string;
  /** `host:container` mounts instead of the source folder at /var/azureml-app (a v2 deployment's model and code). */
  binds?: string[];
}

/** A started container. */
export interface RunningService {
  containerId: string;
  port: number;
}

/** The outcome of waiting for health. */
export type HealthResult =
  | { ok: true; ms: number }
  | {
      ok: false;
      reason: 'crashed';
      /** The server's exit code: runit's `gunicorn/finish` line says it where the container's own is runsvdir's 111. */
      exitCode: number;
      /** The container's exit code when it differs (111: runsvdir SIGHUPed by gunicorn/finish). */
      containerExitCode?: number;
      lastLines: string[];
      /** Set when it died because its user could not read the mounted source (the path it could not open, in the container). */
      unreadable?: { path: string };
    }
  | { ok: false; reason: 'timeout'; lastLines: string[] }
  | { ok: false; reason: 'cancelled'; lastLines: string[] };

/** The first free port on 127.0.0.1 from `preferred` (up to 100 further); throws when none is. */
export async function freePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 100 && p <= 65535; p++) if (await isPortFree(p)) return p;
  throw new Error(l10n.t('Ports {0} to {1} on 127.0.0.1 are all taken: set azuremlDebug.deploy.port to a free one.', preferred, preferred + 99));
}

/** Creates and starts the container; retries with the next port if another process took it meanwhile. */
export async function runService(docker: Dockerode, o: RunServiceOptions): Promise<RunningService> {
  let port = await freePort(o.port);
  for (let attempt = 0; ; attempt++) {
    const container = await docker.createContainer({
      name: o.name,
      Image: o.image,
      Env: Object.entries(o.env).map(([k, v]) => `${k}=${v}`),
      Labels: { ...o.labels, [DeployLabels.owner]: DEPLOY_OWNER, ...(o.user ? { [DeployLabels.runAs]: o.user } : {}) },
      ...(o.user ? { User: o.user } : {}),
      ExposedPorts: { [`${SCORING_PORT}/tcp`]: {} },
      HostConfig: {
        Binds: o.binds ?? [`${o.sourceFolder}:${APP_ROOT}`],
        PortBindings: { [`${SCORING_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(port) }] },
      },
    });
    try {
      await container.start();
      return { containerId: container.id, port };
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      if (attempt < 3 && /allocated|in use/i.test(String((err as Error).message))) {
        port = await freePort(port + 1);
        continue;
      }
      throw new Error(describeDockerError(err, l10n.t('The container of "{0}" did not start', o.name)));
    }
  }
}

/** One `GET /` on the scoring port: true when it answers 200 (nginx's 502 while the server boots is false: not yet). */
export function healthOk(port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    // A fresh connection each time (no keep-alive pool): a pooled socket may belong to a container that is gone.
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Polls `GET /` (the SDK's "Checking container health...") until it answers,
 * the container stops (a crash: exit code and last lines), the time runs out
 * or `signal` aborts.
 */
export async function waitHealthy(docker: Dockerode, containerId: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<HealthResult> {
  const start = Date.now();
  const container = docker.getContainer(containerId);
  // Enough to hold init()'s traceback: the real server prints its banner, and runit its finish lines, after it.
  const tail = 200;
  const lines = () => recentLines(container, tail).catch(() => [] as string[]);
  // The health route every 100 ms, as a person's curl loop would (a 250 ms
  // step cost a deploy 0.1 s on average); whether the container still runs
  // every fifth round, so the engine is not asked ten times a second while
  // the server starts beside it on the same cores.
  for (let round = 0; ; round++) {
    if (signal?.aborted) return { ok: false, reason: 'cancelled', lastLines: await lines() };
    const info = round % 5 === 0 ? await container.inspect() : undefined;
    if (info && !info.State.Running) {
      const last = await linesAfterExit(container, tail).catch(() => [] as string[]);
      const server = serverExitCode(logLines(last.join('\n'), endLines))?.code;
      const exitCode = server ?? info.State.ExitCode;
      return {
        ok: false,
        reason: 'crashed',
        exitCode,
        ...(exitCode !== info.State.ExitCode ? { containerExitCode: info.State.ExitCode } : {}),
        lastLines: last,
        unreadable: accessDeniedIn(last, APP_ROOT),
      };
    }
    if (await healthOk(port)) return { ok: true, ms: Date.now() - start };
    if (Date.now() - start > timeoutMs) return { ok: false, reason: 'timeout', lastLines: await lines() };
    await delay(100);
  }
}

/**
 * Reloads the entry script without a rebuild. 'signal': the server restarted
 * inside the container (SIGHUP to a gunicorn master that is PID 1; under
 * runit the azmlinfsrv master ended, and runit starts it again), so the
 * container and its log stay; a container restart when neither is found;
 * then waits for the new worker's init to finish.
 * 'restart': restarts the container. Either way ends with a health check.
 */
export async function reloadService(docker: Dockerode, containerId: string, port: number, mode: 'signal' | 'restart', timeoutMs: number, signal?: AbortSignal): Promise<HealthResult> {
  const container = docker.getContainer(containerId);
  if (mode === 'restart') {
    await container.restart({ t: 3 });
    return waitHealthy(docker, containerId, port, timeoutMs, signal);
  }
  // Fractional seconds: the deploy's own init lines of the same second must not count.
  const since = (Date.now() / 1000).toFixed(3);
  if (!(await restartServerInPlace(container)).sent) {
    // Neither a gunicorn master as PID 1 nor azmlinfsrv under runit: no signal is known to be safe; restart instead.
    return reloadService(docker, containerId, port, 'restart', timeoutMs, signal);
  }
  const start = Date.now();
  for (;;) {
    if (signal?.aborted) return { ok: false, reason: 'cancelled', lastLines: [] };
    const info = await container.inspect();
    if (!info.State.Running) return waitHealthy(docker, containerId, port, timeoutMs, signal);
    const text = await logsSince(container, since);
    const booted = text.search(/Booting worker/);
    if (booted >= 0 && /init has completed successfully|init function failed|Worker failed to boot/i.test(text.slice(booted))) break;
    // A server that does not log its init: after a while, trust the health route alone.
    if (Date.now() - start > Math.min(timeoutMs, 20_000)) break;
    await delay(200);
  }
  return waitHealthy(docker, containerId, port, Math.max(1000, timeoutMs - (Date.now() - start)), signal);
}

/** Removes a service's container and, when `images`, every image labelled with its name. */
export async function deleteService(docker: Dockerode, service: string, images: boolean): Promise<{ containers: number; images: number }> {
  const filter = (extra: string[]) => JSON.stringify({ label: [`${DeployLabels.owner}=${DEPLOY_OWNER}`, `${DeployLabels.service}=${service}`, ...extra] });
  const containers = await docker.listContainers({ all: true, filters: filter([]) } as unknown as Dockerode.ContainerListOptions);
  for (const c of containers) await docker.getContainer(c.Id).remove({ force: true });
  let removed = 0;
  if (images) {
    const list = await docker.listImages({ filters: filter([]) } as unknown as Dockerode.ListImagesOptions);
    for (const img of list) {
      // Every tag of the image, so its untagged parents (the layers) go with the last one.
      for (const t of img.RepoTags ?? []) if (t !== '<none>:<none>') await docker.getImage(t).remove({ noprune: false }).catch(() => undefined);
      await docker.getImage(img.Id).remove({ force: true, noprune: false }).catch(() => undefined);
      removed++;
    }
  }
  return { containers: containers.length, images: removed };
}

/** Our deployed services' containers (all states). */
export async function listLocalServices(docker: Dockerode): Promise<Dockerode.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${DeployLabels.owner}=${DEPLOY_OWNER}`, DeployLabels.service] }) } as unknown as Dockerode.ContainerListOptions);
}

async function logsSince(container: Dockerode.Container, since: string): Promise<string> {
  // The Engine takes `seconds.fraction`; dockerode's type says number.
  const buf = (await container.logs({ stdout: true, stderr: true, since: since as unknown as number })) as unknown as Buffer;
  return demuxedText(buf);
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
