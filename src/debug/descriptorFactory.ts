// Runs the `azureml` adapter inline in the extension host: one session object
// per debug session, given the Docker hosts (loaded lazily on the first
// session) and a way to open gunicorn workers as child sessions whose stop
// and restart act on the parent (lifecycleManagedByParent). Workers end with
// their parent, including one whose parent ended while VS Code was still
// creating it (VS Code then gives it no parentSession).
import * as vscode from 'vscode';
import { AzuremlDebugSession } from './adapter/azuremlSession';
import type { DebuggeeHostFactory } from './adapter/debuggeeHost';

/** Carries the parent's id in a worker's configuration, which survives when VS Code's parentSession does not. */
const PARENT_KEY = '__azuremlParentSession';
/** How many ended sessions are remembered for workers that arrive late. */
const ENDED_KEPT = 64;

export class AzuremlDescriptorFactory implements vscode.DebugAdapterDescriptorFactory, vscode.Disposable {
  /** Worker sessions by the id of their parent: VS Code does not end them with it. */
  private readonly children = new Map<string, Set<AzuremlDebugSession>>();
  /** Ids of sessions that ended, newest last. */
  private readonly ended: string[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly hosts: () => DebuggeeHostFactory | undefined,
    private readonly readyTimeoutMs: () => number,
  ) {
    // A worker still connecting when its parent stops would otherwise retry a removed container until its timeout.
    this.subscription = vscode.debug.onDidTerminateDebugSession((ended) => {
      this.ended.push(ended.id);
      if (this.ended.length > ENDED_KEPT) this.ended.shift();
      const children = this.children.get(ended.id);
      this.children.delete(ended.id);
      for (const child of children ?? []) child.parentEnded();
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const adapter = new AzuremlDebugSession({
      hosts: this.hosts(),
      defaultReadyTimeoutMs: this.readyTimeoutMs(),
      startChild: async (configuration) =>
        // A worker forked as its parent stops has nothing left to attach to.
        this.ended.includes(session.id) ||
        vscode.debug.startDebugging(session.workspaceFolder, { ...(configuration as vscode.DebugConfiguration), [PARENT_KEY]: session.id }, {
          parentSession: session,
          lifecycleManagedByParent: true,
          compact: true,
        }),
    });
    const parentId = session.parentSession?.id ?? (session.configuration[PARENT_KEY] as string | undefined);
    if (parentId && this.ended.includes(parentId)) adapter.parentEnded();
    else if (parentId) {
      const set = this.children.get(parentId) ?? new Set<AzuremlDebugSession>();
      this.children.set(parentId, set.add(adapter));
    }
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }
}
