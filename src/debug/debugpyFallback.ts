// The seeds' attach configuration ("Azure Machine Learning: Docker Debug") is
// of type `debugpy`, the Python Debugger extension's. Without that extension
// VS Code refuses it ("Configured debug type 'debugpy' is not supported").
// VS Code runs a type's resolvers before it looks for the type's debugger and
// follows a type a resolver changes, so here such a configuration becomes an
// `azureml` attach to the same address, which needs no Python extension.
// Where the Python Debugger is installed, its configurations are its own.
import * as vscode from 'vscode';
import { DEBUGPY_DEBUG_TYPE, azuremlFromDebugpy } from '../core/edits/attachConfig';
import { pythonDebuggerInstalled } from '../platform/pythonDebugger';

export function register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUGPY_DEBUG_TYPE, {
      resolveDebugConfiguration(_folder, config) {
        if (pythonDebuggerInstalled()) return config;
        const attach = azuremlFromDebugpy(config);
        // Not an attach to an address: VS Code says the type is missing and offers to install it.
        if (!attach) return config;
        log.info(`"${attach.name}" is a debugpy configuration and the Python Debugger extension is not installed: attaching with the azureml debugger to ${attach.host}:${attach.port}.`);
        return attach;
      },
    }),
  );
}
