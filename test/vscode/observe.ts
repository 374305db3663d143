// What the host suites watch as a user would see it: the stops of `azureml`
// debug sessions (from the adapter's own messages, as VS Code gets them), and
// the log files of the window (the output channels'), to find a secret that
// must never be written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** A stop an `azureml` session reported. */
export interface Stop {
  session: vscode.DebugSession;
  threadId: number;
}

/** Records every `stopped` event of `azureml` sessions into `stops` until disposed. */
export function trackStops(): { stops: Stop[]; dispose(): void } {
  const stops: Stop[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('azureml', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (m: { type: string; event?: string; body?: { threadId?: number } }) => {
        if (m.type === 'event' && m.event === 'stopped') stops.push({ session, threadId: m.body?.threadId ?? 0 });
      },
    }),
  });
  return { stops, dispose: () => tracker.dispose() };
}

/**
 * Every log file of this window (`logUri` is <window logs>/exthost/<extension>),
 * and which of them is our output channel's.
 */
export function windowLogFiles(logUri: vscode.Uri, extensionId: string): { root: string; files: string[]; ours: string | undefined } {
  const root = path.resolve(logUri.fsPath, '..', '..', '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(root);
  return { root, files, ours: files.find((f) => f.includes(extensionId) && f.endsWith('.log')) };
}
