// The adapter's view of the outside world, as small interfaces handed in:
// something that starts (or finds) the process debugpy runs in and can say
// how it died, and something that opens child sessions. The Docker side and
// the VS Code glue implement them; the adapter never imports either.
import type { DebugProtocol as DP } from '@vscode/debugprotocol';

/** Where debugpy's listen port is reachable from here. */
export interface DebugTarget {
  host: string;
  port: number;
  /** Container port debugpy listens on, to rewrite `debugpyAttach` addresses. */
  containerPort?: number;
  /** Lines for the Debug Console (e.g. "port 8000 is taken, scoring on 49153"). */
  notes: string[];
  /** Scoring URL of the server, when known. */
  scoringUrl?: string;
  /** Local folder that maps to the remote app root, when the host knows it. */
  pathMappings?: { localRoot: string; remoteRoot: string }[];
  /** The container debugpy runs in; `owned` when this session started it (and removes it). */
  container?: ContainerRef;
}

/** A container a session runs in, as announced to the client (custom event {@link CONTAINER_EVENT}). */
export interface ContainerRef {
  id: string;
  name: string;
  owned: boolean;
}

/**
 * Custom DAP events the adapter sends so the editor can follow the container
 * outside the Debug Console (the log panel): its start, and its death while
 * the session was not being stopped.
 */
export const CONTAINER_EVENT = 'azuremlContainer';
export const CONTAINER_EXITED_EVENT = 'azuremlContainerExited';

/** Body of {@link CONTAINER_EXITED_EVENT}. */
export interface ContainerExitedBody {
  id: string;
  exitCode?: number;
}

/** How the debuggee ended. */
export interface ExitInfo {
  running: boolean;
  /** The server's own exit code where the container's output names it (runit), else the container's. */
  exitCode?: number;
  /** The container's code when it differs from the server's (runsvdir's 111). */
  containerExitCode?: number;
  /** What the exit means, when the start script said (Azure ML's exit codes 94-99). */
  cause?: string;
  /** Last lines of its output (the crash's traceback, usually). */
  logTail: string[];
  /** Set when the engine could not be asked (it went away): why, in a sentence. */
  engineLost?: string;
}

/** Lines of output from the debuggee's container. */
export type OutputSink = (text: string, category: 'stdout' | 'stderr' | 'console') => void;

/** One debuggee: a container started for this session or one we attach to. */
export interface DebuggeeHost {
  /** Starts or locates the debuggee; output lines go to `output` until dispose. */
  start(output: OutputSink): Promise<DebugTarget>;
  /** Host port that reaches `containerPort`, when the host can tell. */
  mapPort?(containerPort: number): number | undefined;
  /** Current state and last log lines; used when the socket closes or readiness fails. */
  exitInfo(): Promise<ExitInfo>;
  /** Why debugpy will never answer (the server started unarmed, debugpy failed), once the output shows it. */
  notDebuggable?(): string | undefined;
  /** Restarts the server process in place (new code, same container). */
  restartServer?(): Promise<void>;
  /** Ends what `start` started (stops and removes, unless kept); idempotent. */
  dispose(): Promise<void>;
  /** After dispose: what could not be cleaned up now, and what happens to it, in a sentence. */
  leftBehind?(): string | undefined;
}

/** Builds hosts from launch/attach arguments; absent means "attach to host:port only". */
export interface DebuggeeHostFactory {
  forLaunch(args: AzuremlLaunchArgs): DebuggeeHost;
  /** For `attach` with a `container`; undefined when the factory cannot attach by name. */
  forContainer?(args: AzuremlAttachArgs): DebuggeeHost;
}

/** Opens a child session (a gunicorn worker) as part of this one. */
export type ChildSessionStarter = (configuration: AzuremlAttachArgs) => Promise<boolean>;

/** Arguments of an `azureml` launch request (see package.json for their documentation). */
export interface AzuremlLaunchArgs extends DP.LaunchRequestArguments {
  name?: string;
  image?: string;
  appFolder?: string;
  entryScript?: string;
  service?: string;
  env?: Record<string, string>;
  modelDir?: string;
  mounts?: { source: string; target: string; readOnly?: boolean }[];
  scoringPort?: number;
  debugPort?: number;
  workers?: number;
  containerName?: string;
  /** The container's `User` (`uid:gid`), for an app folder the image's own user cannot read. */
  user?: string;
  keepContainer?: boolean;
  readyTimeout?: number;
  justMyCode?: boolean;
  pathMappings?: { localRoot: string; remoteRoot: string }[];
}

/** Arguments of an `azureml` attach request, including child sessions. */
export interface AzuremlAttachArgs extends DP.AttachRequestArguments {
  name?: string;
  container?: string;
  host?: string;
  port?: number;
  debugPort?: number;
  /** debugpy's port on the other side of a forward to `port` (what workers announce). */
  remotePort?: number;
  connect?: { host: string; port: number };
  subProcessId?: number;
  readyTimeout?: number;
  justMyCode?: boolean;
  pathMappings?: { localRoot: string; remoteRoot: string }[];
  [key: string]: unknown;
}
