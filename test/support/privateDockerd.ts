// A second, private dockerd for tests that must not touch the shared engine:
// its own socket, exec root and data root (on a tmpfs of a chosen size, so a
// build can fill its disk), its own bridge and no iptables (it runs builds,
// not published ports), and a tiny base image made from this machine's own
// dash, sleep and dd with their libraries (nothing to pull). Not
// `--bridge none`: a dockerd started so deletes the shared engine's docker0.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';

const exec = promisify(execFile);

export interface PrivateDockerd {
  socket: string;
  dataRoot: string;
  docker: Dockerode;
  /** The tiny base image (`/bin/sh`, `sleep`, `dd`). */
  baseImage: string;
  stop(): Promise<void>;
}

/** Copies the programs of the tiny image, and the shared libraries they load, under `root` at their own paths. */
async function stageTinyRoot(root: string): Promise<void> {
  const programs = ['/bin/sh', '/bin/sleep', '/bin/dd', '/bin/cat', '/bin/rm'];
  const files = new Set(programs);
  for (const p of programs) {
    const { stdout } = await exec('ldd', [fs.realpathSync(p)]);
    for (const m of stdout.matchAll(/(\/[^\s]+\.so[^\s]*)/g)) files.add(m[1]);
  }
  for (const f of files) {
    const to = path.join(root, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(fs.realpathSync(f), to);
    fs.chmodSync(to, 0o755);
  }
}

/** Starts a dockerd whose data root is a tmpfs of `sizeMb` MiB, with `extraArgs` (more -H, TLS); resolves once it answers. */
export async function startPrivateDockerd(sizeMb: number, extraArgs: readonly string[] = []): Promise<PrivateDockerd> {
  // Short: a unix socket path must fit in 108 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azd2-'));
  const dataRoot = path.join(dir, 'data');
  fs.mkdirSync(dataRoot);
  await exec('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dataRoot]);
  const socket = path.join(dir, 'docker.sock');
  // An interface name has at most 15 characters.
  const bridge = `azd2${path.basename(dir).slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  await exec('ip', ['link', 'add', bridge, 'type', 'bridge']);
  await exec('ip', ['addr', 'add', '10.213.213.1/24', 'dev', bridge]);
  await exec('ip', ['link', 'set', bridge, 'up']);
  const log = fs.openSync(path.join(dir, 'dockerd.log'), 'a');
  const child: ChildProcess = spawn('dockerd', [
    '--data-root', dataRoot, '--exec-root', path.join(dir, 'exec'), '--pidfile', path.join(dir, 'dockerd.pid'),
    '-H', `unix://${socket}`, '--bridge', bridge, '--iptables=false', '--ip-masq=false', '--ip6tables=false', '--storage-driver', 'overlay2',
    ...extraArgs,
  ], { stdio: ['ignore', log, log], detached: true });
  const docker = new Dockerode({ socketPath: socket });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await docker.ping();
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        const said = fs.readFileSync(path.join(dir, 'dockerd.log'), 'utf8').slice(-2000);
        child.kill('SIGKILL');
        await exec('umount', ['-l', dataRoot]).catch(() => undefined);
        await exec('ip', ['link', 'delete', bridge]).catch(() => undefined);
        throw new Error(`the private dockerd did not answer: ${said}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  // The tiny base image, imported from a tar of the host's files.
  const root = path.join(dir, 'rootfs');
  await stageTinyRoot(root);
  const rootfs = path.join(dir, 'rootfs.tar');
  await exec('tar', ['-cf', rootfs, '-C', root, '.']);
  const baseImage = 'azureml-debug/tiny-base:1';
  await exec('docker', ['-H', `unix://${socket}`, 'import', rootfs, baseImage]);
  fs.rmSync(rootfs);
  fs.rmSync(root, { recursive: true, force: true });
  return {
    socket, dataRoot, docker, baseImage,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 20_000);
        child.once('exit', () => { clearTimeout(t); resolve(); });
      });
      await exec('umount', ['-l', dataRoot]).catch(() => undefined);
      await exec('ip', ['link', 'delete', bridge]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
