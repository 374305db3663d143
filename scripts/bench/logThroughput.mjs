// Benchmark: log throughput into the log panel's buffer. A real container of
// the sample image prints 1,000,000 log lines; we then read its log through
// the Docker logs stream (dockerode, demultiplexed, timestamps on, as the
// panel's Docker source does) into a LogBuffer, and compare lines/s with the
// raw `docker logs -f -t` to /dev/null in the same run. Also the heap after
// it, and the heap sampled along a second pass (flat = bounded buffer).
// Run alone: node scripts/bench/logThroughput.mjs [lines]   (default export run()).
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'package.json'));
const IMAGE = 'azureml-debug/inference:latest';

/** Compiles src/core/logBuffer.ts on the fly (esbuild), so the bench needs no prior build. */
async function loadLogBuffer() {
  const esbuild = require('esbuild');
  const out = await esbuild.build({ entryPoints: [join(repo, 'src/core/logBuffer.ts')], bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false });
  const dir = mkdtempSync(join(tmpdir(), 'bench-logbuffer-'));
  const file = join(dir, 'logBuffer.cjs');
  writeFileSync(file, out.outputFiles[0].text);
  const mod = require(file);
  rmSync(dir, { recursive: true, force: true });
  return mod;
}

function gcNow() {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  gc();
  gc();
}

const mb = (n) => Math.round((n / 1048576) * 10) / 10;

/** Raw CLI: `docker logs -f -t ID` with both streams to /dev/null. Returns ms. */
function rawDockerLogs(id) {
  return new Promise((resolveP, reject) => {
    const devnull = openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const p = spawn('docker', ['logs', '-f', '-t', id], { stdio: ['ignore', devnull, devnull] });
    p.on('error', reject);
    p.on('exit', (code) => {
      closeSync(devnull);
      if (code !== 0) reject(new Error(`docker logs exited ${code}`));
      else resolveP(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  });
}

/** Our path: dockerode logs stream -> demux -> LogBuffer. Returns {ms, buffer}. */
async function intoBuffer(docker, id, LogBuffer, onLines) {
  const buffer = new LogBuffer({ timestamps: true });
  const container = docker.getContainer(id);
  const t0 = process.hrtime.bigint();
  const stream = await container.logs({ follow: true, stdout: true, stderr: true, timestamps: true });
  await new Promise((resolveP, reject) => {
    const sink = (kind) => ({
      write(chunk) {
        buffer.append({ text: chunk, stream: kind });
        onLines?.(buffer);
        return true;
      },
    });
    docker.modem.demuxStream(stream, sink('stdout'), sink('stderr'));
    stream.on('end', resolveP);
    stream.on('error', reject);
  });
  buffer.end();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, buffer };
}

/**
 * Runs the benchmark and returns its figures. `lines` defaults to 1,000,000.
 * Needs the Docker engine and the image azureml-debug/inference:latest.
 */
export default async function run({ lines = 1_000_000, log = console.log } = {}) {
  const Docker = require('dockerode');
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const { LogBuffer } = await loadLogBuffer();
  const name = `bench-logs-${process.pid}-${Date.now()}`;
  const script = [
    'import sys',
    'w = sys.stdout.write',
    `for i in range(${lines}):`,
    "    w('2026-11-23 18:37:45,091 | root | INFO | scored request %d in 1.2 ms (batch of 4 rows)\\n' % i)",
  ].join('\n');
  const id = execFileSync('docker', ['run', '-d', '--name', name, '--label', 'com.azureml-debug.test=1', '--label', 'com.azureml-debug.bench=1', IMAGE, 'python3', '-c', script], { encoding: 'utf8' }).trim();
  try {
    execFileSync('docker', ['wait', id], { encoding: 'utf8' });
    // Alternate the two readers so neither gets a warmer cache; keep the best of each.
    const raw = [];
    const ours = [];
    let kept;
    for (let round = 0; round < 2; round++) {
      raw.push(await rawDockerLogs(id));
      const r = await intoBuffer(docker, id, LogBuffer);
      ours.push(r.ms);
      if (kept === undefined) kept = r.buffer.length;
      if (r.buffer.endIndex !== lines) throw new Error(`buffer saw ${r.buffer.endIndex} lines, expected ${lines}`);
    }
    const rawMs = Math.min(...raw);
    const oursMs = Math.min(...ours);
    // Memory: a third pass sampling the heap (after GC) every 200,000 lines while the buffer fills and wraps.
    gcNow();
    const before = process.memoryUsage().heapUsed;
    const samples = [];
    let next = 200_000;
    const { buffer } = await intoBuffer(docker, id, LogBuffer, (b) => {
      if (b.endIndex >= next) {
        next += 200_000;
        gcNow();
        samples.push({ lines: b.endIndex, heapMB: mb(process.memoryUsage().heapUsed) });
      }
    });
    gcNow();
    const after = process.memoryUsage().heapUsed;
    const result = {
      lines,
      rawLinesPerSec: Math.round((lines / rawMs) * 1000),
      bufferLinesPerSec: Math.round((lines / oursMs) * 1000),
      ratio: Math.round((rawMs / oursMs) * 100) / 100,
      bufferCapacity: buffer.capacity,
      bufferHeld: buffer.length,
      heapBeforeMB: mb(before),
      heapAfterMB: mb(after),
      bufferHeapMB: mb(after - before),
      heapSamples: samples,
      rounds: { rawMs: raw.map(Math.round), bufferMs: ours.map(Math.round) },
    };
    log(`log throughput (${lines.toLocaleString('en')} lines, timestamps on)`);
    log(`  raw docker logs -f -t > /dev/null: ${result.rawLinesPerSec.toLocaleString('en')} lines/s`);
    log(`  dockerode stream -> demux -> LogBuffer: ${result.bufferLinesPerSec.toLocaleString('en')} lines/s (${result.ratio}x raw; target >= 0.5x)`);
    log(`  buffer holds ${result.bufferHeld.toLocaleString('en')} of ${result.bufferCapacity.toLocaleString('en')}; heap after GC: ${result.heapAfterMB} MB (buffer ~${result.bufferHeapMB} MB)`);
    log(`  heap along the stream (after GC): ${samples.map((s) => `${s.lines / 1000}k:${s.heapMB}MB`).join(' ')}`);
    return result;
  } finally {
    execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore' });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 1_000_000);
  run({ lines: n }).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
