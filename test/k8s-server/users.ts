// Authentication: who a request is. The cluster's own credentials (its bearer
// token, a client certificate of its CA with CN azureml-test-user) are the
// admin, in system:masters; users that tests add hold bearer tokens that may
// expire, as Azure AD tokens do. Everyone authenticated is also in
// system:authenticated, which the real authenticator adds to every user.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { mastersGroup, type UserInfo } from './authz';
import { clientCommonName } from './tls';

/** A bearer token handed to a user; `expiresAt` when it has a lifetime. */
export interface IssuedToken { token: string; expiresAt?: Date }

/** The user the cluster's own token, client certificate and exec plugin stand for. */
export const adminUser: UserInfo = { name: clientCommonName, groups: [mastersGroup, 'system:authenticated'] };

/** The users of one cluster and their tokens. */
export class Users {
  private readonly groups = new Map<string, string[]>();
  private readonly tokens = new Map<string, { user: string; expiresAtMs?: number }>();

  /** `adminToken` is read on each request, so rotating it takes effect at once. */
  constructor(private readonly adminToken: () => string, private readonly now: () => number = Date.now) {}

  /** Adds a user with a first token (expiring after `ttlSeconds` when given). */
  add(name: string, groups: string[] = [], ttlSeconds?: number): IssuedToken {
    if (!name || name === adminUser.name || this.groups.has(name)) throw new Error(`the test cluster already has a user named ${JSON.stringify(name)}`);
    this.groups.set(name, [...new Set([...groups, 'system:authenticated'])]);
    return this.issue(name, ttlSeconds);
  }

  /** A fresh token for an existing user; earlier tokens stay valid until they expire. */
  issue(name: string, ttlSeconds?: number): IssuedToken {
    if (!this.groups.has(name)) throw new Error(`the test cluster has no user named ${JSON.stringify(name)}`);
    const token = randomBytes(24).toString('base64url');
    // Whole seconds, as a JWT's exp: the expirationTimestamp a client is told is exactly when the server stops accepting it.
    const expiresAtMs = ttlSeconds === undefined ? undefined : (Math.floor(this.now() / 1000) + ttlSeconds) * 1000;
    this.tokens.set(token, { user: name, expiresAtMs });
    return { token, ...(expiresAtMs === undefined ? {} : { expiresAt: new Date(expiresAtMs) }) };
  }

  /** Ends every token that has a lifetime now (as if its time had come), so a test need not wait for it; returns how many. */
  expireAll(): number {
    let n = 0;
    for (const entry of this.tokens.values()) {
      if (entry.expiresAtMs === undefined) continue;
      entry.expiresAtMs = Math.min(entry.expiresAtMs, this.now());
      n++;
    }
    return n;
  }

  /** Whether `name` was added. */
  has(name: string): boolean {
    return this.groups.has(name);
  }

  /** The user a request authenticates as, or undefined (401): a bearer token, else a client certificate. */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const header = req.headers.authorization;
    if (header) {
      const expected = Buffer.from(`Bearer ${this.adminToken()}`);
      const got = Buffer.from(header);
      if (got.length === expected.length && timingSafeEqual(got, expected)) return adminUser;
      const m = /^Bearer (\S+)$/.exec(header);
      const entry = m ? this.tokens.get(m[1]) : undefined;
      if (!entry || (entry.expiresAtMs !== undefined && this.now() >= entry.expiresAtMs)) return undefined;
      return { name: entry.user, groups: this.groups.get(entry.user) ?? ['system:authenticated'] };
    }
    const tls = req.socket as TLSSocket;
    return tls.authorized && tls.getPeerCertificate().subject?.CN === clientCommonName ? adminUser : undefined;
  }
}
