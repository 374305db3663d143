// The seeds' attach configuration ("Azure Machine Learning: Docker Debug") is
// of type `debugpy`, the Python Debugger extension's. Without that extension
// VS Code refuses it ("Configured debug type 'debugpy' is not supported").
// VS Code runs a type's resolvers before it looks for the type's debugger and
// follows a type a resolver changes, so here such a configuration becomes an
// `azureml` attach to the same address, which needs no Python extension.
// Where the Python Debugger is installed, its configurations are its own
// (src/debug/lazy.ts asks that before this is loaded).
import type * as vscode from 'vscode';
import { azuremlFromDebugpy } from '../core/edits/attachConfig';

/** Resolves `debugpy` configurations where no extension provides the type. */
export class DebugpyFallback implements vscode.DebugConfigurationProvider {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    const attach = azuremlFromDebugpy(config);
    // Not an attach to an address: VS Code says the type is missing and offers to install it.
    if (!attach) return config;
    this.log.info(`"${attach.name}" is a debugpy configuration and the Python Debugger extension is not installed: attaching with the azureml debugger to ${attach.host}:${attach.port}.`);
    return attach;
  }
}
