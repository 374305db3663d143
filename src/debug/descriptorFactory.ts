// Runs the `azureml` adapter inline in the extension host: one session object
// per debug session, given the Docker hosts (loaded lazily on the first
// session) and a way to open gunicorn workers as child sessions whose stop
// and restart act on the parent (lifecycleManagedByParent).
import * as vscode from 'vscode';
import { AzuremlDebugSession } from './adapter/azuremlSession';
import type { DebuggeeHostFactory } from './adapter/debuggeeHost';

export class AzuremlDescriptorFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(
    private readonly hosts: () => DebuggeeHostFactory | undefined,
    private readonly readyTimeoutMs: () => number,
  ) {}

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
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }
}
