// The output channel every feature writes to masks what it is given: the
// runtimes' words (an engine's error, a response body, a watch's reason) lose
// their secrets whichever feature logs them.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { maskedLog } from '../../../src/platform/maskedLog';

/** A channel that records what reaches it. */
function recording() {
  const written: unknown[][] = [];
  const rec = (verb: string) => (...args: unknown[]) => void written.push([verb, ...args]);
  const channel = {
    name: 'Azure ML Deployments',
    logLevel: 2,
    onDidChangeLogLevel: () => ({ dispose: () => undefined }),
    append: rec('append'),
    appendLine: rec('appendLine'),
    replace: rec('replace'),
    clear: rec('clear'),
    show: rec('show'),
    hide: rec('hide'),
    dispose: rec('dispose'),
    trace: rec('trace'),
    debug: rec('debug'),
    info: rec('info'),
    warn: rec('warn'),
    error: rec('error'),
  } as unknown as vscode.LogOutputChannel;
  return { channel, written };
}

describe('maskedLog', () => {
  it('masks every message and string argument, and an error\'s message and stack', () => {
    const { channel, written } = recording();
    const log = maskedLog(channel);
    log.info('test request to svc (:8890) -> 200 in 5 ms: {"primaryKey": "pk-123456"}');
    log.warn('watch stopped: %s', 'Authorization: Bearer 0pen.sesame.token');
    log.appendLine('export AZURE_CLIENT_SECRET=cl1ent~secret');
    log.append('AccountKey=abc123==;');
    log.error(new Error('pull failed: https://u:pa55word@registry.example/v2/'));
    log.debug('plain text stays');
    const text = JSON.stringify(written.map((w) => w.map((x) => (x instanceof Error ? `${x.message} ${x.stack}` : x))));
    for (const secret of ['pk-123456', '0pen.sesame', 'cl1ent', 'abc123', 'pa55word']) assert.ok(!text.includes(secret), secret);
    assert.deepEqual(written[0], ['info', 'test request to svc (:8890) -> 200 in 5 ms: {"primaryKey": "********"}']);
    assert.deepEqual(written[1], ['warn', 'watch stopped: %s', 'Authorization: Bearer ********']);
    assert.equal((written[4][1] as Error).message, 'pull failed: https://u:********@registry.example/v2/');
    assert.deepEqual(written[5], ['debug', 'plain text stays']);
  });

  it('passes the rest of the channel through', () => {
    const { channel, written } = recording();
    const log = maskedLog(channel);
    assert.equal(log.name, 'Azure ML Deployments');
    assert.equal(log.logLevel, 2);
    log.show(true);
    log.dispose();
    assert.deepEqual(written, [['show', true, undefined], ['dispose']]);
  });
});
