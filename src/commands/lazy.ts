// The commands' front, registered at activation: a placeholder for each
// command of src/commands. The first call of any loads dist/commands.js,
// which registers the real commands in their place, and is then run again
// as it came (arguments stay in the extension host: nothing is serialised).
// Saves of Python files are watched from here for deploy.reloadOnSave.
import * as vscode from 'vscode';
import type * as CommandsBundle from './index';
import { CommandIds, legacyCommandIds, type CommandId } from '../platform/commandIds';
import { bundleDirOf, Lazy, loadBundle } from '../platform/lazyBundle';
import type { Workbench } from '../workbench';

/** The commands registered elsewhere: the views' (src/views/lazy.ts, Azure's sign-in and refresh among them) and the debug type's (src/debug/lazy.ts). */
const registeredElsewhere: ReadonlySet<CommandId> = new Set([CommandIds.servicesRefresh, CommandIds.azureSignIn, CommandIds.azureRefresh, CommandIds.deployStatusActions, CommandIds.debugRemoveOrphans]);

/** The ids the commands bundle registers: every command of the table but those, and the legacy spellings. */
function lazyCommandIds(): string[] {
  return [...Object.values(CommandIds).filter((id) => !registeredElsewhere.has(id)), ...Object.keys(legacyCommandIds)];
}

export function register(services: Workbench): void {
  const commands = new Lazy(() => {
    // Gone before the real ones register: an id can be registered once.
    for (const p of placeholders.splice(0)) p.dispose();
    const bundle = loadBundle<typeof CommandsBundle>(bundleDirOf(services.context), 'commands');
    bundle.register(services);
    return bundle;
  });
  const placeholders = lazyCommandIds().map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => {
      commands.get();
      return vscode.commands.executeCommand(id, ...args);
    }),
  );
  services.context.subscriptions.push(
    { dispose: () => placeholders.splice(0).forEach((p) => p.dispose()) },
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (services.settings.deployReloadOnSave && doc.fileName.endsWith('.py')) commands.get().reloadOnSave(services, doc);
    }),
  );
}
