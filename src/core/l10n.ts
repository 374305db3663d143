// The one translation call of every bundle (extension.js, the lazily loaded
// docker.js and kubernetes.js, the standalone debugAdapter.js): VS Code's own
// `vscode.l10n.t` once the host hands it in, else @vscode/l10n with whatever
// bundle the process was configured with (English when none). No `vscode`
// import, so core/ and debug/adapter/ can word what they say.
import * as vscodeL10n from '@vscode/l10n';

/** A translator: `vscode.l10n.t`'s shape. */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

// esbuild gives each bundle its own copy of this module (and of @vscode/l10n),
// so a module variable set by extension.js would not reach docker.js: the
// host's translator is kept on the process instead, found by every copy.
const HOST = Symbol.for('azuremlDebug.l10n.translate');
type WithHost = typeof globalThis & { [HOST]?: Translate };

/**
 * Translates through `translate` in this process from now on, in every
 * bundle: the extension host hands in `vscode.l10n.t`, which reads the
 * bundle VS Code picked for its display language (l10n/bundle.l10n.<lang>.json).
 */
export function useTranslator(translate: Translate | undefined): void {
  (globalThis as WithHost)[HOST] = translate;
}

/**
 * Loads a bundle for @vscode/l10n in a process without VS Code's API (the
 * standalone adapter), from the file the host names or its contents.
 */
export function useBundle(bundle: { fsPath: string } | { contents: string | Record<string, string> }): void {
  if ('fsPath' in bundle) vscodeL10n.config({ fsPath: bundle.fsPath });
  else vscodeL10n.config({ contents: bundle.contents });
}

/** `l10n.t` as at each call site (the string extraction looks for that name). */
export const l10n = {
  t: (message: string, ...args: (string | number | boolean)[]): string => {
    const host = (globalThis as WithHost)[HOST];
    return host ? host(message, ...args) : vscodeL10n.t(message, ...args);
  },
};
