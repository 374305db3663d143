// A real container registry for the pull tests: Debian's docker-registry
// (distribution 2.8) on a free 127.0.0.1 port, with htpasswd basic auth, its
// storage in a temp folder (scripts/setup/registry.sh installs it). The
// engine treats 127.0.0.1 registries as insecure-allowed, so no TLS.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './ports';

export interface LocalRegistry {
  /** "127.0.0.1:PORT", the registry part of image names. */
  host: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}


/** Starts a registry that answers 401 without the credentials it returns. */
export async function startRegistry(): Promise<LocalRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-registry-'));
  const user = 'tester';
  const password = `pw-${Math.random().toString(36).slice(2, 12)}`;
  // -i: the password on stdin, never on a command line others can read.
  const htpasswd = execFileSync('htpasswd', ['-niB', user], { input: `${password}\n` }).toString();
  fs.writeFileSync(path.join(dir, 'htpasswd'), htpasswd);
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: "127.0.0.1:${port}" }`,
      `auth: { htpasswd: { realm: azureml-debug-test, path: ${path.join(dir, 'htpasswd')} } }`,
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr.trim()}`);
    const status = await fetch(`http://${host}/v2/`).then((r) => r.status, () => 0);
    if (status === 401) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not answer on ${host}: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    user,
    password,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
