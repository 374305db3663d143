// What the debuggee prints reaches the Debug Console through debugpy's output
// events (an attach by address redirects it), and what the adapter says
// itself quotes the engine and the container: both masked, as the log
// panel's lines are, so `export AZURE_CLIENT_SECRET=…` shows without its value.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { AzuremlDebugSession } from '../../../../src/debug/adapter/azuremlSession';

function frame(msg: object): string {
  const json = JSON.stringify(msg);
  return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
}

/** A debugpy stand-in: answers initialize and attach, and prints a secret on attach. */
async function fakeDebugpy(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.on('data', (d) => {
      buffered += d.toString();
      for (;;) {
        const m = /^Content-Length: (\d+)\r\n\r\n/.exec(buffered);
        if (!m || buffered.length < m[0].length + Number(m[1])) return;
        const msg = JSON.parse(buffered.slice(m[0].length, m[0].length + Number(m[1]))) as DP.Request;
        buffered = buffered.slice(m[0].length + Number(m[1]));
        socket.write(frame({ type: 'response', seq: 1, request_seq: msg.seq, command: msg.command, success: true, body: {} }));
        if (msg.command === 'attach') {
          socket.write(frame({ type: 'event', seq: 2, event: 'output', body: { category: 'stdout', output: 'export AZURE_CLIENT_SECRET=cl1ent~secret\n' } }));
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

describe('the debuggee\'s output in the Debug Console', () => {
  it('is masked', async () => {
    const { server, port } = await fakeDebugpy();
    const session = new AzuremlDebugSession({});
    const sent: DP.ProtocolMessage[] = [];
    session.onDidSendMessage((m) => sent.push(m as DP.ProtocolMessage));
    try {
      session.handleMessage({ type: 'request', seq: 1, command: 'initialize', arguments: { adapterID: 'azureml' } } as DP.Request);
      session.handleMessage({ type: 'request', seq: 2, command: 'attach', arguments: { host: '127.0.0.1', port, readyTimeout: 5 } } as DP.Request);
      const printed = () => sent.filter((m): m is DP.OutputEvent => m.type === 'event' && (m as DP.Event).event === 'output' && (m as DP.OutputEvent).body.category === 'stdout');
      const end = Date.now() + 4000;
      while (printed().length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(printed().map((e) => e.body.output), ['export AZURE_CLIENT_SECRET=********\n']);
    } finally {
      session.dispose();
      server.close();
    }
  });
});

describe('what the adapter says itself', () => {
  it('masks a failed launch\'s error, which quotes the engine', async () => {
    const host = {
      start: () => Promise.reject(new Error('pull access denied for https://ml:pa55word@registry.example/img')),
      exitInfo: () => Promise.resolve({ running: false, logTail: [] }),
      dispose: () => Promise.resolve(),
    };
    const session = new AzuremlDebugSession({ hosts: { forLaunch: () => host } });
    const sent: DP.ProtocolMessage[] = [];
    session.onDidSendMessage((m) => sent.push(m as DP.ProtocolMessage));
    session.handleMessage({ type: 'request', seq: 1, command: 'initialize', arguments: { adapterID: 'azureml' } } as DP.Request);
    session.handleMessage({ type: 'request', seq: 2, command: 'launch', arguments: {} } as DP.Request);
    const end = Date.now() + 4000;
    const launched = () => sent.find((m): m is DP.Response => m.type === 'response' && (m as DP.Response).request_seq === 2);
    while (!launched() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    assert.equal(launched()?.success, false);
    assert.equal(launched()?.message, 'pull access denied for https://ml:********@registry.example/img');
    session.dispose();
  });
});
