// A stand-in for Azure AD and kubelogin. `az aks get-credentials` on an Azure
// AD cluster writes a user whose exec plugin is `kubelogin get-token --login
// azurecli --server-id <AKS AAD server app>`, found on PATH; kubelogin asks
// Azure AD for a token and prints it with its expiry as an ExecCredential.
// Here the "Azure AD" is an endpoint of the cluster (a per-cluster secret, no
// bearer token) that mints a token for a user with a lifetime, and the
// "kubelogin" is a Node script written next to a calls log that tests count.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { readJson } from './rest';
import type { IssuedToken } from './users';

/** Where the script asks for a token (answered before bearer authentication). */
export const aadTokenPath = '/_test/aad/token';

/** The application id of the AKS AAD server, which every AKS kubeconfig names. */
export const aksServerId = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** The exec stanza of an AKS Azure AD user, as `az aks get-credentials` (kubelogin azurecli mode) writes it. */
export function kubeloginExec(): Record<string, unknown> {
  return {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    args: ['get-token', '--login', 'azurecli', '--server-id', aksServerId],
    command: 'kubelogin',
    env: null,
    installHint: '\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n',
    provideClusterInfo: false,
  };
}

/** What the script needs: where to ask, as whom, for how long, and where to log its calls. */
export interface StandInConfig { url: string; caPem: string; secret: string; user: string; ttlSeconds: number; callsFile: string }

/**
 * The `kubelogin` executable: Node only. Each run asks for a fresh token (no
 * cache, unlike the real one), appends one JSON line to the calls file
 * ({at, args, expirationTimestamp}: never the token), and prints the
 * ExecCredential kubelogin prints.
 */
export function kubeloginScript(c: StandInConfig): string {
  return `#!/usr/bin/env node
// kubelogin stand-in written by the test Kubernetes cluster (test/k8s-server/kubelogin.ts).
'use strict';
const https = require('https');
const fs = require('fs');
const config = ${JSON.stringify({ ...c, path: aadTokenPath })};
const args = process.argv.slice(2);
const fail = (message) => {
  process.stderr.write('kubelogin (test stand-in): ' + message + '\\n');
  process.exit(1);
};
if (args[0] !== 'get-token') fail('only get-token is supported');
const req = https.request(config.url + config.path, {
  method: 'POST', ca: config.caPem, headers: { 'content-type': 'application/json', 'x-test-aad-secret': config.secret },
}, (res) => {
  const chunks = [];
  res.on('data', (chunk) => chunks.push(chunk));
  res.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    if (res.statusCode !== 200) fail('the token endpoint answered ' + res.statusCode + ': ' + text);
    const answer = JSON.parse(text);
    // RFC 3339 in whole seconds, as kubelogin prints it.
    const expirationTimestamp = new Date(answer.expires_on * 1000).toISOString().replace(/\\.\\d{3}Z$/, 'Z');
    fs.appendFileSync(config.callsFile, JSON.stringify({ at: new Date().toISOString(), args, expirationTimestamp }) + '\\n');
    process.stdout.write(JSON.stringify({
      kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: { interactive: false },
      status: { expirationTimestamp, token: answer.access_token },
    }) + '\\n');
  });
});
req.on('error', (err) => fail('cannot reach ' + config.url + ': ' + err.message));
req.end(JSON.stringify({ user: config.user, ttlSeconds: config.ttlSeconds }));
`;
}

/**
 * Answers the script: `{user, ttlSeconds}` with the cluster's secret gets an
 * AAD-shaped `{token_type, access_token, expires_on}` (epoch seconds).
 */
export async function serveAadToken(req: IncomingMessage, res: ServerResponse, secret: string, issue: (user: string, ttlSeconds: number) => IssuedToken | undefined): Promise<void> {
  const send = (code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const got = Buffer.from(String(req.headers['x-test-aad-secret'] ?? ''));
  const want = Buffer.from(secret);
  if (req.method !== 'POST' || got.length !== want.length || !timingSafeEqual(got, want)) {
    return send(401, { error: 'invalid_client', error_description: 'the test cluster\'s Azure AD stand-in did not recognise this client' });
  }
  const body = (await readJson(req, true)) as { user?: string; ttlSeconds?: number } | undefined;
  const ttl = body?.ttlSeconds;
  const issued = body?.user && typeof ttl === 'number' && ttl > 0 ? issue(body.user, ttl) : undefined;
  if (!issued?.expiresAt) return send(400, { error: 'invalid_grant', error_description: `no such user: ${JSON.stringify(body?.user)}, or no ttlSeconds` });
  return send(200, { token_type: 'Bearer', access_token: issued.token, expires_on: Math.floor(issued.expiresAt.getTime() / 1000) });
}
