// The `l10n.t` every Strings module words its sentences with.
import { l10n as translator } from '../core/l10n';
import { maskSecretsInText } from '../core/model/secrets';

/**
 * core/l10n's `t` with its arguments masked: the sentences are ours, but
 * what fills them is often the runtime's words (an engine's error, an
 * exception's message, a log's last lines), which may hold a secret; and
 * every notification, diagnostic, tree problem and quick fix is worded here.
 * Keeps the name `l10n.t` at each call, as string extraction looks for it.
 */
export const l10n = {
  t: (message: string, ...args: (string | number | boolean)[]): string =>
    translator.t(message, ...args.map((a) => (typeof a === 'string' ? maskSecretsInText(a) : a))),
};
