// Runs a command in a pod's container through pods/exec (WebSocket,
// v5.channel.kubernetes.io) and collects its output and exit code. The command is
// an argument array: nothing is pasted into a shell string here.
import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { redactError } from '../../core/model/secrets';
import { l10n } from '../../core/l10n';

/** What a command printed and how it ended. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs `command` in the container; rejects (redacted) when the exec cannot be opened. */
export async function execInPod(
  kubeConfig: k8s.KubeConfig,
  target: { namespace: string; pod: string; container: string },
  command: readonly string[],
  opts: { secrets: string[]; timeoutMs?: number } = { secrets: [] },
): Promise<ExecResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  return new Promise<ExecResult>((resolve, reject) => {
    let status: k8s.V1Status | undefined;
    const timer = setTimeout(() => reject(new Error(l10n.t('the command did not finish within {0} s', (opts.timeoutMs ?? 30000) / 1000))), opts.timeoutMs ?? 30000);
    new k8s.Exec(kubeConfig)
      .exec(target.namespace, target.pod, target.container, [...command], stdout, stderr, null, false, (s) => {
        status = s;
      })
      .then((ws) => {
        ws.on('close', () => {
          clearTimeout(timer);
          const causes = status?.details?.causes ?? [];
          const code = status?.status === 'Success' ? 0 : Number(causes.find((c) => c.reason === 'ExitCode')?.message ?? 1);
          resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: Number.isFinite(code) ? code : 1 });
        });
      })
      .catch((e: unknown) => {
        clearTimeout(timer);
        reject(new Error(redactError(e, opts.secrets)));
      });
  });
}
