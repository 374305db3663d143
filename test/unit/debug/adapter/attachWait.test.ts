// The adapter's side of an attach to an address with no debugpy behind it:
// it announces the wait (a custom event the editor turns into a cancellable
// progress), and at the ready timeout says what listens there (nothing, or
// something that is not debugpy) in one event, failing the attach with an
// error the client is asked not to show (the editor shows the one message).
// Stopping the session during the wait ends it at once, without that event.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { AzuremlDebugSession } from '../../../../src/debug/adapter/azuremlSession';
import { NOT_READY_EVENT, WAITING_EVENT, whatListens, type NotReadyBody, type WaitingBody } from '../../../../src/debug/adapter/readinessEvents';
import { freePort } from '../../../support/ports';


async function listening(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

async function waitUntil(ok: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The session driven in-process as VS Code drives an inline adapter. */
function drive() {
  const session = new AzuremlDebugSession({});
  const sent: DP.ProtocolMessage[] = [];
  session.onDidSendMessage((m) => sent.push(m as DP.ProtocolMessage));
  let seq = 1;
  const request = (command: string, args: object) => {
    const s = seq++;
    session.handleMessage({ type: 'request', seq: s, command, arguments: args } as DP.Request);
    return s;
  };
  const response = async (requestSeq: number, ms = 4000): Promise<DP.Response> => {
    const end = Date.now() + ms;
    for (;;) {
      const r = sent.find((m) => m.type === 'response' && (m as DP.Response).request_seq === requestSeq);
      if (r) return r as DP.Response;
      if (Date.now() > end) throw new Error(`no response to request ${requestSeq}`);
      await new Promise((res) => setTimeout(res, 20));
    }
  };
  const events = (name: string) => sent.filter((m): m is DP.Event => m.type === 'event' && (m as DP.Event).event === name);
  request('initialize', { adapterID: 'azureml' });
  return { session, request, response, events };
}

describe('an attach to an address with no debugpy', () => {
  it('nothing listening: the wait is announced, then one not-ready event says nothing listens, and the error is not for the client to show', async () => {
    const port = await freePort();
    const d = drive();
    const attach = d.request('attach', { host: '127.0.0.1', port, readyTimeout: 1.5 });
    const r = await d.response(attach);
    assert.equal(r.success, false);
    assert.equal((r.body as { error?: DP.Message }).error?.showUser, false);
    assert.deepEqual(d.events(WAITING_EVENT).map((e) => e.body as WaitingBody), [{ host: '127.0.0.1', port, timeoutSeconds: 2 }]);
    const notReady = d.events(NOT_READY_EVENT).map((e) => e.body as NotReadyBody);
    assert.equal(notReady.length, 1);
    assert.equal(notReady[0].listener, 'nothing');
    assert.equal(notReady[0].port, port);
  });

  it('a TCP server that sends nothing is something that is not debugpy, and the wait is announced though the one attempt never ends', async () => {
    const server = net.createServer(() => undefined);
    const port = await listening(server);
    try {
      const d = drive();
      const attach = d.request('attach', { host: '127.0.0.1', port, readyTimeout: 1.5 });
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(d.events(WAITING_EVENT).length, 1, 'announced before the timeout');
      await d.response(attach);
      assert.deepEqual(d.events(NOT_READY_EVENT).map((e) => (e.body as NotReadyBody).listener), ['notDebugpy']);
    } finally {
      server.close();
    }
  });

  it('an HTTP server is something that is not debugpy', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    const port = await listening(server);
    try {
      const d = drive();
      await d.response(d.request('attach', { host: '127.0.0.1', port, readyTimeout: 1.5 }));
      assert.deepEqual(d.events(NOT_READY_EVENT).map((e) => (e.body as NotReadyBody).listener), ['notDebugpy']);
    } finally {
      server.close();
    }
  });

  it('stopping during the wait ends the session at once, with no not-ready event', async () => {
    const server = net.createServer(() => undefined);
    const port = await listening(server);
    try {
      const d = drive();
      const attach = d.request('attach', { host: '127.0.0.1', port, readyTimeout: 60 });
      await new Promise((r) => setTimeout(r, 700));
      const started = Date.now();
      const disconnect = d.request('disconnect', {});
      const r = await d.response(attach, 3000);
      assert.ok(Date.now() - started < 1000, `ended ${Date.now() - started} ms after the stop`);
      assert.equal(r.success, true);
      assert.equal(d.events(NOT_READY_EVENT).length, 0);
      assert.equal((await d.response(disconnect)).success, true);
    } finally {
      server.close();
    }
  });

  it('a gunicorn worker whose parent ended before its attach arrived answers the attach and then ends, without waiting for a container that is gone', async () => {
    const server = net.createServer(() => undefined);
    const port = await listening(server);
    try {
      const d = drive();
      // The factory's call when VS Code creates a worker after its parent ended.
      d.session.parentEnded();
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(d.events('terminated').length, 0, 'no terminated event before the client could listen for it');
      const attach = d.request('attach', { host: '127.0.0.1', port, readyTimeout: 60, subProcessId: 41 });
      assert.equal((await d.response(attach)).success, true);
      await waitUntil(() => d.events('terminated').length === 1);
      assert.equal(d.events(WAITING_EVENT).length + d.events(NOT_READY_EVENT).length, 0, 'it never waited for debugpy');
    } finally {
      server.close();
    }
  });

  it('a port-forward\'s local port (remotePort given, as the pod attach does) keeps the plain error the client shows', async () => {
    const port = await freePort();
    const d = drive();
    const r = await d.response(d.request('attach', { host: '127.0.0.1', port, remotePort: 5678, readyTimeout: 1 }));
    assert.equal(r.success, false);
    assert.match(r.message ?? '', /debugpy did not answer/);
    assert.equal(r.body, undefined);
    assert.equal(d.events(WAITING_EVENT).length + d.events(NOT_READY_EVENT).length, 0);
  });

  it('reads the last attempt: refused is nothing, a socket error unreachable, anything else not debugpy', () => {
    assert.equal(whatListens('ECONNREFUSED'), 'nothing');
    assert.equal(whatListens('EHOSTUNREACH'), 'unreachable');
    assert.equal(whatListens('no answer to initialize'), 'notDebugpy');
    assert.equal(whatListens('accepted, then closed with no data'), 'notDebugpy');
  });
});
