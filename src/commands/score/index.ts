// Registers the score.py feature: insert and remove the debugpy hook.
import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import type { Services } from '../../services';
import { insertDebugHook, removeDebugHook, type DebugHookArgs } from './debugHook';

function args(arg: vscode.Uri | DebugHookArgs | undefined): DebugHookArgs {
  return arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
}

export function register(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.scoreInsertDebugHook, (arg?: vscode.Uri | DebugHookArgs) => insertDebugHook(services.settings, args(arg))),
    vscode.commands.registerCommand(CommandIds.scoreRemoveDebugHook, (arg?: vscode.Uri | DebugHookArgs) => removeDebugHook(args(arg))),
  );
}
