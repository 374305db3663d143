// A deployment's log in the panel, through the test Azure server: the tail on
// open, only new lines on each poll, a restart marked when the container's log
// starts over, throttling retried, and a refusal ending the tab with a message.
import * as assert from 'node:assert/strict';
import { ArmClient } from '../../../src/azure/armClient';
import { AzureMlApi, workspaceOf } from '../../../src/azure/azureMlApi';
import { deploymentLogSource, webServiceLogSource } from '../../../src/azure/deploymentLogSource';
import type { LogChunk, LogSink } from '../../../src/core/logs/logSource';
import type { DeploymentBacking } from '../../support/azureServer/backing';
import { startAzureServer, type AzureTestServer } from '../../support/azureServer/server';
import { waitFor } from '../../support/docker';

interface Recorded { text: string; restarts: number; errors: { message: string; retrying: boolean }[]; ended: boolean }

function recordingSink(): { sink: LogSink; got: Recorded } {
  const got: Recorded = { text: '', restarts: 0, errors: [], ended: false };
  const sink: LogSink = {
    data: (c: LogChunk) => void (got.text += String(c.text)),
    restart: () => void got.restarts++,
    end: () => void (got.ended = true),
    error: (e, retrying) => void got.errors.push({ message: e.message, retrying }),
    resumeFrom: () => undefined,
  };
  return { sink, got };
}

describe('deploymentLogSource against the test Azure server', () => {
  let server: AzureTestServer;
  afterEach(async () => {
    await server?.stop();
  });

  async function setup(lines: string[]) {
    server = await startAzureServer();
    server.addSubscription('s', 'S');
    const ws = server.addWorkspace('s', 'rg', 'ws');
    const ep = server.addEndpoint(ws, 'scoring');
    const backing: DeploymentBacking = { logs: (_c, tail) => Promise.resolve(`${lines.slice(-(tail ?? lines.length)).join('\n')}\n`) };
    server.addDeployment(ep, 'blue', {}, backing);
    const api = new AzureMlApi(new ArmClient({ armEndpoint: server.url, getToken: server.tokenSource(), sleep: () => Promise.resolve() }));
    return deploymentLogSource({ api, workspace: workspaceOf(ws), endpointName: 'scoring', deploymentName: 'blue', container: 'InferenceServer', pollMs: 20, maxPollMs: 40 });
  }

  it('shows the tail, then only what is new, and marks a restart', async () => {
    const lines = ['one', 'two', 'three'];
    const source = await setup(lines);
    const { sink, got } = recordingSink();
    const handle = source.open({ follow: true, timestamps: false, tail: 2 }, sink);
    try {
      await waitFor('the tail', () => got.text === 'two\nthree\n', 3000);
      lines.push('four');
      await waitFor('the new line', () => got.text.endsWith('three\nfour\n'), 3000);
      assert.equal(got.text, 'two\nthree\nfour\n');
      lines.splice(0, lines.length, 'Azure ML Inferencing HTTP server v1.4.0');
      await waitFor('the restart', () => got.restarts === 1 && got.text.endsWith('server v1.4.0\n'), 3000);
    } finally {
      handle.dispose();
    }
    assert.equal(source.title, 'scoring / blue');
  });

  it('retries while throttled; a refusal ends the tab with the missing action', async () => {
    const source = await setup(['line']);
    server.faults.throttle(5, 1);
    const { sink, got } = recordingSink();
    const handle = source.open({ follow: true, timestamps: false }, sink);
    try {
      await waitFor('the log after throttling', () => got.text === 'line\n', 5000);
      assert.ok(got.errors.some((e) => e.retrying), 'a retried error was reported');
      server.faults.deny('getLogs/action');
      await waitFor('the end', () => got.ended, 3000);
      assert.match(got.errors[got.errors.length - 1].message, /getLogs\/action/);
      assert.equal(got.errors[got.errors.length - 1].retrying, false);
    } finally {
      handle.dispose();
    }
  });

  it('without follow reads once and ends', async () => {
    const source = await setup(['a', 'b']);
    const { sink, got } = recordingSink();
    source.open({ follow: false, timestamps: false }, sink);
    await waitFor('the end', () => got.ended, 3000);
    assert.equal(got.text, 'a\nb\n');
  });

  it('reads a v1 web service\'s log from the workspace\'s data plane, once when not following', async () => {
    server = await startAzureServer();
    server.addSubscription('s', 'S');
    const ws = server.addWorkspace('s', 'rg', 'ws');
    server.addAciService(ws, 'aci-failed', { state: 'Failed' }, 'Invoking user\'s init function\nUser\'s init function failed\n');
    const api = new AzureMlApi(new ArmClient({ armEndpoint: server.url, getToken: server.tokenSource(), sleep: () => Promise.resolve() }));
    const source = webServiceLogSource({ api, workspace: workspaceOf(ws), serviceName: 'aci-failed', dataPlane: server.url });
    const { sink, got } = recordingSink();
    source.open({ follow: false, timestamps: false }, sink);
    await waitFor('the end', () => got.ended, 3000);
    assert.equal(got.text, 'Invoking user\'s init function\nUser\'s init function failed\n');
    assert.equal(source.title, 'aci-failed');
    assert.ok(server.requests.some((r) => r.path.startsWith('/modelmanagement/v1.0/') && r.path.endsWith('/services/aci-failed/logs') && r.status === 200));
  });
});
