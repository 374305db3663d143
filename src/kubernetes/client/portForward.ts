// A pod port on a free 127.0.0.1 port, through the API server's
// pods/portforward (WebSocket, v4.channel.kubernetes.io), like `kubectl
// port-forward`: each local connection opens its own stream to the pod.
import * as net from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { redactError } from '../../core/model/secrets';

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
  opts: { secrets: string[]; log?: (message: string) => void; localPort?: number } = { secrets: [] },
): Promise<PortForwardHandle> {
  const forward = new k8s.PortForward(kubeConfig);
  const sockets = new Set<net.Socket>();
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
        w.on('close', () => socket.end());
        w.on('error', () => socket.destroy());
        socket.on('close', () => w.close());
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
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}
