// Offers the attach configuration of the `azureml` debug type when VS Code
// creates a launch.json (initial) and in the Run and Debug picker (dynamic):
// the provide side of the debug type, beside its resolve side
// (configurationProvider.ts). src/debug/lazy.ts registers it for both.
import type * as vscode from 'vscode';
import { attachConfigurationOf } from '../core/edits/attachConfig';
import type { Settings } from '../platform/settings';

/** Provides configurations only; it resolves nothing. */
export class AttachConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly settings: Settings) {}

  provideDebugConfigurations(): vscode.ProviderResult<vscode.DebugConfiguration[]> {
    return [attachConfigurationOf('azureml', this.settings.debugPort)];
  }
}
