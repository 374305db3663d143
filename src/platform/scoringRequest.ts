// Sends one scoring request (POST JSON to /score) and reports what came back:
// status, body, time. Shared by "Send test request" on a local container and
// on a pod through a port-forward, and (https) on a deployment in Azure.
// Node's http and https only; no vscode. Not in core: it does I/O, and core is pure.
import * as http from 'node:http';
import { l10n } from '../core/l10n';
import * as https from 'node:https';

/** What a scoring request returned. */
export interface ScoringResponse {
  status: number;
  body: string;
  durationMs: number;
  /** The answer's headers (lower-case names). */
  headers: Record<string, string>;
}

/** POSTs `body` to `url`; rejects on a network error or after `timeoutMs` (default 60 s, as SCORING_TIMEOUT_MS). */
export function sendScoringRequest(url: string, body: string, opts: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<ScoringResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? https : http).request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...opts.headers },
      timeout: opts.timeoutMs ?? 60000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          durationMs: Date.now() - started,
          headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(l10n.t('no answer within {0} s', (opts.timeoutMs ?? 60000) / 1000))));
    req.on('error', reject);
    req.end(body);
  });
}
