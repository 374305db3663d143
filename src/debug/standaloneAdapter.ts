// Standalone entry of the `azureml` adapter (dist/debugAdapter.js): speaks DAP
// on stdin/stdout, or on a TCP port with --server=PORT (one session per
// connection). Tests drive it this way; the extension runs the same session
// inline. Docker is the engine the docker CLI would use (DOCKER_HOST, the
// current context, /var/run/docker.sock), ssh:// included.
// It sits outside adapter/ because it wires the pure session to the Docker
// client, which adapter/ may not import. It speaks the user's language when
// its launcher names a translation bundle in AZUREML_DEBUG_L10N_BUNDLE (the
// extension's `vscode.l10n.uri.fsPath`, e.g. l10n/bundle.l10n.ja.json).
import * as net from 'node:net';
import { useBundle } from '../core/l10nBundle';
import { createDefaultDebuggeeHosts } from '../docker/client/debugHosts';
import { AzuremlDebugSession, type AzuremlSessionOptions } from './adapter/azuremlSession';

function sessionOptions(): AzuremlSessionOptions {
  const keepContainer = process.env.AZUREML_DEBUG_KEEP_CONTAINER === '1';
  const timeout = Number(process.env.AZUREML_DEBUG_READY_TIMEOUT_MS);
  return {
    hosts: createDefaultDebuggeeHosts(() => ({ keepContainer })),
    defaultReadyTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
  };
}

function serverPort(argv: string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const m = /^--server(?:=(\d+))?$/.exec(argv[i]);
    if (m) return Number(m[1] ?? argv[i + 1]);
  }
  return undefined;
}

// Before any session words anything: @vscode/l10n reads the bundle once, here.
const bundle = process.env.AZUREML_DEBUG_L10N_BUNDLE;
if (bundle) {
  try {
    useBundle({ fsPath: bundle });
  } catch (err) {
    // A missing or broken bundle costs the translation, not the session.
    process.stderr.write(`azureml debug adapter: cannot read ${bundle} (${(err as Error).message}); speaking English\n`);
  }
}

const port = serverPort(process.argv.slice(2));
if (port !== undefined) {
  const server = net.createServer((socket) => {
    // DAP is small request/response messages: Nagle's delay would hold each stop event back.
    socket.setNoDelay(true);
    const session = new AzuremlDebugSession(sessionOptions());
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address() as net.AddressInfo;
    // The one line a launcher reads to learn the port (useful with --server=0).
    process.stderr.write(`azureml debug adapter listening on 127.0.0.1:${address.port}\n`);
  });
} else {
  const session = new AzuremlDebugSession(sessionOptions());
  session.start(process.stdin, process.stdout);
}
