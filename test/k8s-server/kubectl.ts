// Drives the machine's real kubectl against a test cluster: its own
// kubeconfig, --cache-dir and HOME (kubectl caches discovery under
// $HOME/.kube), argument arrays only, and a streaming mode for -w / -f.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one kubectl run printed. */
export interface KubectlResult { code: number; stdout: string; stderr: string }

/** A kubectl bound to one kubeconfig. */
export class Kubectl {
  private readonly home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));

  /** `env` adds to (or replaces) the variables kubectl runs with, e.g. a PATH holding an exec credential plugin. */
  constructor(private readonly kubeconfig: string, private readonly binary = '/usr/bin/kubectl', private readonly extraEnv: NodeJS.ProcessEnv = {}) {}

  private args(args: string[]): string[] {
    return ['--kubeconfig', this.kubeconfig, '--cache-dir', join(this.home, 'cache'), ...args];
  }

  private env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: this.home, KUBECONFIG: this.kubeconfig, ...this.extraEnv };
  }

  /** Runs kubectl to completion (never rejects; look at `code`). */
  run(args: string[], input?: string, timeoutMs = 60000): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(this.binary, this.args(args), { env: this.env(), timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  }

  /** Starts a long-running kubectl (get -w, logs -f); its output accumulates in `out()`. */
  stream(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number> } {
    const child = spawn(this.binary, this.args(args), { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout?.on('data', (d: Buffer) => { text += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { text += d.toString(); });
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    return { child, out: () => text, exited };
  }
}

/** Polls `check` until it returns a truthy value (which it resolves to), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60000, everyMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
