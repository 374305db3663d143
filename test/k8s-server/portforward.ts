// pods/portforward over WebSocket (v4.channel.k8s.io, what the kubelet
// speaks): for the i-th requested port, channel 2i carries data and 2i+1
// errors, each opened by a message [channel, port as 2 bytes little-endian].
// Like the real kubelet (nsenter + socat), bytes reach 127.0.0.1:<port>
// inside the pod's own network namespace, through a relay process started
// with nsenter: so nothing connects to the container's bridge address.
import { spawn } from 'node:child_process';
import type { WebSocket } from 'ws';

const relaySource = [
  "const s = require('net').connect(Number(process.argv[1]), '127.0.0.1');",
  'process.stdin.pipe(s); s.pipe(process.stdout);',
  "s.on('error', (e) => { process.stderr.write(e.message); process.exit(1); });",
  "s.on('close', () => process.exit(0));",
].join('\n');

/** Parses `ports=5001,5678` (also repeated). */
export function parsePorts(query: URLSearchParams): number[] {
  return query.getAll('ports').flatMap((p) => p.split(',')).map((p) => Number(p.trim())).filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
}

/** Forwards the requested ports of the container with init pid `pid` on an accepted WebSocket. */
export function runPortForward(ws: WebSocket, pid: number, podName: string, ports: number[]): void {
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  const relays = ports.map((port, i) => {
    const portBytes = Buffer.from([port & 255, port >> 8]);
    send(2 * i, portBytes);
    send(2 * i + 1, portBytes);
    const relay = spawn('nsenter', ['-t', String(pid), '-n', '--', process.execPath, '-e', relaySource, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let errText = '';
    relay.stdout.on('data', (d: Buffer) => send(2 * i, d));
    relay.stderr.on('data', (d: Buffer) => { errText += d.toString(); });
    relay.stdin.on('error', () => undefined);
    relay.on('error', (e) => { errText += e.message; });
    relay.on('close', (code) => {
      if (code) send(2 * i + 1, Buffer.from(`error forwarding port ${port} to pod ${podName}: ${errText.trim() || `exit status ${code}`}`));
      ws.close(1000);
    });
    return relay;
  });
  ws.on('message', (m: Buffer) => {
    const channel = m[0];
    const relay = relays[channel / 2];
    if (channel % 2 === 0 && relay) relay.stdin.write(m.subarray(1));
  });
  ws.on('close', () => relays.forEach((r) => r.kill()));
}
