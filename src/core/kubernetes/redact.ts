// Keeps secrets out of logs, output channels and error messages: replaces the
// known secrets of a connection (tokens, client keys, exec-plugin output) and
// anything shaped like one (bearer tokens, PEM keys, JWTs, kubeconfig
// `token:` / `client-key-data:` fields) with a marker. Pure.

/** What a secret is replaced with. */
export const REDACTED = '<redacted>';

// Shapes that are secrets wherever they appear, whoever produced them.
const PATTERNS: [RegExp, (m: string, ...groups: string[]) => string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, () => REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, () => REDACTED],
  [
    /("?(?:token|access_token|accessToken|id-token|refresh-token|client-key-data|client-secret|password|clientKeyData)"?\s*[:=]\s*"?)([^\s",}]+)/gi,
    (_m, prefix) => `${prefix}${REDACTED}`,
  ],
];

/** Secrets shorter than this are not replaced as plain text: too many false hits ("a", "1"). */
const MIN_SECRET = 6;

/**
 * Returns `text` with every known secret and every secret-shaped run
 * replaced by {@link REDACTED}. `secrets` are exact strings (a token, the
 * base64 and decoded forms of a client key).
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  const known = [...new Set(secrets)].filter((s) => s && s.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join(REDACTED);
  for (const [pattern, replace] of PATTERNS) out = out.replace(pattern, replace);
  return out;
}

/** A redacting wrapper for error messages: the message, redacted, or a fallback. */
export function redactError(err: unknown, secrets: Iterable<string> = []): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
  return redact(message, secrets);
}

/** Collects a kubeconfig user's secrets in every form they may be echoed in. */
export function userSecrets(user: { token?: string; clientKeyData?: string; password?: string } | undefined): string[] {
  if (!user) return [];
  const out: string[] = [];
  for (const v of [user.token, user.password]) if (v) out.push(v);
  if (user.clientKeyData) {
    out.push(user.clientKeyData);
    const decoded = Buffer.from(user.clientKeyData, 'base64').toString('utf8');
    out.push(decoded);
    // The PEM body lines on their own, as a library might print a fragment.
    for (const line of decoded.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) out.push(line);
  }
  return out;
}
