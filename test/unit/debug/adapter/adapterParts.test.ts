// The adapter's pure parts: what is sent to debugpy (our keys dropped, a
// worker's own arguments replayed untouched), the worker's address rewritten
// from the container port to the published host port, and readiness that
// survives a port that accepts and drops (as docker-proxy does) without
// ever leaving a half-done session behind.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { childConfiguration, debugpyAttachArguments } from '../../../../src/debug/adapter/debugpyArguments';
import { connectWithRetry, NotReadyError } from '../../../../src/debug/adapter/connectWithRetry';

function frame(msg: object): string {
  const json = JSON.stringify(msg);
  return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
}

/** A loopback server that drops the first `drops` connections, then answers initialize. */
function flakyServer(drops: number): Promise<{ server: net.Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  let n = 0;
  const server = net.createServer((socket) => {
    if (n++ < drops) {
      socket.destroy();
      return;
    }
    socket.on('data', (d) => {
      const text = d.toString();
      seen.push(text);
      const seq = Number(/"seq":(\d+)/.exec(text)?.[1]);
      socket.write(frame({ type: 'response', seq: 1, request_seq: seq, command: 'initialize', success: true, body: { supportsConfigurationDoneRequest: true } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port, seen })));
}

describe('adapter: debugpy arguments', () => {
  it('drops our own keys and keeps debugpy options', () => {
    const out = debugpyAttachArguments({ name: 'x', image: 'i', appFolder: '/a', container: 'c', justMyCode: false, rules: [{ module: 'flask' }] }, [{ localRoot: '/a', remoteRoot: '/var/azureml-app' }], false);
    assert.equal(out.image, undefined);
    assert.equal(out.container, undefined);
    assert.equal(out.justMyCode, false);
    assert.deepEqual(out.rules, [{ module: 'flask' }]);
    assert.deepEqual(out.pathMappings, [{ localRoot: '/a', remoteRoot: '/var/azureml-app' }]);
    assert.equal(out.subProcess, true);
  });

  it('replays a worker\'s debugpyAttach body untouched', () => {
    const body = { subProcessId: 42, connect: { host: '127.0.0.1', port: 5678 }, pathMappings: [] };
    assert.equal(debugpyAttachArguments({ __azuremlDebugpyArgs: body }, [], false), body);
  });

  it('rewrites the worker\'s container port to the published host port', () => {
    const body = { subProcessId: 42, connect: { host: '127.0.0.1', port: 5678 } };
    const viaMap = childConfiguration(body, { host: '127.0.0.1', port: 49153, containerPort: 5678, notes: [] }, { mapPort: (p) => (p === 5678 ? 49999 : undefined), start: () => Promise.reject(new Error()), exitInfo: () => Promise.reject(new Error()), dispose: () => Promise.resolve() }, {});
    assert.deepEqual([viaMap.host, viaMap.port, viaMap.remotePort], ['127.0.0.1', 49999, 5678]);
    const viaTarget = childConfiguration(body, { host: '127.0.0.1', port: 49153, containerPort: 5678, notes: [] }, undefined, {});
    assert.deepEqual([viaTarget.host, viaTarget.port, viaTarget.remotePort], ['127.0.0.1', 49153, 5678]);
    assert.equal(viaTarget.name, 'gunicorn worker 42');
    assert.equal(viaTarget.__azuremlDebugpyArgs, body);
  });
});

describe('adapter: readiness by the session itself', () => {
  it('reconnects after accepted-then-closed connections and completes initialize on the same socket', async () => {
    const { server, port, seen } = await flakyServer(3);
    const retries: string[] = [];
    try {
      const ready = await connectWithRetry({ host: '127.0.0.1', port, timeoutMs: 10000, initializeArgs: { adapterID: 'debugpy' }, onRetry: (_n, why) => retries.push(why) });
      assert.equal(ready.attempts, 4);
      assert.equal(ready.capabilities.supportsConfigurationDoneRequest, true);
      assert.equal(retries.length, 3);
      assert.match(retries[0], /accepted, then closed with no data|ECONNRESET/);
      // Exactly one initialize reached the server: no throwaway probe session.
      assert.equal(seen.filter((s) => s.includes('"initialize"')).length, 1);
      assert.equal(ready.connection.isClosed, false);
      ready.connection.close();
    } finally {
      server.close();
    }
  });

  it('gives up at the timeout with the last reason', async () => {
    const { server, port } = await flakyServer(Number.MAX_SAFE_INTEGER);
    try {
      await assert.rejects(connectWithRetry({ host: '127.0.0.1', port, timeoutMs: 600, initializeArgs: { adapterID: 'debugpy' } }), (err: unknown) => {
        assert.ok(err instanceof NotReadyError);
        assert.match(err.message, /debugpy did not answer on 127\.0\.0\.1:\d+ within 1 s/);
        return true;
      });
    } finally {
      server.close();
    }
  });

  it('stops early when told the debuggee is gone', async () => {
    const { server, port } = await flakyServer(Number.MAX_SAFE_INTEGER);
    try {
      await assert.rejects(
        connectWithRetry({ host: '127.0.0.1', port, timeoutMs: 10000, initializeArgs: { adapterID: 'debugpy' }, giveUp: () => Promise.resolve('The container exited with code 3.') }),
        /The container exited with code 3\./,
      );
    } finally {
      server.close();
    }
  });
});
