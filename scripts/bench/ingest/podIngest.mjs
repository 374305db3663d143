// Kubernetes side of the ingest benchmark: the test cluster (test/k8s-server,
// its own process) runs a pod whose container prints `lines` lines; its log
// is then read to the end through the cluster's pods/log by the raw CLI
// (`kubectl logs -f --timestamps` to /dev/null, the machine's kubectl as
// test/k8s-server/kubectl.ts drives it) and by the log panel's own source
// (src/kubernetes/client/podLogs.ts -> LogBuffer, a reader taking each entry
// once), passes alternating.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchScript, repo, tabSink, timedToDevNull } from './core.mjs';
import { IMAGE } from './dockerIngest.mjs';

const KUBECTL = '/usr/bin/kubectl';

/** Starts the test cluster's CLI; resolves with its process once it wrote the kubeconfig. */
async function startCluster(cliFile, kubeconfig) {
  const child = spawn(process.execPath, [cliFile, '--repo', repo, '--workspace', 'bench-ws', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  await new Promise((res, rej) => {
    const t = setInterval(() => {
      if (out.includes('kubeconfig:')) {
        clearInterval(t);
        res();
      }
      if (child.exitCode !== null) {
        clearInterval(t);
        rej(new Error(`the test cluster exited: ${out}`));
      }
    }, 50);
  });
  return child;
}

/** One pass of ours: the panel's pod source into a LogBuffer until the stream ends; wall and CPU ms. */
async function ours(m, kubeConfig, namespace, pod, lines) {
  const model = new m.ServiceModel();
  const buffer = new m.LogBuffer({ timestamps: true });
  const { sink, done } = tabSink(buffer, lines);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const handle = m.podLogSource({ kubeConfig, model, connectionId: 'k8s', namespace, pod, container: 'main', title: pod, secrets: [] }).open({ follow: true, timestamps: true }, sink);
  const how = await done;
  const cpu = process.cpuUsage(c0);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  handle.dispose();
  if (buffer.endIndex !== lines) throw new Error(`the buffer saw ${buffer.endIndex} lines, expected ${lines} (${how})`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Runs the pod-log comparison; `m` is the bundle (podLogSource, kubeconfig helpers, LogBuffer, ServiceModel, Kubectl, waitFor). */
export async function podIngest(m, cli, { lines, rounds, log }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-podlogs-'));
  const kubeconfig = join(dir, 'config');
  const server = await startCluster(cli.file, kubeconfig);
  try {
    const kubectl = new m.Kubectl(kubeconfig, KUBECTL);
    const text = readFileSync(kubeconfig, 'utf8');
    const merged = m.mergeKubeconfigs([{ path: kubeconfig, text }]);
    const ctx = merged.contexts[0];
    const namespace = ctx.namespace ?? 'default';
    const kubeConfig = m.kubeConfigFor(merged.document, ctx.name);
    const pod = 'bench-logs';
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod, namespace },
      spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: IMAGE, command: ['python3', '-c', benchScript(lines)] }] },
    };
    const created = await kubectl.run(['create', '-f', '-'], JSON.stringify(manifest));
    if (created.code !== 0) throw new Error(`kubectl create: ${created.stderr}`);
    await m.waitFor('the bench pod to finish', async () => {
      const r = await kubectl.run(['get', 'pod', '-n', namespace, pod, '-o', 'jsonpath={.status.phase}']);
      return r.stdout === 'Succeeded';
    }, 120000, 500);
    // kubectl as test/k8s-server/kubectl.ts runs it: its own HOME and cache, this kubeconfig only.
    const home = mkdtempSync(join(dir, 'home-'));
    const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig };
    const rawArgs = ['--kubeconfig', kubeconfig, '--cache-dir', join(home, 'cache'), 'logs', '-f', '--timestamps', '-n', namespace, pod];
    await ours(m, kubeConfig, namespace, pod, lines); // warm up
    const raw = [];
    const mine = [];
    for (let r = 0; r < rounds; r++) {
      raw.push(await timedToDevNull(KUBECTL, rawArgs, env));
      mine.push(await ours(m, kubeConfig, namespace, pod, lines));
      log(`  pass ${r + 1}: kubectl ${Math.round(raw[r].ms)} ms, ours ${Math.round(mine[r].ms)} ms`);
    }
    const best = (xs, k) => Math.min(...xs.map((x) => x[k]));
    const perSec = (ms) => Math.round((lines / ms) * 1000);
    return {
      lines,
      rawLinesPerSec: perSec(best(raw, 'ms')),
      oursLinesPerSec: perSec(best(mine, 'ms')),
      ratio: Math.round((best(raw, 'ms') / best(mine, 'ms')) * 100) / 100,
      rawCpuUsPerLine: Math.round((best(raw, 'cpuMs') / lines) * 1e4) / 10,
      oursCpuUsPerLine: Math.round((best(mine, 'cpuMs') / lines) * 1e4) / 10,
      ms: { raw: raw.map((r) => Math.round(r.ms)), ours: mine.map((r) => Math.round(r.ms)) },
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r).once('error', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
