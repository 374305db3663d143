// Watches the `azureml` sessions' DAP traffic for the walkthrough's debug
// steps: after a `stopped` event, the first stackTrace answer for that
// thread (VS Code asks for it to show the stop) says whether the session
// stands in init() or run(); the matching context key is then set.
import * as vscode from 'vscode';
import type { DebugProtocol as DP } from '@vscode/debugprotocol';
import { WalkthroughContext } from '../platform/contextKeys';
import { reached } from '../platform/walkthroughProgress';
import { stopPlace, type StopFrame } from './stopPlace';

export function register(context: vscode.ExtensionContext, type: string): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterTrackerFactory(type, {
      createDebugAdapterTracker: () => {
        /** The reason of the last stop of each thread, until its stack was read. */
        const stopped = new Map<number, string>();
        /** stackTrace requests in flight: their seq and thread. */
        const asked = new Map<number, number>();
        return {
          onWillReceiveMessage: (m: DP.ProtocolMessage) => {
            const r = m as DP.Request;
            if (r.type === 'request' && r.command === 'stackTrace') asked.set(r.seq, (r.arguments as DP.StackTraceArguments).threadId);
          },
          onDidSendMessage: (m: DP.ProtocolMessage) => {
            if (m.type === 'event' && (m as DP.Event).event === 'stopped') {
              const body = (m as DP.StoppedEvent).body;
              if (body.threadId !== undefined) stopped.set(body.threadId, body.reason);
              return;
            }
            if (m.type !== 'response' || (m as DP.Response).command !== 'stackTrace') return;
            const response = m as DP.StackTraceResponse;
            const thread = asked.get(response.request_seq);
            asked.delete(response.request_seq);
            const reason = thread === undefined ? undefined : stopped.get(thread);
            if (thread === undefined || reason === undefined || !response.success) return;
            stopped.delete(thread);
            const place = stopPlace(reason, response.body.stackFrames as StopFrame[]);
            if (place) reached(place === 'init' ? WalkthroughContext.stoppedInInit : WalkthroughContext.stoppedInRun);
          },
        };
      },
    }),
  );
}
