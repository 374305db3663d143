// Keeps secrets out of everything the extension shows: the Inspect view,
// tooltips, log tabs, the output channel and error messages. One rule for
// which names hold secrets (AML_APP_INSIGHTS_KEY, AZURE_CLIENT_SECRET,
// primaryKey, AccountKey, but not PATH, PWD or KEYBOARD_LAYOUT), applied to
// environment lists, JSON values and free text alike; plus the shapes that
// are secrets whatever they are called (Authorization headers, bearer tokens,
// JWTs, PEM keys, passwords in URLs) and the exact values a connection knows
// to be secret (a kubeconfig's token). Masks the value, keeps the name. Pure.

/** What a secret is replaced with. */
export const MASK = '********';

// Words that make a name hold a secret (a name's words: split at _ - . and
// camelCase, upper-cased, trailing digits dropped so key1/key2 count).
const SECRET_WORDS = new Set([
  'KEY', 'KEYS', 'SECRET', 'SECRETS', 'TOKEN', 'PASSWORD', 'PASSWORDS', 'PASSWD', 'PWD', 'PASS', 'PASSPHRASE',
  'CREDENTIAL', 'CREDENTIALS', 'CREDS', 'SAS', 'SIG', 'SIGNATURE', 'AUTH', 'AUTHORIZATION', 'COOKIE',
  // Written as one word: KEY alone cannot be a suffix test (MONKEY, HOTKEY, WHISKEY).
  'APIKEY', 'ACCESSKEY', 'ACCOUNTKEY', 'SECRETKEY', 'PRIVATEKEY', 'MASTERKEY', 'SUBSCRIPTIONKEY', 'INSTRUMENTATIONKEY',
  'SHAREDKEY', 'AUTHKEY', 'SIGNINGKEY', 'ENCRYPTIONKEY', 'CONNSTR', 'CONNECTIONSTRING', 'CONNSTRING',
]);
// One-word compounds ending so (CLIENTSECRET, AUTHTOKEN, DBPASSWORD): no English word does.
// TOKENS is not one: a model's max_tokens, total_tokens, prompt_tokens are counts.
const SECRET_SUFFIX = /(?:SECRETS?|TOKEN|PASSWORDS?|PASSWD)$/;
// A last word that makes the name describe a secret rather than hold it: where
// it is (KEY_VAULT_URL, AZURE_CLIENT_SECRET_FILE), what it is called, how long
// it lives (AZUREML_RUN_TOKEN_EXPIRY), or an error about it (KeyError, TokenExpired).
const DESCRIBES = new Set([
  'ID', 'IDS', 'NAME', 'NAMES', 'FILE', 'FILES', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'VAULT',
  'TYPE', 'MODE', 'KIND', 'FORMAT', 'ALGORITHM', 'ALG', 'HEADER', 'PREFIX', 'FIELD', 'LENGTH', 'LEN', 'SIZE',
  'EXPIRY', 'EXPIRES', 'EXPIRATION', 'EXPIRED', 'TTL', 'VERSION', 'COUNT', 'ENABLED', 'DISABLED', 'REQUIRED',
  'ERROR', 'EXCEPTION', 'WARNING', 'INTERRUPT',
]);
// The shell's working directories, not a password.
const NOT_SECRET = new Set(['PWD', 'OLDPWD']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase().replace(/(?<=[A-Z])\d+$/, ''));
}

/**
 * Whether a variable, field or header of this name holds a secret: one of its
 * words names a secret (KEY, SECRET, TOKEN, PASSWORD, PWD, CREDENTIAL, SAS,
 * SIG, CONNECTION STRING, APIKEY…) and its last word does not make it
 * describe one (…_URL, …_FILE, …_NAME, …_EXPIRY, …Error).
 */
export function isSecretName(name: string): boolean {
  if (NOT_SECRET.has(name.toUpperCase())) return false;
  const w = words(name);
  let last = -1;
  for (let i = 0; i < w.length; i++) {
    if (SECRET_WORDS.has(w[i]) || SECRET_SUFFIX.test(w[i])) last = i;
    else if (w[i] === 'STRING' || w[i] === 'STR') {
      if (w[i - 1] === 'CONNECTION' || w[i - 1] === 'CONN') last = i;
    }
  }
  return last >= 0 && (last === w.length - 1 || !DESCRIBES.has(w[w.length - 1]));
}

// A value that hides nothing: empty, or a language's "not set" (the server
// prints `Application Insights Key: None`). Shown, since it answers "is my key set?".
const UNSET = /^(?:|None|null|undefined|nil)$/;

/** Whether a secret name's value is to be masked: it has one. */
function hides(value: unknown): boolean {
  return (typeof value === 'string' && !UNSET.test(value)) || typeof value === 'number';
}

/** One `NAME=value` entry (docker inspect's Config.Env), its value masked when the name holds a secret. */
export function maskEnvEntry(entry: string): string {
  const eq = entry.indexOf('=');
  if (eq <= 0) return maskSecretsInText(entry);
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  if (isSecretName(name)) return hides(value) ? `${name}=${MASK}` : entry;
  // A harmless name can still carry one inside (STORAGE=...;AccountKey=...).
  return `${name}=${maskSecretsInText(value)}`;
}

