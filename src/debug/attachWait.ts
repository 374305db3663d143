// The wait of an attach to an address, as the user sees it: the adapter's
// readiness events become a cancellable progress notification ("Waiting for
// debugpy on 127.0.0.1:5678…"), and its not-ready event one message saying
// what listens there, with the ways to start a debuggable deployment.
import * as vscode from 'vscode';
import { CommandIds } from '../platform/commandIds';
import { Strings } from '../platform/localize';
import { NOT_READY_EVENT, READY_EVENT, WAITING_EVENT, type NotReadyBody, type WaitingBody } from './adapter/readinessEvents';

export function register(context: vscode.ExtensionContext, debugType: string): void {
  /** Ends the progress of a session, by session id. */
  const waits = new Map<string, () => void>();
  const end = (id: string) => {
    waits.get(id)?.();
    waits.delete(id);
  };
  context.subscriptions.push(
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      // A gunicorn worker's session waits inside its parent's; the parent's wait is the one shown.
      if (e.session.type !== debugType || e.session.parentSession) return;
      if (e.event === WAITING_EVENT && !waits.has(e.session.id)) showWait(e.session, e.body as WaitingBody, waits);
      else if (e.event === READY_EVENT) end(e.session.id);
      else if (e.event === NOT_READY_EVENT) {
        end(e.session.id);
        void offerWays(e.session, e.body as NotReadyBody);
      }
    }),
    vscode.debug.onDidTerminateDebugSession((session) => end(session.id)),
  );
}

function showWait(session: vscode.DebugSession, where: WaitingBody, waits: Map<string, () => void>): void {
  const title = Strings.debug.waitingForDebugpy(where.host, where.port);
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
    new Promise<void>((resolve) => {
      waits.set(session.id, resolve);
      // Cancel means "stop trying": the session ends as if stopped, with no error.
      token.onCancellationRequested(() => {
        waits.delete(session.id);
        resolve();
        void vscode.debug.stopDebugging(session);
      });
    }));
}

/** The one message at the ready timeout; each button starts one way of getting a debugpy to attach to. */
async function offerWays(session: vscode.DebugSession, body: NotReadyBody): Promise<void> {
  const what = body.listener === 'nothing' ? Strings.debug.nothingListens(body.host, body.port, body.timeoutSeconds)
    : body.listener === 'notDebugpy' ? Strings.debug.notDebugpy(body.host, body.port, body.timeoutSeconds)
      : Strings.debug.unreachable(body.host, body.port, body.reason);
  const debugService = Strings.debug.wayDebugService();
  const hook = Strings.debug.wayScoreHook();
  const launch = Strings.debug.wayLaunch();
  const pick = await vscode.window.showWarningMessage(`${what} ${Strings.debug.waysIntro()}`, debugService, hook, launch);
  if (pick === debugService) await vscode.commands.executeCommand(CommandIds.serviceDebug);
  else if (pick === hook) await vscode.commands.executeCommand(CommandIds.scoreInsertDebugHook);
  else if (pick === launch) await startLaunch(session.workspaceFolder);
}

/** The folder's own `azureml` launch configuration by name, else the default launch of the folder (F5 with no launch.json). */
async function startLaunch(folder: vscode.WorkspaceFolder | undefined): Promise<boolean> {
  const configs = vscode.workspace.getConfiguration('launch', folder?.uri).get<vscode.DebugConfiguration[]>('configurations') ?? [];
  const ours = configs.find((c) => c.type === 'azureml' && c.request === 'launch' && typeof c.name === 'string');
  if (ours) return vscode.debug.startDebugging(folder, ours.name);
  return vscode.debug.startDebugging(folder, { type: 'azureml', request: 'launch', name: Strings.debug.defaultName() });
}
