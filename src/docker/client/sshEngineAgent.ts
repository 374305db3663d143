// The ssh:// transport, as the docker CLI does it: log in to the host and run
// `docker system dial-stdio` there; every HTTP connection dockerode opens is
// one such exec channel. One SSH connection carries up to CHANNELS of them
// (sshd allows 10 sessions per connection by default); more open another.
// The host key must be in known_hosts (never accepted unseen); keys come
// from ssh-agent, then ~/.ssh/id_*. Every failure is an SshEngineError whose
// words (core/docker/sshProblems) go on the engine node. No shell is
// involved on this side, and the command run on the host is fixed.
import { promises as fsp } from 'node:fs';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, utils, type AgentAuthMethod, type ClientChannel, type PublicKeyAuthMethod, type ServerHostKeyAlgorithm } from 'ssh2';
import { checkHostKey, fingerprint, hostKeyAlgorithms, keyTypeOf, knownKeyTypes, type KnownHostsFile } from '../../core/docker/knownHosts';
import { tildePath, type SshLogin } from '../../core/docker/sshLogin';
import { describeSshFailure, type SshFailure, type SshProblem } from '../../core/docker/sshProblems';
import { SshDialSocket } from './sshDialSocket';
import { l10n } from '../../core/l10n';

/** Channels per SSH connection: below sshd's default MaxSessions (10). */
const CHANNELS = 8;
/**
 * Open HTTP connections at most; more requests wait for a free one. Each new
 * one starts a docker process on the host (and the user's shell rc files), so
 * a burst (the first list inspects every container at once) must not start
 * dozens. Long streams (events, followed logs) hold one each: leave room.
 */
const SOCKETS = 16;

export interface SshTimeouts {
  /** TCP connect, handshake and login. */
  loginMs: number;
  /** Opening the exec channel, and docker's first answer after a request. */
  answerMs: number;
  /** SSH keepalive interval; three unanswered ones end the connection. */
  keepaliveMs: number;
  /** How long an SSH connection with no channel is kept for the next request. */
  idleMs: number;
}

const DEFAULT_TIMEOUTS: SshTimeouts = { loginMs: 15000, answerMs: 20000, keepaliveMs: 15000, idleMs: 60000 };

/** Why the ssh:// engine cannot be used; `message` is the node's reason. */
export class SshEngineError extends Error {
  readonly code = 'ESSHENGINE';
  readonly problem: SshProblem;
  constructor(readonly failure: SshFailure, login: SshLogin) {
    const problem = describeSshFailure(failure, login);
    super(problem.reason);
    this.problem = problem;
  }
}

interface Connection {
  client: Client;
  ready: Promise<void>;
  channels: number;
  usable: boolean;
  idle?: NodeJS.Timeout;
}

/** What one login offers, read fresh at each connection (keys and known_hosts may have changed). */
interface Credentials {
  auths: (AgentAuthMethod | PublicKeyAuthMethod)[];
  tried: string[];
  locked: string[];
  knownHosts: KnownHostsFile[];
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await fsp.readFile(path);
  } catch {
    return undefined;
  }
}

/** The http.Agent dockerode is given for an ssh:// engine. `destroy()` closes every SSH connection. */
export class SshEngineAgent extends http.Agent {
  private readonly connections = new Set<Connection>();
  private closed = false;

  constructor(readonly login: SshLogin, private readonly timeouts: SshTimeouts = DEFAULT_TIMEOUTS) {
    super({ keepAlive: true, timeout: timeouts.idleMs, maxSockets: SOCKETS, maxFreeSockets: CHANNELS / 2 });
  }

  override createConnection(): Duplex {
    const socket = new SshDialSocket(this.timeouts.answerMs, (f) => new SshEngineError(f, this.login));
    this.channel().then(
      (channel) => socket.attach(channel),
      (err: Error) => socket.destroy(err),
    );
    return socket;
  }

  override destroy(): void {
    this.closed = true;
    for (const c of this.connections) this.drop(c);
    super.destroy();
  }

  private fail(f: SshFailure): SshEngineError {
    return new SshEngineError(f, this.login);
  }

  /** An exec channel running `docker system dial-stdio`, on a connection with room for it. */
  private async channel(): Promise<ClientChannel> {
    if (this.closed) throw this.fail({ kind: 'other', message: l10n.t('the connection was closed') });
    const conn = [...this.connections].find((c) => c.usable && c.channels < CHANNELS) ?? this.open();
    conn.channels++;
    clearTimeout(conn.idle);
    let channel: ClientChannel;
    try {
      await conn.ready;
      channel = await this.exec(conn);
    } catch (err) {
      this.release(conn);
      throw err;
    }
    channel.once('close', () => this.release(conn));
    return channel;
  }

