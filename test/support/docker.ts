// Test helpers for the real Docker engine: the docker CLI with argument
// arrays, unique names, and cleanup of everything a test labelled.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const TEST_LABEL = 'com.azureml-debug.test=1';
export const SAMPLE_IMAGE = 'azureml-debug/inference:latest';

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
      const res = await fetch(`http://127.0.0.1:${port}/`);
      return res.ok;
    } catch {
      return false;
    }
  }, ms);
}
