// Shared by the ingest benchmarks (scripts/bench/logThroughput.mjs): the
// repository's code compiled on the fly (esbuild, so no prior build is
// needed; the buffer and demuxer also as a given commit has them), Docker log
// frames made in memory as the engine sends them, a sink that feeds a
// LogBuffer and reads it as the panel's tab does, and a CLI run to /dev/null
// timed with the CPU it used.
import { execFile, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const require = createRequire(join(repo, 'package.json'));

/**
 * `{ LogBuffer, DockerLogDemuxer }` from the working tree's sources, or with
 * `ref` (a commit, `main`) from src/core as that commit has it: a baseline to
 * compare a change against in the same run.
 */
export async function loadCore(ref) {
  const esbuild = require('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'bench-logbuffer-'));
  try {
    let root = repo;
    if (ref) {
      root = join(dir, 'tree');
      execFileSync('sh', ['-c', `mkdir -p "${root}" && git -C "${repo}" archive "${ref}" src/core | tar -x -C "${root}"`]);
    }
    const out = await esbuild.build({
      stdin: { contents: "export { LogBuffer } from './src/core/logs/logBuffer'; export { DockerLogDemuxer } from './src/core/logs/dockerLogFrames';", resolveDir: root, loader: 'ts' },
      bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false,
    });
    const file = join(dir, ref ? `logBuffer-${ref.replace(/\W/g, '_')}.cjs` : 'logBuffer.cjs');
    writeFileSync(file, out.outputFiles[0].text);
    return require(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The line the benchmark's container prints (the v1 server's record shape), `i` its number. */
export const benchLine = (i) => `2026-11-23 18:37:45,091 | root | INFO | scored request ${i} in 1.2 ms (batch of 4 rows)`;

/** The Python program that prints `n` bench lines as fast as it can. */
export const benchScript = (n) => [
  'import sys',
  'w = sys.stdout.write',
  `for i in range(${n}):`,
  "    w('2026-11-23 18:37:45,091 | root | INFO | scored request %d in 1.2 ms (batch of 4 rows)\\n' % i)",
].join('\n');

/**
 * `n` Docker log frames of bench lines with `docker logs -t` stamps (about
 * 120,000 lines a second, as the container writes them), each its own
 * Buffer over one shared allocation: the engine flushes every frame, and
 * node's HTTP parser hands each on as one 'data' chunk.
 */
export function syntheticFrames(n) {
  const parts = [];
  const base = Date.parse('2026-11-30T04:00:05Z');
  for (let i = 0; i < n; i++) {
    const ns = Math.floor((i * 1e9) / 120_000);
    const sec = new Date(base + Math.floor(ns / 1e9) * 1000).toISOString().slice(0, 19);
    const payload = Buffer.from(`${sec}.${String(ns % 1e9).padStart(9, '0')}Z ${benchLine(i)}\n`);
    const header = Buffer.alloc(8);
    header[0] = i % 50 === 49 ? 2 : 1; // an occasional stderr line, as a server's warnings
    header.writeUInt32BE(payload.length, 4);
    parts.push(header, payload);
  }
  const all = Buffer.concat(parts);
  const chunks = [];
  for (let at = 0; at < all.length; ) {
    const size = all.readUInt32BE(at + 4);
    chunks.push(all.subarray(at, at + 8 + size));
    at += 8 + size;
  }
  return chunks;
}

// Native pieces of ssh2 (dockerode's ssh:// transport) and ws that a bundle cannot hold.
const external = ['cpu-features', './crypto/build/Release/sshcrypto.node', 'bufferutil', 'utf-8-validate'];

/**
 * Bundles `lines` (TypeScript importing the repository by absolute path) to
 * a CommonJS file in a temp folder; returns its path and a remover.
 */
export async function bundle(name, lines) {
  const esbuild = require('esbuild');
  const out = await esbuild.build({
    stdin: { contents: lines.join('\n'), resolveDir: repo, loader: 'ts' },
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, external, logLevel: 'error',
  });
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const file = join(dir, `${name}.cjs`);
  writeFileSync(file, out.outputFiles[0].text);
  return { file, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A sink feeding `buffer` as the log panel's tab does, reading each new entry once in batches (its takeUpdate); `done` when it holds `lines` or the source ends. */
export function tabSink(buffer, lines, onLines) {
  let read = 0;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const take = () => {
    for (read = Math.max(read, buffer.firstIndex); read < buffer.endIndex; read++) buffer.at(read).text.length;
  };
  const check = () => {
    if (buffer.endIndex - read >= 5000) take();
    onLines?.(buffer);
    if (buffer.endIndex >= lines) {
      take();
      resolveDone('lines');
    }
  };
  const sink = {
    data: (chunk) => {
      buffer.append(chunk);
      check();
    },
    restart: (info) => buffer.markRestart(info),
    state: () => {},
    end: () => {
      buffer.end();
      take();
      resolveDone('end');
    },
    error: (err, retrying) => {
      if (!retrying) resolveDone(err);
    },
    resumeFrom: () => buffer.lastTimestamp,
  };
  return { sink, done };
}

/** Runs `cmd args` with stdout and stderr to /dev/null; resolves with its wall time and the CPU time it (and its children) used, in ms. */
export function timedToDevNull(cmd, args, env) {
  const quoted = [cmd, ...args].map((a) => `'${String(a).replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolveP, reject) => {
    const t0 = process.hrtime.bigint();
    // bash's `times` prints the CPU its children used: user and system, after the shell's own line.
    execFile('bash', ['-c', `${quoted} >/dev/null 2>&1; code=$?; times; exit $code`], { env: env ?? process.env }, (err, stdout) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (err) return reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}`));
      const seconds = (s) => {
        const m = /(\d+)m([\d.]+)s/.exec(s);
        return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
      };
      const [user, sys] = (stdout.trim().split('\n')[1] ?? '').split(/\s+/).map(seconds);
      resolveP({ ms, cpuMs: (user + sys) * 1000 });
    });
  });
}
