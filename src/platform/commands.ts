// Registering and naming commands through the typed table: a handler gets
// the argument types CommandArgs declares for its id, and a command built for
// a code action or a message carries arguments of those types, so the two
// sides of an internal command cannot drift apart.
import * as vscode from 'vscode';
import type { CommandArgs, CommandId } from './commandIds';

type ArgsOf<K extends CommandId> = K extends keyof CommandArgs ? CommandArgs[K] : [];

/** `vscode.commands.registerCommand`, typed by the table. */
export function registerCommand<K extends CommandId>(id: K, handler: (...args: ArgsOf<K>) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown);
}

/** A `vscode.Command` (code action, message link) for `id` with its typed arguments. */
export function commandOf<K extends CommandId>(id: K, title: string, ...args: ArgsOf<K>): vscode.Command {
  return { command: id, title, arguments: args };
}
