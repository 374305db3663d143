// Starts the debug container of a `launch`: the deployment's image with the
// workspace folder bind-mounted at /var/azureml-app, the debugger bootstrap
// mounted and armed through the environment, scoring and debug ports on
// 127.0.0.1 (8000/5678 when free), our labels, and no worker timeout.
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import type { AzuremlLaunchArgs, DebuggeeHost, DebugTarget, ExitInfo, OutputSink } from '../../debug/adapter/debuggeeHost';
import { BOOTSTRAP_MOUNT, LISTEN_ENV, SERVER_NAMES, ensureBootstrapFolder } from './debugBootstrap';
import { ArmingWatch, armingProblem } from '../../core/docker/debugArming';
import { containerEnd } from '../../core/crash/runitExit';
import { wordedEnd } from '../../platform/findingWording';
import { notInPlace, restartServerInPlace } from './serverRestart';
import { ContainerOutput } from './containerOutput';
import { DEBUG_LABELS, describeDockerError, engineBack, engineUnreachable, publishedPorts } from './debugDocker';
import { KEEP_LABEL } from '../../core/docker/debugContainers';
import { DEFAULT_INFERENCE_IMAGE } from '../../core/docker/defaultImage';
import { ensureImage } from './imagePull';
import { mountAccess, parseUser } from '../../core/docker/mountAccess';
import { hostUser, sourceChain } from './mountFacts';
import { APP_ROOT, scriptRoot } from '../../core/model/appRoot';
import { appMount } from '../../core/docker/dockerRecords';
import { l10n } from '../../core/l10n';

export const DEFAULT_IMAGE = DEFAULT_INFERENCE_IMAGE;
const SCORING = '5001/tcp';
/** How long a container that could not be removed waits for Docker to come back. */
const ENGINE_WAIT_MS = 30 * 60_000;
const DEBUG = '5678/tcp';

/** Settings that come from the extension, not from launch.json. */
export interface LaunchHostOptions {
  keepContainer: boolean;
  /** Folder to write the bootstrap into (default: the OS temp folder). */
  bootstrapRoot?: string;
}

/** Resolves whether a host port on 127.0.0.1 is free right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A name that says what the container is (tree, log tab, `docker ps`): azureml-debug-<app folder>-<random>. */
export function debugContainerName(appFolder: string): string {
  const base = path.basename(appFolder).toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 40);
  return `azureml-debug-${base ? `${base}-` : ''}${randomBytes(3).toString('hex')}`;
}

/** What a launch takes from the service it debugs (nothing but the app root for a launch of a folder). */
interface ServiceBase {
  image?: string;
  env: string[];
  binds: string[];
  /** Where the app folder is mounted. */
  appRoot: string;
  /**
   * The entry script runs as Azure ML v2 runs it, from its own folder: a
   * launch of a folder, or of a v2 deployment's container (its code folder
   * mounted under /var/azureml-app). A v1 service keeps its own AML_APP_ROOT.
   */
  v2: boolean;
}

export class DockerLaunchHost implements DebuggeeHost {
  private container?: Dockerode.Container;
  private readonly output = new ContainerOutput();
  private readonly arming = new ArmingWatch();
  private ports = new Map<number, number>();
  private disposed?: Promise<void>;
  private leftover?: string;

  constructor(
    private readonly docker: Dockerode,
    private readonly args: AzuremlLaunchArgs & { labels?: Record<string, string> },
    private readonly options: LaunchHostOptions,
  ) {}

