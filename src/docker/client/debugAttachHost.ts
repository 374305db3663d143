// The host of an `attach` to a running container by name or id: finds the
// host port published for debugpy's container port (or the container's own
// address when the port is not published), follows its output, and never
// stops a container it did not start.
import type Dockerode from 'dockerode';
import type { AzuremlAttachArgs, DebuggeeHost, DebugTarget, ExitInfo, OutputSink } from '../../debug/adapter/debuggeeHost';
import { notInPlace, restartServerInPlace } from './serverRestart';
import { ContainerOutput, linesAfterExit, recentLines } from './containerOutput';
import { describeDockerError, publishedPorts } from './debugDocker';
import { APP_ROOT } from '../../core/model/appRoot';
import { appMount } from '../../core/docker/dockerRecords';
import { containerEnd } from '../../core/crash/runitExit';
import { wordedEnd } from '../../platform/findingWording';
import { l10n } from '../../core/l10n';

export class DockerAttachHost implements DebuggeeHost {
  private container?: Dockerode.Container;
  private readonly output = new ContainerOutput();
  private ports = new Map<number, number>();

  constructor(
    private readonly docker: Dockerode,
    private readonly args: AzuremlAttachArgs,
  ) {}

  async start(sink: OutputSink): Promise<DebugTarget> {
    const name = String(this.args.container);
    const container = this.docker.getContainer(name);
    const info = await container.inspect().catch((err: unknown) => {
      throw new Error(describeDockerError(err, l10n.t('No container named "{0}" was found.', name)));
    });
    if (!info.State.Running) throw new Error(l10n.t('The container "{0}" is not running (exit code {1}).', name, info.State.ExitCode));
    this.container = container;
    this.ports = publishedPorts(info);
    const containerPort = this.args.debugPort ?? 5678;
    const published = this.ports.get(containerPort);
    const notes: string[] = [];
    let host = '127.0.0.1';
    const port = published ?? containerPort;
    if (!published) {
      // Not published: on a Linux engine the container's bridge address is reachable from here.
      const ip = Object.values(info.NetworkSettings?.Networks ?? {})[0]?.IPAddress;
      if (!ip) throw new Error(l10n.t('The container "{0}" does not publish port {1} and has no reachable address.', name, containerPort));
      host = ip;
      notes.push(l10n.t('Port {0} is not published; connecting to the container\'s address {1}.', containerPort, `${ip}:${containerPort}`));
    }
    // The code's folder as the container has it: /var/azureml-app, or an Azure ML v2 container's /var/azureml-app/<code folder>.
    const { appSource, appRoot } = appMount(info.Mounts ?? []);
    await this.output.follow(container, this.docker.modem, sink, Math.floor(Date.now() / 1000));
    return {
      host,
      port,
      containerPort,
      notes,
      pathMappings: appSource ? [{ localRoot: appSource, remoteRoot: appRoot ?? APP_ROOT }] : undefined,
      container: { id: info.Id, name: info.Name.replace(/^\//, ''), owned: false },
    };
  }

  mapPort(containerPort: number): number | undefined {
    return this.ports.get(containerPort);
  }

  async exitInfo(): Promise<ExitInfo> {
    try {
      const container = this.container!;
      const info = await container.inspect();
      // Attached after the fact: the engine's log holds what came before us as well as since.
      const tail = await (info.State.Running ? recentLines(container, 20) : linesAfterExit(container, 20)).catch(() => this.output.tail());
      if (info.State.Running) return { running: true, logTail: tail };
      // As for a launch: under runit the server's own code, not runsvdir's 111.
      return { running: false, ...wordedEnd(containerEnd(info.State.ExitCode, tail)), logTail: tail };
    } catch {
      return { running: false, logTail: this.output.tail() };
    }
  }

  async restartServer(): Promise<void> {
    if (!this.container) throw new Error(l10n.t('Not attached to a container.'));
    // New workers import score.py again; the master, which holds the debugger's connection, stays.
    const result = await restartServerInPlace(this.container, 'workers');
    if (!result.sent) throw new Error(notInPlace(result));
  }

  dispose(): Promise<void> {
    this.output.stop();
    return Promise.resolve();
  }
}
