// Registers the launch.json feature: the "Add Attach Configuration" command.
// The configurations the `azureml` debug type offers are src/debug's.
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import type { Services } from '../../services';
import { addConfiguration, type AddConfigurationArgs } from './addConfiguration';
import { WalkthroughContext } from '../../platform/contextKeys';
import { reached } from '../../platform/walkthroughProgress';

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.launchAddConfiguration, (arg?: vscode.Uri | AddConfigurationArgs) =>
      addConfiguration(services.settings, arg instanceof vscode.Uri ? { target: arg } : (arg ?? {})).then((r) => {
        if (r) reached(WalkthroughContext.attachConfigurationAdded);
        return r;
      }),
    ),
  );
}
