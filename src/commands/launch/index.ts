// Registers the launch.json feature: the "Add Attach Configuration" command
// and the configuration provider of the `azureml` debug type.
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import type { Services } from '../../services';
import { addConfiguration, type AddConfigurationArgs } from './addConfiguration';
import { AttachConfigurationProvider, registerAttachConfigurationProvider } from './attachConfigurationProvider';

export function register(services: Services): void {
  const provider = (services.attachConfigurations = new AttachConfigurationProvider(services.settings));
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.launchAddConfiguration, (arg?: vscode.Uri | AddConfigurationArgs) =>
      addConfiguration(services.settings, arg instanceof vscode.Uri ? { target: arg } : (arg ?? {})),
    ),
    registerAttachConfigurationProvider(provider),
  );
}
