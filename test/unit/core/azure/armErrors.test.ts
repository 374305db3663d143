// ARM failures in words: a 403's action and role read from AuthorizationFailed,
// a 401 that says to sign in again, Retry-After read in all its forms and
// bounded, and no token or key in any message.
import * as assert from 'node:assert/strict';
import { classifyNetworkError, classifyResponse, deniedAction, parseArmError, roleFor } from '../../../../src/core/azure/armErrors';
import { retryDelayMs } from '../../../../src/core/azure/retryAfter';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });
const call = { what: 'read the logs of deployment scoring/blue', host: 'management.azure.com' };
const DENIED = "The client 'alice@contoso.com' with object id '1111' does not have authorization to perform action "
  + "'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/listKeys/action' over scope '/subscriptions/s/resourceGroups/rg/providers/"
  + "Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/e' or the scope is invalid. If access was recently granted, please refresh your credentials.";

describe('core/azure armErrors', () => {
  it('reads the action and scope ARM says are missing, and a role that grants it', () => {
    assert.deepEqual(deniedAction(DENIED), {
      action: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/listKeys/action',
      scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/e',
    });
    assert.equal(roleFor('Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read'), 'Reader');
    assert.equal(roleFor('Microsoft.MachineLearningServices/workspaces/onlineEndpoints/token/action'), 'AzureML Data Scientist');
    assert.equal(roleFor('Microsoft.Resources/deployments/write'), 'Contributor');
  });

  it('a 403 says what is not granted, where, and whom to ask', () => {
    const f = classifyResponse(call, 403, JSON.stringify({ error: { code: 'AuthorizationFailed', message: DENIED } }), headers({ 'x-ms-request-id': 'r-1' }));
    assert.equal(f.kind, 'forbidden');
    assert.equal(f.role, 'AzureML Data Scientist');
    assert.equal(f.requestId, 'r-1');
    assert.match(f.message, /listKeys\/action is not granted to you on \/subscriptions\/s\//);
    assert.match(f.advice, /"AzureML Data Scientist"/);
  });

  it('a 403 without an action still reads as forbidden, with ARM\'s words', () => {
    const f = classifyResponse(call, 403, JSON.stringify({ error: { code: 'LinkedAccessCheckFailed', message: 'no access to the linked key vault' } }), headers({}));
    assert.equal(f.kind, 'forbidden');
    assert.match(f.message, /LinkedAccessCheckFailed.*linked key vault/);
  });

  it('a 401 tells the user to sign in again', () => {
    const f = classifyResponse(call, 401, JSON.stringify({ error: { code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' } }), headers({}));
    assert.equal(f.kind, 'unauthorized');
    assert.match(f.advice, /Sign in to Azure again/);
  });

  it('a body that is not ARM\'s (a gateway page) is quoted short', () => {
    assert.equal(parseArmError('<html>502 Bad Gateway</html>'), undefined);
    const f = classifyResponse(call, 502, '<html>502 Bad Gateway</html>', headers({}));
    assert.equal(f.kind, 'unavailable');
    assert.match(f.message, /management\.azure\.com is unavailable right now \(HTTP 502\)/);
  });

  it('never echoes a token or key a body or an error carries', () => {
    const token = 'tok_9f8e7d6c5b4a39281706';
    const f = classifyResponse(call, 400, JSON.stringify({ error: { code: 'BadRequest', message: `bad header Authorization: Bearer ${token}` } }), headers({}), [token]);
    assert.ok(!f.message.includes(token));
    const n = classifyNetworkError(call, Object.assign(new Error(`connect failed for key ${token}`), { cause: { code: 'ECONNREFUSED' } }), [token]);
    assert.equal(n.code, 'ECONNREFUSED');
    assert.ok(!n.message.includes(token));
  });

  it('Retry-After in seconds, as an HTTP date, in ms headers; bounded; a fallback when absent', () => {
    const b = { fallbackMs: 2000, minMs: 0, maxMs: 60000 };
    assert.equal(retryDelayMs(headers({ 'retry-after': '7' }), b), 7000);
    assert.equal(retryDelayMs(headers({ 'retry-after': new Date(Date.UTC(2026, 10, 30, 6, 0, 30)).toUTCString() }), b, Date.UTC(2026, 10, 30, 6, 0, 0)), 30000);
    assert.equal(retryDelayMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), b), 250);
    assert.equal(retryDelayMs(headers({ 'retry-after': '86400' }), b), 60000);
    assert.equal(retryDelayMs(headers({ 'retry-after': 'soon' }), b), 2000);
    assert.equal(retryDelayMs(headers({}), { ...b, minMs: 1000, fallbackMs: 10 }), 1000);
  });
});
