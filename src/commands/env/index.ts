// Registers the conda environment feature: the "Add debugpy" command.
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import type { Services } from '../../services';
import { addDebugpy } from './addDebugpy';

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.envAddDebugpy, (uri?: vscode.Uri) => addDebugpy(uri instanceof vscode.Uri ? uri : undefined)),
  );
}