/** `['K=V', …]` with the values of secret names masked, every name kept. */
export function maskEnvList(env: readonly string[]): string[] {
  return env.map(maskEnvEntry);
}

/** `{ K: V }` with the values of secret names masked, every name kept. */
export function maskEnvRecord(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = isSecretName(k) ? (hides(v) ? MASK : v) : maskSecretsInText(v);
  return out;
}

// A whole env entry as a JSON string holds it (docker inspect's Config.Env, a pod's env).
const ENV_ENTRY = /^[A-Za-z_][A-Za-z0-9_.-]*=/;

/**
 * A JSON value (`docker inspect`'s answer, a response body parsed) with every
 * secret masked: fields whose name holds a secret, env entries, and secrets
 * inside any other string. Walks the value, so the text it is printed as
 * stays valid JSON whatever the secrets contained (quotes, backslashes).
 */
export function maskSecretsInValue(value: unknown): unknown {
  if (typeof value === 'string') return ENV_ENTRY.test(value) ? maskEnvEntry(value) : maskSecretsInText(value);
  if (Array.isArray(value)) return value.map(maskSecretsInValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretName(k) && hides(v) ? MASK : maskSecretsInValue(v);
    }
    // A pod's env entry: {name: 'AZURE_CLIENT_SECRET', value: '…'}.
    const entry = value as { name?: unknown; value?: unknown };
    if (typeof entry.name === 'string' && hides(entry.value) && isSecretName(entry.name)) out.value = MASK;
    return out;
  }
  return value;
}

// Cheap test first: most log lines hold none of these, and the panel takes
// hundreds of thousands of lines a minute. (The URL password apart: in the
// same regex it costs five times the rest.)
const MAYBE = /key|secret|token|pass|pwd|auth|bearer|basic|sig|sas|cred|conn|cookie|eyJ|PRIVATE/i;
const maybe = (text: string) => MAYBE.test(text) || (text.includes('@') && text.includes('://'));

// A name as the key of key=value text (an env var, a JSON or YAML field, a header, a query parameter).
const NAME = '[A-Za-z_][A-Za-z0-9_.-]*';
// An unquoted value ends at a space or at what closes or separates it in the
// formats above: quotes, `;` (connection strings), `&` (query strings), `,` `)` `}` `]`.
const BARE = `[^\\s"'&;,<>)}\\]]+`;

/** A shape to mask: where it is possible at all (a cheap test on the text and its lower case), and the masking. */
interface Shape {
  readonly when: (text: string, lower: string) => boolean;
  readonly apply: (text: string) => string;
}

/** A shape one regex finds, each match replaced by what `replace` makes of it. */
function replacing(when: Shape['when'], pattern: RegExp, replace: (...m: string[]) => string): Shape {
  return { when, apply: (text) => text.replace(pattern, replace as (m: string, ...rest: unknown[]) => string) };
}

// NAME=, NAME:, NAME = (not ==, a version pin or a comparison). The name is matched whole and
// never given back (a lookahead's capture): retrying each shorter prefix of every word for a
// separator was most of the cost on a log line.
const NAMED = new RegExp(`(?<![A-Za-z0-9_])(?=(${NAME}))\\1(=(?!=)|[ \\t]*:[ \\t]*|[ \\t]+=(?!=)[ \\t]*)`, 'g');
const VALUE = new RegExp(`"((?:\\\\.|[^"\\\\\\r\\n])*)"|'([^'\\r\\n]*)'|(${BARE})`, 'y');

/**
 * NAME=value, NAME="a b", export NAME=value, name: value (YAML, a header),
 * ?sig=…&, AccountKey=…; the value masked when the name holds a secret. Not
 * one regex replace: a name that holds none must not swallow its value, which
 * may hold a named secret itself (`url: https://h/?sig=…`).
 */
function maskNamedValues(text: string): string {
  let out = '';
  let done = 0;
  NAMED.lastIndex = 0;
  for (let m = NAMED.exec(text); m; m = NAMED.exec(text)) {
    const [, name, sep] = m;
    // An Authorization header was masked before, its scheme kept.
    if (!isSecretName(name) || /^(?:proxy-)?authorization$/i.test(name)) continue;
    VALUE.lastIndex = NAMED.lastIndex;
    const v = VALUE.exec(text);
    if (!v) continue;
    const [, dq, sq, bare] = v;
    let masked: string | undefined;
    if (bare !== undefined) {
      // `name = value` with spaces is a line of code (a traceback's source line): only a quoted literal there.
      // After a colon, one plain word is prose ("failed to fetch anonymous token: unexpected status").
      const code = /^[ \t]+=/.test(sep);
      if (!code && hides(bare) && !(sep.includes(':') && /^[A-Za-z][a-z]*$/.test(bare))) masked = MASK;
    } else {
      const q = dq !== undefined ? '"' : "'";
      if (hides(dq ?? sq)) masked = `${q}${MASK}${q}`;
    }
    if (masked === undefined) continue;
    out += text.slice(done, NAMED.lastIndex) + masked;
    done = VALUE.lastIndex;
    NAMED.lastIndex = done;
  }
  return done === 0 ? text : out + text.slice(done);
}

