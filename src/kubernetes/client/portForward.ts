// A pod port on a free 127.0.0.1 port, through the API server's
// pods/portforward (WebSocket, v4.channel.kubernetes.io), like `kubectl
// port-forward`: each local connection opens its own stream to the pod.
import * as net from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { redactError } from '../../core/model/secrets';
import { l10n } from '../../core/l10n';

/** An open forward; dispose closes the listener and every connection. */
export interface PortForwardHandle {
  readonly localPort: number;
  readonly remotePort: number;
  dispose(): void;
}

/** Forwards `127.0.0.1:<free port>` to `remotePort` of the pod. */
export async function forwardPort(
  kubeConfig: k8s.KubeConfig,
  namespace: string,
  pod: string,
  remotePort: number,
  opts: {
    secrets: string[];
    log?: (message: string) => void;
    localPort?: number;
    /** A stream to the pod ended while its local connection was open (the API server went away, the pod died): why, redacted. */
    onLost?: (reason: string) => void;
  } = { secrets: [] },
): Promise<PortForwardHandle> {
  const forward = new k8s.PortForward(kubeConfig);
  const sockets = new Set<net.Socket>();
  let disposed = false;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // Data from the client before the stream is open must wait for it.
    socket.pause();
    forward
      .portForward(namespace, pod, [remotePort], socket, null, socket)
      .then((ws) => {
        const w = typeof ws === 'function' ? ws() : ws;
        socket.resume();
        if (!w) return socket.destroy();
        let localClosed = false;
        const lost = (why: string) => {
          if (localClosed || disposed) return;
          localClosed = true;
          const reason = l10n.t('the stream to {0}/{1}:{2} ended ({3})', namespace, pod, remotePort, redactError(why, opts.secrets));
          opts.log?.(`port-forward: ${reason}`);
          opts.onLost?.(reason);
        };
        w.on('close', (code: number) => {
          // 1000: the pod's end closed the connection, as a finished debuggee does. Anything else (1006) is a broken stream.
          if (code !== 1000) lost(l10n.t('the connection to the API server broke, WebSocket code {0}', code));
          socket.end();
        });
        w.on('error', (err: Error) => {
          lost(err.message);
          socket.destroy();
        });
        socket.on('close', () => {
          localClosed = true;
          w.close();
        });
      })
      .catch((err: unknown) => {
        opts.log?.(`port-forward to ${namespace}/${pod}:${remotePort} failed: ${redactError(err, opts.secrets)}`);
        socket.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.localPort ?? 0, '127.0.0.1', () => resolve());
  });
  const localPort = (server.address() as net.AddressInfo).port;
  return {
    localPort,
    remotePort,
    dispose: () => {
      disposed = true;
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}
