// The debug types' front, registered at activation: the `azureml` resolver,
// adapter factory and "Remove Leftover Debug Containers" hand each call to
// the debug feature, built from dist/debug.js on the first (a session
// resolving); the `debugpy` fallback loads it only where no extension
// provides that type. Offering the attach configuration needs none of it.
import * as vscode from 'vscode';
import type * as DebugBundle from './index';
import type { DebugFeature } from './index';
import { AttachConfigurationProvider } from './attachConfigurationProvider';
import { AZUREML_DEBUG_TYPE, DEBUGPY_DEBUG_TYPE } from '../core/edits/attachConfig';
import { CommandIds } from '../platform/commandIds';
import { bundleDirOf, Lazy, loadBundle } from '../platform/lazyBundle';
import { pythonDebuggerInstalled } from '../platform/pythonDebugger';
import type { Workbench } from '../workbench';

/** What the registrations answer with now, and the feature they build on first use. */
export interface DebugFront {
  feature: Lazy<DebugFeature>;
  /** Offers the attach configuration (launch.json creation, the Run and Debug picker). */
  offered: AttachConfigurationProvider;
}

export function register(services: Workbench): DebugFront {
  const feature = new Lazy(() => loadBundle<typeof DebugBundle>(bundleDirOf(services.context), 'debug').create(services));
  const offered = new AttachConfigurationProvider(services.settings);
  services.context.subscriptions.push(
    // Only the methods the resolver has: VS Code reads a provider's kinds from the methods present.
    vscode.debug.registerDebugConfigurationProvider(AZUREML_DEBUG_TYPE, {
      resolveDebugConfiguration: (folder, config) => feature.get().configurations.resolveDebugConfiguration(folder, config),
      resolveDebugConfigurationWithSubstitutedVariables: (folder, config) => feature.get().configurations.resolveDebugConfigurationWithSubstitutedVariables(folder, config),
    }),
    vscode.debug.registerDebugConfigurationProvider(AZUREML_DEBUG_TYPE, offered, vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(AZUREML_DEBUG_TYPE, offered, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugConfigurationProvider(DEBUGPY_DEBUG_TYPE, {
      resolveDebugConfiguration: (folder, config) => (pythonDebuggerInstalled() ? config : feature.get().debugpy.resolveDebugConfiguration(folder, config)),
    }),
    vscode.debug.registerDebugAdapterDescriptorFactory(AZUREML_DEBUG_TYPE, {
      createDebugAdapterDescriptor: (session) => feature.get().factory.createDebugAdapterDescriptor(session),
    }),
    vscode.commands.registerCommand(CommandIds.debugRemoveOrphans, (options?: { confirmed?: boolean }) => feature.get().orphans.removeCommand(options)),
  );
  return { feature, offered };
}
