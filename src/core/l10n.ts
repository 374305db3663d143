// The one translation call of every bundle (extension.js, the lazily loaded
// docker.js and kubernetes.js, the standalone debugAdapter.js): VS Code's own
// `vscode.l10n.t` once the host hands it in, or @vscode/l10n with a bundle
// the standalone adapter loads (core/l10nBundle), else English with the
// values filled in. No `vscode` import, so core/ and debug/adapter/ can word
// what they say; and no package, so activation code that words a message
// (the Docker address, the kubeconfig) keeps extension.js free of one.

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

/** The English message with its values, as @vscode/l10n fills `{0}`... in when it has no bundle. */
function english(message: string, args: (string | number | boolean)[]): string {
  if (args.length === 0) return message;
  return message.replace(/{([^}]+)}/g, (match, i: string) => {
    const value = args[Number(i)];
    return value === undefined ? match : String(value);
  });
}

/** `l10n.t` as at each call site (the string extraction looks for that name). */
export const l10n = {
  t: (message: string, ...args: (string | number | boolean)[]): string => {
    const host = (globalThis as WithHost)[HOST];
    return host ? host(message, ...args) : english(message, args);
  },
};