  async start(sink: OutputSink): Promise<DebugTarget> {
    const args = this.args;
    if (!args.appFolder) throw new Error(l10n.t('The launch configuration names no "appFolder" (the folder holding score.py).'));
    const base = await this.baseFromService();
    const image = args.image ?? base.image ?? DEFAULT_IMAGE;
    // The editor pulls a missing image before the session, with a progress notification
    // (src/debug/imagePullGate.ts); this pull is for hosts without that UI.
    await ensureImage(this.docker, image);
    if (!args.user) await this.checkAppFolderAccess(image, args.appFolder);
    const notes: string[] = [];
    const scoringPref = args.scoringPort ?? 8000;
    const debugPref = args.debugPort ?? 5678;
    const scoringFree = await isPortFree(scoringPref);
    const debugFree = await isPortFree(debugPref);
    let container = await this.create(image, base, scoringFree ? scoringPref : 0, debugFree ? debugPref : 0);
    try {
      await container.start();
    } catch (err) {
      // Another process took a port between the check and the start: let Docker pick.
      await container.remove({ force: true }).catch(() => undefined);
      if (!/allocated|in use/i.test(String((err as Error).message))) throw new Error(describeDockerError(err, l10n.t('The debug container did not start.')));
      container = await this.create(image, base, 0, 0);
      await container.start();
    }
    this.container = container;
    const info = await container.inspect();
    this.ports = publishedPorts(info);
    const scoring = this.ports.get(5001);
    const debug = this.ports.get(5678);
    if (!scoring || !debug) throw new Error(l10n.t('Docker did not publish the scoring and debug ports of the debug container.'));
    if (scoringPref && scoring !== scoringPref) notes.push(l10n.t('Port {0} is taken; the scoring endpoint is {1}.', scoringPref, `http://127.0.0.1:${scoring}/score`));
    if (debugPref && debug !== debugPref) notes.push(l10n.t('Port {0} is taken; debugpy is published on {1}.', debugPref, `127.0.0.1:${debug}`));
    notes.push(l10n.t('Started debug container {0} from {1}; scoring at {2}.', info.Name.replace(/^\//, ''), image, `http://127.0.0.1:${scoring}/score`));
    await this.output.follow(container, this.docker.modem, (text, category) => {
      this.arming.feed(text);
      sink(text, category);
    });
    return {
      host: '127.0.0.1',
      port: debug,
      containerPort: 5678,
      notes,
      scoringUrl: `http://127.0.0.1:${scoring}/score`,
      pathMappings: [{ localRoot: args.appFolder, remoteRoot: base.appRoot }],
      container: { id: info.Id, name: info.Name.replace(/^\//, ''), owned: true },
    };
  }

  /** What dispose could not clean up, in a sentence for the Debug Console. */
  leftBehind(): string | undefined {
    return this.leftover;
  }

  private get keep(): boolean {
    return this.args.keepContainer ?? this.options.keepContainer;
  }

  /** The container's id once started (for tests and the tree). */
  get containerId(): string | undefined {
    return this.container?.id;
  }

  mapPort(containerPort: number): number | undefined {
    return this.ports.get(containerPort);
  }

  async exitInfo(): Promise<ExitInfo> {
    if (!this.container) return { running: false, logTail: this.output.tail() };
    try {
      const info = await this.container.inspect();
      const logTail = this.output.tail();
      if (info.State.Running) return { running: true, logTail };
      // Under runit the container's own code is runsvdir's 111; the server's is in runit's lines.
      return { running: false, ...wordedEnd(containerEnd(info.State.ExitCode, logTail)), logTail };
    } catch (err) {
      return { running: false, logTail: this.output.tail(), ...(engineUnreachable(err) ? { engineLost: describeDockerError(err, '') } : {}) };
    }
  }

  notDebuggable(): string | undefined {
    return armingProblem(this.arming.state, SERVER_NAMES);
  }

  async restartServer(): Promise<void> {
    if (!this.container) throw new Error(l10n.t('No container was started.'));
    // New workers import score.py again; the master, which holds the debugger's connection, stays.
    const result = await restartServerInPlace(this.container, 'workers');
    if (!result.sent) throw new Error(notInPlace(result));
  }

  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      this.output.stop();
      const container = this.container;
      if (!container || this.keep) return;
      try {
        await container.remove({ force: true });
      } catch (err) {
        if (!engineUnreachable(err)) return;
        // Docker is down (with live-restore the container runs on): it is removed once Docker answers again.
        const name = container.id.slice(0, 12);
        this.leftover = l10n.t('Docker is not answering, so the debug container {0} could not be removed now; it is removed as soon as Docker answers again (or with "{1}").', name, l10n.t('Remove Leftover Debug Containers'));
        void engineBack(this.docker, ENGINE_WAIT_MS).then((back) => (back ? container.remove({ force: true }).catch(() => undefined) : undefined));
      }
    })();
    return this.disposed;
  }

  /**
   * Azure ML images run as a non-root user (dockeruser): an app folder that
   * user cannot read would only show as runsvdir's one-line death. Said
   * before anything starts, with the two ways out.
   */
  private async checkAppFolderAccess(image: string, appFolder: string): Promise<void> {
    const info = await this.docker.getImage(image).inspect();
    const access = mountAccess(sourceChain(appFolder, this.args.entryScript ?? 'score.py'), parseUser(info.Config?.User ?? ''), hostUser());
    if (access.ok) return;
    const cannot = access.need === 'enter'
      ? l10n.t('The image runs as "{0}", which cannot enter {1}: the server would stop at once.', access.user, access.path)
      : l10n.t('The image runs as "{0}", which cannot read {1}: the server would stop at once.', access.user, access.path);
    throw new Error(`${cannot} ${l10n.t('Add "user": "{0}" to the launch configuration to run the container as your user, or make the folder readable to others (chmod o+rX).', access.runAs)}`);
  }

  /**
   * Image, environment and model mounts of a running service, reused (the
   * service is left alone), and where it has its code: /var/azureml-app, or
   * for an Azure ML v2 container /var/azureml-app/<code folder> (its models
   * are mounted under /var/azureml-app/azureml-models, and are kept).
   */
  private async baseFromService(): Promise<ServiceBase> {
    if (!this.args.service) return { env: [], binds: [], appRoot: APP_ROOT, v2: true };
    const info = await this.docker
      .getContainer(this.args.service)
      .inspect()
      .catch((err: unknown) => {
        throw new Error(describeDockerError(err, l10n.t('The service container "{0}" was not found.', this.args.service ?? '')));
      });
    const codeRoot = appMount(info.Mounts ?? []).appRoot;
    const appRoot = codeRoot ?? APP_ROOT;
    // Every bind but the code's (the launch's appFolder takes its place).
    const binds = (info.Mounts ?? [])
      .filter((m) => m.Type === 'bind' && m.Destination.replace(/\/+$/, '') !== appRoot)
      .map((m) => `${m.Source}:${m.Destination}:ro`);
    return { image: info.Config.Image, env: info.Config.Env ?? [], binds, appRoot, v2: codeRoot !== undefined };
  }

  private create(image: string, base: ServiceBase, scoringPort: number, debugPort: number): Promise<Dockerode.Container> {
    const args = this.args;
    const env = new Map<string, string>();
    for (const e of base.env) {
      const i = e.indexOf('=');
      if (i > 0) env.set(e.slice(0, i), e.slice(i + 1));
    }
    if (args.entryScript && base.v2) {
      // As Azure ML v2 runs it: from the script's own folder, under its file name (a subfolder script's imports need it).
      const run = scriptRoot(base.appRoot, args.entryScript);
      env.set('AML_APP_ROOT', run.appRoot);
      env.set('AZUREML_ENTRY_SCRIPT', run.entryScript);
    } else if (args.entryScript) {
      env.set('AZUREML_ENTRY_SCRIPT', args.entryScript);
    }
    if (args.modelDir) env.set('AZUREML_MODEL_DIR', args.modelDir);
    if (args.workers) env.set('WORKER_COUNT', String(args.workers));
    // The server's own debug hook (each worker debugpy.connect()s out) would fight
    // the bootstrap, and its gunicorn/run pip-installs debugpy, which fails offline (exit 94).
    env.delete('AZUREML_DEBUG_PORT');
    // A worker held at a breakpoint must not be killed by gunicorn's worker timeout.
    env.set('WORKER_TIMEOUT', '0');
    env.set('GUNICORN_CMD_ARGS', '--timeout 0');
    // pydevd's warning about Python's frozen standard modules (3.11+) is noise here: the user's code is never frozen.
    env.set('PYDEVD_DISABLE_FILE_VALIDATION', '1');
    env.set('PYTHONPATH', [BOOTSTRAP_MOUNT, env.get('PYTHONPATH')].filter(Boolean).join(':'));
    env.set(LISTEN_ENV, '0.0.0.0:5678');
    for (const [k, v] of Object.entries(args.env ?? {})) env.set(k, v);
    const binds = [`${args.appFolder}:${base.appRoot}`, `${ensureBootstrapFolder(this.options.bootstrapRoot)}:${BOOTSTRAP_MOUNT}:ro`, ...base.binds];
    for (const m of args.mounts ?? []) binds.push(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
    const hostPort = (p: number) => [{ HostIp: '127.0.0.1', HostPort: p ? String(p) : '' }];
    return this.docker.createContainer({
      name: args.containerName ?? debugContainerName(args.appFolder ?? ''),
      Image: image,
      Env: [...env].map(([k, v]) => `${k}=${v}`),
      Labels: {
        ...DEBUG_LABELS,
        'com.azureml-debug.appFolder': args.appFolder ?? '',
        // Kept on purpose: not an orphan to offer for cleanup.
        ...(this.keep ? { [KEEP_LABEL]: '1' } : {}),
        ...(args.labels ?? {}),
      },
      ExposedPorts: { [SCORING]: {}, [DEBUG]: {} },
      ...(args.user ? { User: args.user } : {}),
      HostConfig: { Binds: binds, PortBindings: { [SCORING]: hostPort(scoringPort), [DEBUG]: hostPort(debugPort) } },
    });
  }
}
