// Starts and stops a code-server (VS Code 1.100.3 as a server, installed by
// scripts/setup/codeserver.sh) on a free loopback port, with its own HOME,
// XDG folders, TMPDIR, user-data and extensions folders so a run never reads
// or writes the machine's own editor state.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** Where scripts/setup/codeserver.sh installs code-server. */
export const codeServerCache = process.env.AZUREML_DEBUG_CODE_SERVER_CACHE ?? '/var/cache/azureml-debug/code-server';

/** Folders of one isolated run, all under `root`. */
export interface Sandbox {
  root: string;
  home: string;
  userData: string;
  extensions: string;
  tmp: string;
}

/** A running code-server. */
export interface CodeServer {
  port: number;
  url: string;
  process: ChildProcess;
  /** Kills the server's whole process group (extension host included). */
  stop(): Promise<void>;
}

/** Settings for a test or demo profile: no telemetry, no trust prompt, no noise. */
export const quietSettings = {
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
};

/** Creates the sandbox folders under `root` and writes the user settings. */
export function makeSandbox(root: string, settings: Record<string, unknown> = quietSettings): Sandbox {
  const s: Sandbox = {
    root,
    home: path.join(root, 'home'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    tmp: path.join(root, 'tmp'),
  };
  for (const d of [s.home, s.userData, s.extensions, s.tmp]) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(s.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(s.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return s;
}

/** The environment of a sandboxed process: its own HOME, XDG_* and TMPDIR. */
export function sandboxEnv(s: Sandbox, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: s.home,
    XDG_CONFIG_HOME: path.join(s.home, '.config'),
    XDG_DATA_HOME: path.join(s.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(s.home, '.cache'),
    TMPDIR: s.tmp,
    ...extra,
  };
}

/** A free TCP port on 127.0.0.1, `preferred` first when given and free. */
export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const got = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(got));
      });
    });
  if (preferred !== undefined) {
    for (let p = preferred; p < preferred + 50; p++) {
      const got = await tryPort(p);
      if (got !== undefined) return got;
    }
  }
  const any = await tryPort(0);
  if (any === undefined) throw new Error('no free port on 127.0.0.1');
  return any;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`);
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts code-server on `folder` and resolves when /healthz answers. Output
 * goes to `log`; `env` is passed on to the extension host it starts.
 */
export async function startCodeServer(opts: {
  sandbox: Sandbox;
  folder: string;
  log: fs.WriteStream;
  env?: Record<string, string>;
  port?: number;
  extraArgs?: string[];
  /** Keep workspace trust on (the sandbox's settings decide the rest); off by default. */
  workspaceTrust?: boolean;
}): Promise<CodeServer> {
  const entry = path.join(codeServerCache, 'node_modules/code-server/out/node/entry.js');
  if (!fs.existsSync(entry)) throw new Error(`code-server is not installed (${entry} missing): run scripts/setup/codeserver.sh`);
  const port = opts.port ?? (await freePort());
  const config = path.join(opts.sandbox.root, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    entry,
    '--config', config,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', opts.sandbox.userData,
    '--extensions-dir', opts.sandbox.extensions,
    ...(opts.extraArgs ?? []),
    opts.folder,
  ];
  // detached: its own process group, so stop() reaches the extension host and
  // every process it started, not just the server.
  const child = spawn(process.execPath, args, {
    env: sandboxEnv(opts.sandbox, opts.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(opts.log, { end: false });
  child.stderr.pipe(opts.log, { end: false });
  const url = `http://127.0.0.1:${port}`;
  let exited: number | string | null | undefined;
  child.once('exit', (code, signal) => (exited = code ?? signal));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // The group is already gone.
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
    kill('SIGKILL'); // stragglers of the group (watchers, the extension host)
  };
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`code-server exited (${String(exited)}) before it was healthy`);
    if (await healthy(url)) return { port, url, process: child, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error('code-server was not healthy within 60 s');
}

/**
 * Installs a VSIX into the sandbox's extensions folder the way a user does
 * (`code-server --install-extension`), and returns the folder it landed in.
 */
export function installExtension(sandbox: Sandbox, vsix: string, log: fs.WriteStream): string {
  const entry = path.join(codeServerCache, 'node_modules/code-server/out/node/entry.js');
  const before = new Set(fs.readdirSync(sandbox.extensions));
  const r = spawnSync(process.execPath, [entry, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, '--install-extension', vsix], {
    env: sandboxEnv(sandbox),
    encoding: 'utf8',
    timeout: 120000,
  });
  log.write(`[runner] --install-extension ${vsix}: exit ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`);
  const added = fs.readdirSync(sandbox.extensions).filter((d) => !before.has(d) && fs.existsSync(path.join(sandbox.extensions, d, 'package.json')));
  if (r.status !== 0 || added.length !== 1) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}, new folders: ${added.join(', ') || 'none'}):\n${r.stdout}${r.stderr}`);
  }
  return path.join(sandbox.extensions, added[0]);
}

/** The workbench URL opening `folder`, with an optional `payload` of [key, value] pairs. */
export function workbenchUrl(server: CodeServer, folder: string, payload?: [string, string][]): string {
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A `vscode-remote://` URI for a path on the server's machine. */
export function remoteUri(server: CodeServer, absPath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}
