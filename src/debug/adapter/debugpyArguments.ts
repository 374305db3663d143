// Builds what is sent to debugpy from an `azureml` configuration (dropping
// our own keys), and the configuration of a worker's child session from a
// `debugpyAttach` event (whose address is the CONTAINER's, rewritten here to
// the published host port).
import type { DebuggeeHost, DebugTarget } from './debuggeeHost';

type Mapping = { localRoot: string; remoteRoot: string };

/** Attach arguments for debugpy's listen port. */
export function debugpyAttachArguments(args: Record<string, unknown>, pathMappings: Mapping[], redirectOutput: boolean): Record<string, unknown> {
  // A worker's child session replays debugpy's own arguments untouched.
  if (args.__azuremlDebugpyArgs) return args.__azuremlDebugpyArgs as Record<string, unknown>;
  const out: Record<string, unknown> = {
    name: args.name ?? 'azureml',
    type: 'python',
    request: 'attach',
    justMyCode: args.justMyCode ?? true,
    pathMappings,
    redirectOutput,
    subProcess: true,
    showReturnValue: true,
  };
  for (const key of ['rules', 'django', 'flask', 'jinja', 'logToFile', 'debugOptions'] as const) {
    if (args[key] !== undefined) out[key] = args[key];
  }
  return out;
}

/** The `azureml` attach configuration that opens one forked worker as a child session. */
export function childConfiguration(
  body: Record<string, unknown>,
  target: DebugTarget,
  host: DebuggeeHost | undefined,
  parentArgs: Record<string, unknown>,
): Record<string, unknown> & { name: string } {
  const connect = (body.connect ?? {}) as { host?: string; port?: number };
  const containerPort = connect.port ?? target.containerPort ?? target.port;
  const port = host?.mapPort?.(containerPort) ?? (containerPort === target.containerPort ? target.port : containerPort);
  const pid = typeof body.subProcessId === 'number' ? body.subProcessId : undefined;
  return {
    type: 'azureml',
    request: 'attach',
    name: pid !== undefined ? `gunicorn worker ${pid}` : String(body.name ?? 'worker'),
    subProcessId: pid,
    pathMappings: parentArgs.pathMappings,
    host: target.host,
    port,
    remotePort: containerPort,
    __azuremlDebugpyArgs: body,
  };
}
