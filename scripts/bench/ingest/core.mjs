// The ingest path's own code for the log benchmarks: src/core/logs's buffer
// and demuxer compiled on the fly (esbuild, so no prior build is needed), and
// Docker log frames made in memory as the engine sends them.
import { execFileSync } from 'node:child_process';
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
