// Offers the attach configuration of the `azureml` debug type when VS Code
// creates a launch.json (initial) and in the Run and Debug picker (dynamic).
// Resolving and launching sessions of that type belongs to src/debug.
import * as vscode from 'vscode';
import { AZUREML_DEBUG_TYPE } from '../../core/edits/attachConfig';
import type { Settings } from '../../platform/settings';
import { attachConfiguration } from './attachConfigurations';

/** Provides configurations only; it resolves nothing. */
export class AttachConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly settings: Settings) {}

  provideDebugConfigurations(): vscode.ProviderResult<vscode.DebugConfiguration[]> {
    return [attachConfiguration('azureml', this.settings)];
  }
}

/** Registers the provider for both trigger kinds. */
export function registerAttachConfigurationProvider(provider: AttachConfigurationProvider): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.debug.registerDebugConfigurationProvider(AZUREML_DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(AZUREML_DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}
