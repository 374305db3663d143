// Test helpers for the real Docker engine: the docker CLI with argument
// arrays, unique names, and cleanup of everything a test labelled.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const TEST_LABEL = 'com.azureml-debug.test=1';
/**
 * The image users deploy on, by its real name. On the test machines it is the
 * replica scripts/setup/image.sh builds from the real Azure ML server (runit
 * PID 1, nginx on 5001, azmlinfsrv, USER dockeruser, no debugpy).
 */
export const SAMPLE_IMAGE = 'mcr.microsoft.com/azureml/minimal-py312-inference:latest';
/** The same image with debugpy in its Python env: the seeds' path (debugpy listed in the conda file). */
export const DEBUGPY_IMAGE = 'azureml-debug/inference-replica:debugpy';

/**
 * A fresh folder others can read, as a user's project folders usually are:
 * the image's dockeruser must be able to enter a bind-mounted app folder
 * (mkdtemp alone makes it 0700, which only the unreadable-folder tests want).
 */
export function readableTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Runs the docker CLI; resolves stdout, rejects with stderr in the message. */
export async function docker(...args: string[]): Promise<string> {
  try {
    const { stdout } = await exec('docker', args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`docker ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}

/** A container's whole log, stdout and stderr (gunicorn writes to stderr, which `docker logs` passes through as its own). */
export async function containerLogs(id: string): Promise<string> {
  const { stdout, stderr } = await exec('docker', ['logs', id], { maxBuffer: 64 * 1024 * 1024 });
  return `${stdout}${stderr}`;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Removes every container this test run labelled (by run id). */
export async function removeLabelled(runLabel: string): Promise<void> {
  const ids = await docker('ps', '-aq', '--filter', `label=${runLabel}`);
  if (ids) await docker('rm', '-f', ...ids.split('\n'));
}

/** Waits until `check` returns a truthy value, or throws after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until GET http://127.0.0.1:port/ answers 200 (the server's health route). */
export async function waitHealthy(port: number, ms = 20000): Promise<void> {
  await waitFor(`health on 127.0.0.1:${port}`, async () => {
    try {
      // Bounded: a connection the port's proxy accepts before the server is up can stay silent for minutes.
      const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
      return res.ok;
    } catch {
      return false;
    }
  }, ms);
}