  private exec(conn: Connection): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(this.fail({ kind: 'timeout', seconds: Math.round(this.timeouts.answerMs / 1000), stage: 'answer' }));
      }, this.timeouts.answerMs);
      try {
        // A fixed command: nothing of the user's input reaches the remote shell.
        conn.client.exec('docker system dial-stdio', (err, channel) => {
          clearTimeout(timer);
          if (late) channel?.close(); // Nobody waits for it any more.
          else if (err) reject(this.fail({ kind: 'dialFailed', stderr: err.message }));
          else resolve(channel);
        });
      } catch {
        clearTimeout(timer); // ssh2 throws when the connection is no longer writable.
        reject(this.fail({ kind: 'dropped' }));
      }
    });
  }

  private release(conn: Connection): void {
    conn.channels = Math.max(0, conn.channels - 1);
    if (conn.channels > 0 || !conn.usable) return;
    clearTimeout(conn.idle);
    conn.idle = setTimeout(() => this.drop(conn), this.timeouts.idleMs);
    conn.idle.unref();
  }

  private drop(conn: Connection): void {
    conn.usable = false;
    clearTimeout(conn.idle);
    this.connections.delete(conn);
    conn.client.end();
  }

  private open(): Connection {
    const client = new Client();
    const conn: Connection = { client, channels: 0, usable: true, ready: Promise.resolve() };
    conn.ready = this.connect(conn);
    // A connection that failed is forgotten; the next request opens a new one.
    conn.ready.catch(() => this.drop(conn));
    this.connections.add(conn);
    return conn;
  }

  private async connect(conn: Connection): Promise<void> {
    const creds = await this.credentials();
    if (!creds.auths.length) throw this.fail({ kind: 'noKeys', locked: creds.locked });
    const { login } = this;
    await new Promise<void>((resolve, reject) => {
      let hostFailure: SshFailure | undefined;
      let agentBroken = false;
      let settled = false;
      const settle = (err?: Error) => {
        if (settled) return;
        settled = true;
        if (err) reject(err);
        else resolve();
      };
      conn.client.on('ready', () => settle());
      conn.client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (err.level === 'agent') {
          agentBroken = true; // ssh2 goes on with the next key.
          return;
        }
        conn.usable = false;
        settle(this.fail(hostFailure ?? this.classify(err, creds, agentBroken)));
      });
      conn.client.on('close', () => {
        conn.usable = false;
        this.connections.delete(conn);
        settle(this.fail(hostFailure ?? { kind: 'dropped' }));
      });
      try {
        conn.client.connect({
          host: login.host,
          port: login.port,
          username: login.user,
          readyTimeout: this.timeouts.loginMs,
          keepaliveInterval: this.timeouts.keepaliveMs,
          keepaliveCountMax: 3,
          authHandler: creds.auths,
          algorithms: { serverHostKey: hostKeyAlgorithms(knownKeyTypes(creds.knownHosts, login.host, login.port)) as ServerHostKeyAlgorithm[] },
          hostVerifier: (key: Buffer) => {
            const verdict = checkHostKey(creds.knownHosts, login.host, login.port, key);
            if (verdict.status === 'known') return true;
            const id = { keyType: keyTypeOf(key) ?? 'unknown', fingerprint: fingerprint(key) };
            hostFailure =
              verdict.status === 'unknown'
                ? { kind: 'hostUnknown', ...id, otherTypes: verdict.otherTypes }
                : { kind: verdict.status === 'changed' ? 'hostChanged' : 'hostRevoked', ...id, path: verdict.path, line: verdict.line };
            return false;
          },
        });
      } catch (err) {
        settle(this.fail({ kind: 'other', message: (err as Error).message }));
      }
    });
  }

  private classify(err: Error & { level?: string; code?: string }, creds: Credentials, agentBroken: boolean): SshFailure {
    if (err.level === 'client-authentication') return { kind: 'authFailed', tried: creds.tried, locked: creds.locked, agentBroken };
    if (err.level === 'client-timeout') return { kind: 'timeout', seconds: Math.round(this.timeouts.loginMs / 1000), stage: 'login' };
    switch (err.code) {
      case 'ECONNREFUSED':
        return { kind: 'refused' };
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return { kind: 'unresolved' };
      case 'ECONNRESET':
      case 'EPIPE':
        return { kind: 'dropped' };
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return { kind: 'network', code: err.code };
      default:
        return { kind: 'other', message: err.message };
    }
  }

  /** The agent, then each default key that opens without a passphrase; and the known_hosts files. */
  private async credentials(): Promise<Credentials> {
    const { login } = this;
    const auths: (AgentAuthMethod | PublicKeyAuthMethod)[] = [];
    const tried: string[] = [];
    const locked: string[] = [];
    if (login.agentSocket) {
      auths.push({ type: 'agent', username: login.user, agent: login.agentSocket });
      tried.push('ssh-agent');
    }
    for (const path of login.identityFiles) {
      const key = await readOptional(path);
      if (!key) continue;
      const parsed = utils.parseKey(key);
      if (parsed instanceof Error) {
        // Without a terminal to ask, a locked key is usable only through the agent.
        if (/passphrase|encrypted/i.test(parsed.message)) locked.push(path);
        continue;
      }
      auths.push({ type: 'publickey', username: login.user, key });
      tried.push(tildePath(path, login.home));
    }
    const knownHosts: KnownHostsFile[] = [];
    for (const path of login.knownHostsFiles) {
      const text = await readOptional(path);
      if (text) knownHosts.push({ path, text: text.toString('utf8') });
    }
    return { auths, tried, locked, knownHosts };
  }
}
