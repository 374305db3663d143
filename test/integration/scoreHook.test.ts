// The score.py debug hook and the attach configuration against real parts:
// the hook inserted into the sample's score.py makes real debugpy in the
// sample image's gunicorn worker listen and wait; a DAP client attaching with
// our configuration's pathMappings stops at a breakpoint on the host path, and
// scoring answers once it continues. Removing the hook restores the file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { azuremlAttachConfiguration } from '../../src/core/edits/attachConfig';
import { insertDebugHook, removeDebugHook } from '../../src/core/edits/scoreHook';
import { DEBUGPY_IMAGE, readableTempDir, TEST_LABEL, docker, removeLabelled, uniqueName, waitFor } from '../support/docker';

const sampleDir = path.resolve(__dirname, '../../../sample');
const runLabel = `com.azureml-debug.testrun=${uniqueName('hook')}`;

describe('score.py debug hook in the sample image (real Docker, real debugpy)', function () {
  this.timeout(120000);
  let app: string;
  let name: string;
  let client: DebugClient | undefined;

  before(() => {
    app = readableTempDir('azureml-hook-');
    fs.cpSync(sampleDir, app, { recursive: true });
  });

  after(async () => {
    await client?.stop().catch(() => undefined);
    await removeLabelled(runLabel);
    fs.rmSync(app, { recursive: true, force: true });
  });

  it('listens, waits for the client, and the attach configuration maps breakpoints to the host file', async () => {
    const original = fs.readFileSync(path.join(app, 'score.py'), 'utf8');
    // timeout 0: the worker waits for us however slow the machine is.
    const hooked = insertDebugHook(original, { host: '0.0.0.0', port: 5678, timeoutSeconds: 0 });
    assert.ok(!('error' in hooked) && hooked.changed);
    fs.writeFileSync(path.join(app, 'score.py'), hooked.text);
    const runLine = hooked.text.split('\n').findIndex((l) => l.includes('data = json.loads(raw_data)')) + 1;
    assert.ok(runLine > 0);

    name = uniqueName('hook');
    await docker('run', '-d', '--name', name, '--label', TEST_LABEL, '--label', runLabel,
      '-v', `${app}:/var/azureml-app:ro`, '-e', 'AZUREML_MODEL_DIR=/var/azureml-app',
      // The seeds' path: debugpy listed in the conda file, so the image has it.
      '-p', '127.0.0.1::5001', '-p', '127.0.0.1::5678', DEBUGPY_IMAGE);
    const hostPort = async (p: number) => Number((await docker('port', name, `${p}/tcp`)).split('\n')[0].split(':').pop());
    const scoring = await hostPort(5001);
    const debugPort = await hostPort(5678);
    // The hook prints once debugpy listens; connecting earlier reaches only docker-proxy.
    await waitFor('the hook to listen', async () => (await docker('logs', name)).includes('debugpy listening on 0.0.0.0:5678') || undefined, 60000);
    const logsBefore = await docker('logs', name);
    assert.ok(!logsBefore.includes('debugger attached'), 'the worker waits for a client');

    // Our attach configuration, with ${workspaceFolder} resolved as VS Code would.
    const config = azuremlAttachConfiguration({ port: debugPort, localRoot: app });
    client = new DebugClient('node', 'unused', 'debugpy');
    client.defaultTimeout = 60000;
    await client.start(debugPort);
    await client.initializeRequest({ adapterID: 'debugpy', clientID: 'test', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    // debugpy answers attach only after configurationDone; initialized comes first.
    const attached = client.attachRequest({ pathMappings: config.pathMappings, justMyCode: true } as DP.AttachRequestArguments);
    await client.waitForEvent('initialized');
    const scorePy = path.join(app, 'score.py');
    const bp = await client.setBreakpointsRequest({ source: { path: scorePy }, breakpoints: [{ line: runLine }] });
    assert.equal(bp.body.breakpoints[0].verified, true, 'breakpoint verified through the path mapping');
    await client.setExceptionBreakpointsRequest({ filters: [] });
    await client.configurationDoneRequest();
    await attached;

    await waitFor('the worker to report the attach', async () => (await docker('logs', name)).includes('debugger attached') || undefined, 60000);
    await waitFor('scoring to be healthy', async () => {
      try {
        return (await fetch(`http://127.0.0.1:${scoring}/`, { signal: AbortSignal.timeout(2000) })).ok || undefined;
      } catch {
        return undefined;
      }
    }, 60000);

    const body = fs.readFileSync(path.join(app, 'sample-request.json'), 'utf8');
    const answer = fetch(`http://127.0.0.1:${scoring}/score`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    const stopped = (await client.waitForEvent('stopped')) as DP.StoppedEvent;
    const trace = await client.stackTraceRequest({ threadId: stopped.body.threadId ?? 0 });
    const top = trace.body.stackFrames[0];
    assert.equal(top.source?.path, scorePy, 'the frame is the host file');
    assert.equal(top.line, runLine);
    await client.continueRequest({ threadId: stopped.body.threadId ?? 0 });
    const response = await answer;
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { predictions: number[] }).predictions.length, 2);

    await client.disconnectRequest({ terminateDebuggee: false });
    const removed = removeDebugHook(fs.readFileSync(scorePy, 'utf8'));
    assert.ok(!('error' in removed) && removed.changed);
    assert.equal(removed.text, original);
  });
});
