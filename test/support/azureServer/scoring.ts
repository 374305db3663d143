// The test server's stand-in for an online endpoint's scoring URI: checks the
// endpoint's key or a token it issued, routes by the `azureml-model-deployment`
// header or else to the deployment with the most traffic, and forwards to the
// deployment's container; answers as the notes on Azure's front door say: 408
// past the request timeout, 424 with `ms-azureml-model-error-statuscode` when
// the container answers non-200, 502 when it cannot be reached. The exact
// bodies of those answers are not known from a spec (none covers the data plane).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeploymentBacking } from './backing';

/** A deployment the front door may route to. */
export interface ScoringTarget {
  name: string;
  traffic: number;
  /** requestSettings.requestTimeout in ms (PT5S: 5000). */
  timeoutMs: number;
  backing?: DeploymentBacking;
}

/** What the front door knows of an endpoint. */
export interface ScoringEndpoint {
  authMode: string;
  keys: { primaryKey: string; secondaryKey: string };
  tokens: Set<string>;
  deployments: ScoringTarget[];
}

/** ISO 8601 seconds (PT5S, PT0.5S, PT1M) in ms; 5000 when unreadable. */
export function durationMs(iso: string | undefined): number {
  const m = /^PT(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso ?? '');
  return m && (m[1] || m[2]) ? (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 1000 : 5000;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): number {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
  return status;
}

/** Answers one scoring request; returns the status sent. */
export async function serveScoring(req: IncomingMessage, res: ServerResponse, endpoint: ScoringEndpoint | undefined, body: string): Promise<number> {
  if (!endpoint) return send(res, 404, 'Endpoint not found.');
  const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const valid = endpoint.authMode === 'Key'
    ? presented === endpoint.keys.primaryKey || presented === endpoint.keys.secondaryKey
    : !!presented && endpoint.tokens.has(presented);
  if (!valid) return send(res, 401, 'Unauthorized: the key or token is missing or wrong.');
  const asked = req.headers['azureml-model-deployment'];
  const target = typeof asked === 'string'
    ? endpoint.deployments.find((d) => d.name.toLowerCase() === asked.toLowerCase())
    : [...endpoint.deployments].filter((d) => d.traffic > 0).sort((a, b) => b.traffic - a.traffic)[0];
  if (!target) return send(res, 404, 'No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.');
  const base = await target.backing?.scoringUrl?.();
  const routed = { 'azureml-model-deployment': target.name };
  if (!base) return send(res, 502, 'Bad gateway: the deployment has no instance to answer.', routed);
  let answer: Response;
  try {
    answer = await fetch(`${base}/score`, {
      method: req.method ?? 'POST', body: req.method === 'GET' ? undefined : body,
      headers: { 'Content-Type': req.headers['content-type'] ?? 'application/json' }, signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    return timedOut ? send(res, 408, `Request timed out after ${target.timeoutMs} ms.`, routed) : send(res, 502, 'Bad gateway: the deployment did not answer.', routed);
  }
  const text = await answer.text();
  if (answer.status !== 200) {
    return send(res, 424, text, { ...routed, 'ms-azureml-model-error-statuscode': String(answer.status), 'ms-azureml-model-error-reason': 'model_error' });
  }
  res.writeHead(200, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json', ...routed });
  res.end(text);
  return 200;
}
