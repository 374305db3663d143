// What the adapter says is in the user's language on both of its paths:
// inline in the extension host (the translator activate() hands core/l10n,
// `vscode.l10n.t` there, found by every bundle's copy of the module) and as
// the standalone dist/debugAdapter.js process (the bundle its launcher names
// in AZUREML_DEBUG_L10N_BUNDLE, read by @vscode/l10n). The Japanese bundle is
// the real one; a Debug Console line and an error response are checked.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { AzuremlDebugSession } from '../../../../src/debug/adapter/azuremlSession';
import { useTranslator, type Translate } from '../../../../src/core/l10n';
import { freePort } from '../../../support/ports';

const root = path.resolve(__dirname, '../../../../..');
const JA = path.join(root, 'l10n/bundle.l10n.ja.json');

/** A stand-in for `vscode.l10n.t` with the Japanese bundle loaded (VS Code's own formatting of {n}). */
function japanese(): Translate {
  const bundle = JSON.parse(readFileSync(JA, 'utf8')) as Record<string, string>;
  return (message, ...args) => (bundle[message] ?? message).replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

describe('the adapter in the user\'s language', () => {
  afterEach(() => useTranslator(undefined));

  it('inline: the Debug Console and the failed attach speak Japanese once the host hands in its translator', async () => {
    useTranslator(japanese());
    const port = await freePort();
    const session = new AzuremlDebugSession({});
    const sent: DP.ProtocolMessage[] = [];
    session.onDidSendMessage((m) => sent.push(m as DP.ProtocolMessage));
    session.handleMessage({ type: 'request', seq: 1, command: 'initialize', arguments: { adapterID: 'azureml' } } as DP.Request);
    session.handleMessage({ type: 'request', seq: 2, command: 'attach', arguments: { host: '127.0.0.1', port, readyTimeout: 1 } } as DP.Request);
    const end = Date.now() + 5000;
    let response: DP.Response | undefined;
    while (!(response = sent.find((m): m is DP.Response => m.type === 'response' && (m as DP.Response).request_seq === 2)) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const said = sent.filter((m): m is DP.OutputEvent => m.type === 'event' && (m as DP.Event).event === 'output').map((e) => e.body.output).join('');
    assert.match(said, new RegExp(`127\\.0\\.0\\.1:${port} で debugpy を待機しています`));
    assert.equal(response?.success, false);
    assert.match(response?.message ?? '', new RegExp(`debugpy が 127\\.0\\.0\\.1:${port} で 1 秒以内に応答しませんでした`));
  });

  it('standalone: dist/debugAdapter.js speaks Japanese given AZUREML_DEBUG_L10N_BUNDLE, English without it', async function () {
    this.timeout(30000);
    // The same entry esbuild bundles into dist/debugAdapter.js, as tsc compiled it for this tier.
    const adapter = path.join(root, 'out/src/debug/standaloneAdapter.js');
    const attachFails = async (env: NodeJS.ProcessEnv): Promise<{ console: string; message: string }> => {
      const client = new DebugClient('node', adapter, 'azureml', { env: { ...process.env, ...env } });
      const output: string[] = [];
      client.on('output', (e: DP.OutputEvent) => output.push(e.body.output));
      await client.start();
      try {
        await client.initializeRequest({ adapterID: 'azureml' });
        const port = await freePort();
        const message = await client.attachRequest({ host: '127.0.0.1', port, readyTimeout: 1 } as DP.AttachRequestArguments).then(
          () => assert.fail('attach to a port with nothing behind it succeeded'),
          (err: Error) => err.message,
        );
        return { console: output.join(''), message };
      } finally {
        await client.stop();
      }
    };
    const ja = await attachFails({ AZUREML_DEBUG_L10N_BUNDLE: JA });
    assert.match(ja.console, /で debugpy を待機しています/);
    assert.match(ja.message, /秒以内に応答しませんでした/);
    const en = await attachFails({ AZUREML_DEBUG_L10N_BUNDLE: '' });
    assert.match(en.console, /Waiting for debugpy on 127\.0\.0\.1:\d+/);
    assert.match(en.message, /debugpy did not answer on 127\.0\.0\.1:\d+ within 1 s/);
  });
});