// Shapes that are secrets wherever they appear, in the order applied.
const SHAPES: Shape[] = [
  // A PEM private key, to its END line (or the end of a cut text).
  replacing(
    (t) => t.includes('PRIVATE KEY'),
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    () => MASK,
  ),
  // An Authorization header as text (`Authorization: Bearer xyz`, curl -H): the scheme kept.
  replacing(
    (_t, l) => l.includes('authorization'),
    /\b((?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*)(?!["'\s])(?:([A-Za-z][\w-]*)[ \t]+)?([^\s"',;]+)/gi,
    (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${MASK}`,
  ),
  // A bearer or basic credential anywhere; not the prose "Basic authentication" (one case, no digit).
  replacing(
    (_t, l) => l.includes('bearer') || l.includes('basic'),
    /\b(Bearer|Basic)([ \t]+)([A-Za-z0-9\-._~+/]+=*)/gi,
    (m, scheme, space, cred) => (cred.length >= 8 && /[^a-z]/.test(cred) ? `${scheme}${space}${MASK}` : m),
  ),
  // "name": "value" and 'name': 'value' (JSON, a Python dict); escapes kept whole so JSON stays valid.
  replacing(
    (t) => t.includes('"') || t.includes("'"),
    new RegExp(`(["'])(${NAME})\\1(\\s*[:=]\\s*)(["'])((?:\\\\.|(?!\\4)[^\\\\\\r\\n])*)\\4`, 'g'),
    (m, q, name, sep, vq, value) => (hides(value) && isSecretName(name) ? `${q}${name}${q}${sep}${vq}${MASK}${vq}` : m),
  ),
  // A pod's env as JSON or YAML: {"name": "X_KEY", "value": "…"}, `- name: X_KEY` then `value: …`.
  replacing(
    (t) => t.includes('"name"'),
    new RegExp(`("name"\\s*:\\s*"(${NAME})"\\s*,\\s*"value"\\s*:\\s*")((?:\\\\.|[^"\\\\\\r\\n])*)"`, 'g'),
    (m, head, name, value) => (hides(value) && isSecretName(name) ? `${head}${MASK}"` : m),
  ),
  replacing(
    (t) => t.includes('name:'),
    new RegExp(`(\\bname:[ \\t]*["']?(${NAME})["']?[ \\t]*\\r?\\n[ \\t]*value:[ \\t]*)(\\S[^\\r\\n]*)$`, 'gm'),
    (m, head, name, value) => {
      const q = /^(["']).*\1\s*$/.exec(value)?.[1] ?? '';
      if (!isSecretName(name) || !hides(q ? value.trim().slice(1, -1) : value)) return m;
      return `${head}${q}${MASK}${q}`;
    },
  ),
  // NAME=value, name: value, AccountKey=…;, ?sig=…&
  { when: (t) => t.includes('=') || t.includes(':'), apply: maskNamedValues },
  // A password in a URL: scheme://user:password@host.
  replacing(
    (t) => t.includes('@') && t.includes('://'),
    /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi,
    (_m, head) => `${head}${MASK}@`,
  ),
  // A JWT (an Azure AD or Kubernetes service account token) on its own.
  replacing(
    (t) => t.includes('eyJ'),
    /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    () => MASK,
  ),
];

/**
 * Free text (a log line, an error, an HTTP body, a kubeconfig) with every
 * secret-shaped run masked: the values of secret names in `NAME=value`,
 * `"name": "value"`, `name: value` and connection strings (AccountKey=,
 * SharedAccessSignature=, sig=), Authorization headers, bearer and basic
 * credentials, JWTs, PEM private keys and URL passwords. Names, schemes and
 * quotes stay, so the text keeps its shape (and JSON stays JSON).
 */
export function maskSecretsInText(text: string): string {
  if (!maybe(text)) return text;
  // The tests ask the text as it came: masking only takes words away, so a stale yes costs one scan.
  const lower = text.toLowerCase();
  let out = text;
  for (const shape of SHAPES) if (shape.when(text, lower)) out = shape.apply(out);
  return out;
}

/** Secrets shorter than this are not replaced as plain text: too many false hits ("a", "1"). */
const MIN_SECRET = 6;

/**
 * `text` with the exact `secrets` a connection knows (a token, the base64
 * and decoded forms of a client key) masked, and then every secret-shaped run
 * ({@link maskSecretsInText}).
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  const known = [...new Set(secrets)].filter((s) => s && s.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join(MASK);
  return maskSecretsInText(out);
}

/** An error's message (an Error, a string, anything), redacted as {@link redact} does. */
export function redactError(err: unknown, secrets: Iterable<string> = []): string {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
  return redact(message, secrets);
}
