// Docker side of the ingest benchmark: a container of the sample image that
// printed `lines` lines, read to its end by the raw CLI (`docker logs -f -t`
// to /dev/null) and by the log panel's own source (src/docker/
// dockerLogSource.ts: dockerode stream -> demuxer -> LogBuffer, a reader
// taking each entry once), passes alternating so both see the same engine;
// then a pass sampling the heap (after GC) as the buffer fills and wraps.
// A third reader, dockerode's stream with its data dropped, is Node's HTTP
// client alone: what is left between it and ours is our own work per line.
// Beside each, the CPU the Docker daemon spent serving it: on this 2-core
// machine the daemon takes more than a core to serve one fast reader, so a
// reader's CPU comes off the daemon's (issue 18's closing notes).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { benchScript, tabSink, timedToDevNull } from './core.mjs';

export const IMAGE = 'mcr.microsoft.com/azureml/minimal-py312-inference:latest';

export function gcNow() {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  gc();
  gc();
}

export const mb = (n) => Math.round((n / 1048576) * 10) / 10;

/** One pass of ours: the panel's Docker source into a LogBuffer until it holds every line; wall and CPU ms. */
async function ours(m, docker, id, lines, onLines) {
  const model = new m.ServiceModel();
  model.setConnection({ id: 'docker', kind: 'docker', label: 'bench', status: 'connected' });
  const buffer = new m.LogBuffer({ timestamps: true });
  const { sink, done } = tabSink(buffer, lines, onLines);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const handle = m.dockerLogSource({ client: () => docker, model, connectionId: 'docker', containerId: id, title: 'bench' }).open({ follow: true, timestamps: true }, sink);
  const how = await done;
  const cpu = process.cpuUsage(c0);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  handle.dispose();
  if (buffer.endIndex !== lines) throw new Error(`the buffer saw ${buffer.endIndex} lines, expected ${lines} (${how})`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, buffer };
}

/** dockerode's follow stream of the container read to its end, its data dropped; wall and CPU ms. */
async function dropped(docker, id) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const stream = await docker.getContainer(id).logs({ follow: true, stdout: true, stderr: true, timestamps: true });
  await new Promise((resolve, reject) => {
    stream.on('data', () => undefined);
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const cpu = process.cpuUsage(c0);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The Docker daemon's CPU time so far (ms), when it runs on this machine; otherwise undefined. */
function daemonCpu() {
  try {
    const pid = execFileSync('pgrep', ['-xo', 'dockerd'], { encoding: 'utf8' }).trim();
    return () => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in USER_HZ (100 on Linux)
    };
  } catch {
    return undefined;
  }
}

/** Runs `pass`, adding to its result the daemon's CPU over it. */
async function withDaemon(cpu, pass) {
  const d0 = cpu?.();
  const r = await pass();
  return { ...r, daemonMs: cpu ? cpu() - d0 : undefined };
}

/** Runs the Docker comparison; `m` is the bundle (dockerLogSource, LogBuffer, ServiceModel). */
export async function dockerIngest(m, { lines, rounds, log }) {
  const Docker = m.Dockerode;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const name = `bench-logs-${process.pid}-${Date.now()}`;
  const id = execFileSync('docker', ['run', '-d', '--name', name, '--label', 'com.azureml-debug.test=1', '--label', 'com.azureml-debug.bench=1', IMAGE, 'python3', '-c', benchScript(lines)], { encoding: 'utf8' }).trim();
  try {
    execFileSync('docker', ['wait', id], { encoding: 'utf8' });
    await ours(m, docker, id, Math.min(lines, 20_000)).catch(() => undefined); // warm up (the JIT, the engine's cache of the log file)
    const raw = [];
    const mine = [];
    const node = [];
    const daemon = daemonCpu();
    // Alternating, best of each: the engine's speed drifts on a shared machine.
    for (let r = 0; r < rounds; r++) {
      raw.push(await withDaemon(daemon, () => timedToDevNull('docker', ['logs', '-f', '-t', id])));
      mine.push(await withDaemon(daemon, async () => {
        const o = await ours(m, docker, id, lines);
        return { ms: o.ms, cpuMs: o.cpuMs };
      }));
      node.push(await withDaemon(daemon, () => dropped(docker, id)));
      log(`  pass ${r + 1}: raw ${Math.round(raw[r].ms)} ms, ours ${Math.round(mine[r].ms)} ms, dockerode data dropped ${Math.round(node[r].ms)} ms`);
    }
    // Memory: a pass sampling the heap (after GC) five times while the buffer fills and wraps.
    gcNow();
    const before = process.memoryUsage().heapUsed;
    const samples = [];
    const every = Math.ceil(lines / 5);
    let next = every;
    const { buffer } = await ours(m, docker, id, lines, (b) => {
      if (b.endIndex >= next) {
        next += every;
        gcNow();
        samples.push({ lines: b.endIndex, heapMB: mb(process.memoryUsage().heapUsed) });
      }
    });
    gcNow();
    const after = process.memoryUsage().heapUsed;
    const best = (xs, k) => Math.min(...xs.map((x) => x[k]));
    const perSec = (ms) => Math.round((lines / ms) * 1000);
    const usPerLine = (ms) => Math.round((ms / lines) * 1e4) / 10;
    // The daemon's CPU per line, the median over the passes of each reader.
    const daemonUs = (xs) => (daemon ? usPerLine(xs.map((x) => x.daemonMs).sort((a, b) => a - b)[Math.floor(xs.length / 2)]) : undefined);
    return {
      lines,
      rawLinesPerSec: perSec(best(raw, 'ms')),
      oursLinesPerSec: perSec(best(mine, 'ms')),
      ratio: Math.round((best(raw, 'ms') / best(mine, 'ms')) * 100) / 100,
      rawCpuUsPerLine: usPerLine(best(raw, 'cpuMs')),
      oursCpuUsPerLine: usPerLine(best(mine, 'cpuMs')),
      nodeLinesPerSec: perSec(best(node, 'ms')),
      nodeCpuUsPerLine: usPerLine(best(node, 'cpuMs')),
      daemonUsPerLine: { raw: daemonUs(raw), ours: daemonUs(mine), node: daemonUs(node) },
      bufferHeld: buffer.length,
      bufferCapacity: buffer.capacity,
      heapBeforeMB: mb(before),
      heapAfterMB: mb(after),
      heapSamples: samples,
      ms: { raw: raw.map((r) => Math.round(r.ms)), ours: mine.map((r) => Math.round(r.ms)) },
    };
  } finally {
    execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore' });
  }
}
