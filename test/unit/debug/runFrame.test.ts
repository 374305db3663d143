// Where run() stands in a debug session when a request is cut off with 408:
// a paused thread's innermost run() frame; running threads passed over.
import * as assert from 'node:assert/strict';
import { runFrameOf, type DapRequest } from '../../../src/debug/runFrame';

/** A debugpy-like session: thread 1 runs (no stack to give), thread 2 is paused in predict() called from run(). */
function session(frames: { name: string; line: number; source?: { path?: string; name?: string } }[] | 'fails'): DapRequest {
  return async (command, args) => {
    if (command === 'threads') {
      if (frames === 'fails') throw new Error('not connected');
      return { threads: [{ id: 1 }, { id: 2 }] };
    }
    const { threadId } = args as { threadId: number };
    if (threadId === 1) throw new Error('Thread 1 is not paused');
    return { stackFrames: frames };
  };
}

describe('runFrame.runFrameOf', () => {
  it('names the file and line of run() on the paused thread', async () => {
    const frames = [
      { name: 'predict', line: 24, source: { path: '/work/v2/onlinescoring/score.py', name: 'score.py' } },
      { name: 'run', line: 31, source: { path: '/work/v2/onlinescoring/score.py', name: 'score.py' } },
      { name: 'run_user_script', line: 140, source: { path: '/opt/env/site-packages/azureml_inference_server_http/server/user_script.py' } },
    ];
    assert.equal(await runFrameOf(session(frames)), 'score.py:31');
    assert.equal(await runFrameOf(session([{ name: 'run', line: 7, source: { path: 'C:\\app\\score.py' } }])), 'score.py:7');
  });
  it('says nothing when no thread is in run(), or the session cannot answer', async () => {
    assert.equal(await runFrameOf(session([{ name: 'init', line: 12 }])), undefined);
    assert.equal(await runFrameOf(session('fails')), undefined);
  });
});
