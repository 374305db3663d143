// WebSocket upgrades for pods/exec, pods/attach-less exec and
// pods/portforward: the same admission (fault switch, bearer token) as the
// plain API, the subprotocol the real server would pick, and an HTTP error
// with a Status body when the pod or its running container is missing.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type Docker from 'dockerode';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseExecQuery, runExec } from './exec';
import type { Kubelet } from './kubelet';
import { parsePorts, runPortForward } from './portforward';
import { parseRoute } from './rest';
import type { Store } from './store';
import { ApiError, type Pod } from './types';

const execProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
const forwardProtocols = ['v4.channel.k8s.io', 'v5.channel.k8s.io', 'channel.k8s.io'];

/** Accepts and tracks exec and port-forward WebSockets. */
export class Upgrades {
  private readonly open = new Set<WebSocket>();
  private readonly wss: WebSocketServer;

  constructor(private readonly store: Store, private readonly kubelet: Kubelet, private readonly docker: Docker, private readonly admit: (req: IncomingMessage) => void) {
    this.wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (offered: Set<string>, req: IncomingMessage) => {
        const list = /\/portforward(\?|$)/.test(req.url ?? '') ? forwardProtocols : execProtocols;
        return list.find((p) => offered.has(p)) ?? false;
      },
    });
  }

  /** Handles one `upgrade` event of the HTTPS server. */
  handle(req: IncomingMessage, socket: Socket, head: Buffer): void {
    let start: (ws: WebSocket) => void;
    try {
      this.admit(req);
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const route = parseRoute(url.pathname);
      if (!route || route.type.plural !== 'pods' || !route.name || (route.sub !== 'exec' && route.sub !== 'portforward')) {
        throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      }
      const pod = this.store.mustGet('pods', route.namespace, route.name) as Pod;
      if (route.sub === 'exec') {
        const run = this.kubelet.running(pod, url.searchParams.get('container'));
        const request = parseExecQuery(url.searchParams, run.id);
        start = (ws) => void runExec(this.docker, ws, request);
      } else {
        const ports = parsePorts(url.searchParams);
        if (!ports.length) throw new ApiError(400, 'BadRequest', 'at least one port must be specified');
        const run = this.kubelet.running(pod, pod.spec.containers[0].name);
        start = (ws) => runPortForward(ws, run.pid, pod.metadata.name, ports);
      }
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, 'InternalError', String(err));
      const body = JSON.stringify(e.toStatus());
      socket.end(`HTTP/1.1 ${e.code} ${e.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.open.add(ws);
      ws.on('close', () => this.open.delete(ws));
      ws.on('error', () => ws.terminate());
      start(ws);
    });
  }

  /** Ends every exec and port-forward session (the server is going down). */
  closeAll(): void {
    for (const ws of this.open) ws.terminate();
  }
}
