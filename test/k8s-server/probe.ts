// Readiness and liveness probes (httpGet and tcpSocket), run like the
// kubelet runs them but from inside the pod's network namespace (nsenter),
// so they reach 127.0.0.1:<port> of the pod and never a bridge address.
import { execFile } from 'node:child_process';

/** A probe as a container spec declares it. */
export interface Probe {
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

const script = [
  "const [port, path, timeout] = [Number(process.argv[1]), process.argv[2], Number(process.argv[3])];",
  "const done = (ok, why) => { if (!ok) process.stderr.write(why); process.exit(ok ? 0 : 1); };",
  "setTimeout(() => done(false, 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'), timeout);",
  "if (path === '-') { const s = require('net').connect(port, '127.0.0.1', () => done(true)); s.on('error', (e) => done(false, e.message)); }",
  "else require('http').get({ host: '127.0.0.1', port, path, headers: { 'User-Agent': 'kube-probe/1.32' } }, (r) => { r.resume(); done(r.statusCode >= 200 && r.statusCode < 400, 'HTTP probe failed with statuscode: ' + r.statusCode); }).on('error', (e) => done(false, e.message));",
].join('\n');

/** Runs one probe against the network namespace of `pid`; resolves to undefined on success, else the failure text. */
export function runProbe(pid: number, probe: Probe): Promise<string | undefined> {
  const port = Number(probe.httpGet?.port ?? probe.tcpSocket?.port);
  const path = probe.httpGet ? probe.httpGet.path ?? '/' : '-';
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  return new Promise((resolve) => {
    execFile('nsenter', ['-t', String(pid), '-n', '--', process.execPath, '-e', script, String(port), path, String(timeoutMs)], { timeout: timeoutMs + 5000 },
      (err, _stdout, stderr) => resolve(err ? (String(stderr).trim() || 'probe failed') : undefined));
  });
}

/** A text for the Unhealthy event, in the kubelet's shape. */
export function probeFailureMessage(kind: 'Readiness' | 'Liveness', probe: Probe, ip: string, detail: string): string {
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (/ECONNREFUSED/.test(detail)) detail = `dial tcp ${ip}:${port}: connect: connection refused`;
  if (probe.httpGet) return `${kind} probe failed: Get "http://${ip}:${port}${probe.httpGet.path ?? '/'}": ${detail}`;
  return `${kind} probe failed: ${detail}`;
}
