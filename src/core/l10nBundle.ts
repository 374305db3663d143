// A translation bundle for a process without VS Code's API (the standalone
// debug adapter): @vscode/l10n reads it, and becomes the translator of every
// copy of core/l10n in the process. Apart from core/l10n so that only the
// adapter's bundle carries the package.
import * as vscodeL10n from '@vscode/l10n';
import { useTranslator } from './l10n';

/** Loads a bundle, from the file the host names or its contents, and translates through it from now on. */
export function useBundle(bundle: { fsPath: string } | { contents: string | Record<string, string> }): void {
  if ('fsPath' in bundle) vscodeL10n.config({ fsPath: bundle.fsPath });
  else vscodeL10n.config({ contents: bundle.contents });
  useTranslator((message, ...args) => vscodeL10n.t(message, ...args));
}
