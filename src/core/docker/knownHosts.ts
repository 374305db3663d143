// Whether an SSH host key is the one recorded for the host, read from
// known_hosts files as OpenSSH reads them: plain and hashed (|1|salt|hmac)
// host names, `[host]:port` for other ports than 22, `*` / `?` wildcards and
// `!` negations, `@revoked` keys. Pure: file texts and the key blob in, a verdict out.
import { createHash, createHmac } from 'node:crypto';

/** One known_hosts file as read (a missing file is simply not given). */
export interface KnownHostsFile {
  path: string;
  text: string;
}

/** What the files say about the key a host presented. */
export type HostKeyVerdict =
  | { status: 'known' }
  /** No key of this type is recorded for the host; `otherTypes` are the types that are. */
  | { status: 'unknown'; otherTypes: string[] }
  /** A different key of the same type is recorded: a changed host, or someone in between. */
  | { status: 'changed'; path: string; line: number }
  | { status: 'revoked'; path: string; line: number };

interface Entry {
  marker?: 'revoked' | 'cert-authority';
  hosts: string;
  type: string;
  key: string;
  path: string;
  line: number;
}

/** The name a host's key is recorded under: `host` on port 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, ...). */
export function keyTypeOf(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const n = blob.readUInt32BE(0);
  if (n === 0 || n > 64 || 4 + n > blob.length) return undefined;
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** The fingerprint ssh shows for a key blob: `SHA256:` and unpadded base64. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function entries(file: KnownHostsFile): Entry[] {
  const out: Entry[] = [];
  file.text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: Entry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift()?.slice(1);
      if (m !== 'revoked' && m !== 'cert-authority') return; // OpenSSH ignores lines with a marker it does not know.
      marker = m;
    }
    const [hosts, type, key] = fields;
    if (hosts && type && key) out.push({ marker, hosts, type, key, path: file.path, line: i + 1 });
  });
  return out;
}

/** OpenSSH's glob: `*` any run of characters, `?` one; no other specials. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(name);
}

/** Whether a host field (a comma list of patterns, or one hashed name) names `name`. */
function hostsMatch(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const p of hosts.toLowerCase().split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false; // A matching negation rules the line out whatever else matches.
    } else if (globMatch(p, name)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * The verdict on `blob` (the raw public key the host presented) for `host`
 * and `port`, over every file given (the user's and the system's).
 */
export function checkHostKey(files: readonly KnownHostsFile[], host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = knownHostsName(host.toLowerCase(), port);
  const type = keyTypeOf(blob);
  const key = blob.toString('base64');
  const all = files.flatMap(entries);
  const revoked = all.find((e) => e.marker === 'revoked' && e.key === key);
  if (revoked) return { status: 'revoked', path: revoked.path, line: revoked.line };
  const mine = all.filter((e) => !e.marker && hostsMatch(e.hosts, name));
  if (mine.some((e) => e.type === type && e.key === key)) return { status: 'known' };
  const other = mine.find((e) => e.type === type);
  if (other) return { status: 'changed', path: other.path, line: other.line };
  return { status: 'unknown', otherTypes: [...new Set(mine.map((e) => e.type))] };
}

/** The key types recorded for the host, so the handshake can ask for one of those first (as OpenSSH does). */
export function knownKeyTypes(files: readonly KnownHostsFile[], host: string, port: number): string[] {
  const name = knownHostsName(host.toLowerCase(), port);
  return [...new Set(files.flatMap(entries).filter((e) => !e.marker && hostsMatch(e.hosts, name)).map((e) => e.type))];
}

/** The host key algorithms the client offers, default order, with those that verify a recorded key type first. */
export function hostKeyAlgorithms(knownTypes: readonly string[]): string[] {
  const defaults = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  // An `ssh-rsa` key is verified by any of the three RSA signature algorithms.
  const algorithmsOf = (t: string) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]);
  const first = defaults.filter((a) => knownTypes.some((t) => algorithmsOf(t).includes(a)));
  return [...first, ...defaults.filter((a) => !first.includes(a))];
}
