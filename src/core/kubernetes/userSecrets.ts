// The secrets of a kubeconfig user in every form a library or the API server
// may echo them (the token, the base64 client key, its decoded PEM and the
// PEM's body lines), so the connection can mask them as exact values wherever
// its output goes (core/model/secrets `redact`). Pure.

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
