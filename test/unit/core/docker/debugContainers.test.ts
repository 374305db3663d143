// Which debug containers are leftovers of an earlier editor session.
import * as assert from 'node:assert/strict';
import { EDITOR_SESSION_LABEL, KEEP_LABEL, orphansAmong } from '../../../../src/core/docker/debugContainers';

const container = (name: string, labels: Record<string, string>) => ({ name, labels: { 'com.azureml-debug.debug': '1', ...labels } });

describe('debug containers: leftovers', () => {
  it('offers the containers of other editor sessions, not this one\'s, nor those kept on purpose', () => {
    const all = [
      container('mine', { [EDITOR_SESSION_LABEL]: 'session-a' }),
      container('crashed-editor', { [EDITOR_SESSION_LABEL]: 'session-b' }),
      container('kept', { [EDITOR_SESSION_LABEL]: 'session-b', [KEEP_LABEL]: '1' }),
      container('no-session-label', {}),
    ];
    assert.deepEqual(orphansAmong(all, 'session-a').map((c) => c.name), ['crashed-editor', 'no-session-label']);
    assert.deepEqual(orphansAmong(all, 'session-b').map((c) => c.name), ['mine', 'no-session-label']);
  });
});
