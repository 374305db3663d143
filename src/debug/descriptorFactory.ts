// Runs the `azureml` adapter inline in the extension host: one session object
// per debug session, given the Docker hosts (loaded lazily on the first
// session) and a way to open gunicorn workers as child sessions whose stop
// and restart act on the parent (lifecycleManagedByParent). Workers end with
// their parent.
import * as vscode from 'vscode';
import { AzuremlDebugSession } from './adapter/azuremlSession';
import type { DebuggeeHostFactory } from './adapter/debuggeeHost';

export class AzuremlDescriptorFactory implements vscode.DebugAdapterDescriptorFactory, vscode.Disposable {
  /** Worker sessions by the id of their parent: VS Code does not end them with it. */
  private readonly children = new Map<string, Set<AzuremlDebugSession>>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly hosts: () => DebuggeeHostFactory | undefined,
    private readonly readyTimeoutMs: () => number,
  ) {
    // A worker still connecting when its parent stops would otherwise retry a removed container until its timeout.
    this.subscription = vscode.debug.onDidTerminateDebugSession((ended) => {
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
        vscode.debug.startDebugging(session.workspaceFolder, configuration as vscode.DebugConfiguration, {
          parentSession: session,
          lifecycleManagedByParent: true,
          compact: true,
        }),
    });
    const parent = session.parentSession;
    if (parent) {
      const set = this.children.get(parent.id) ?? new Set<AzuremlDebugSession>();
      this.children.set(parent.id, set.add(adapter));
    }
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }
}
