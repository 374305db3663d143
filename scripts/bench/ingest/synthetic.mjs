// The ingest path without a daemon: Docker log frames made in memory, one
// per chunk as the engine's follow stream delivers them, through the demuxer
// into a LogBuffer (timestamps on), in this process. The CPU cost of our own
// code per line, free of the engine's noise. `--against REF` also runs the
// code as commit REF has it, alternating passes, so a change is judged
// against its baseline in the same run. Profile with
//   node --cpu-prof --cpu-prof-dir=.test-artifacts/profiles scripts/bench/ingest/synthetic.mjs [frames] [rounds]
import { pathToFileURL } from 'node:url';
import { loadCore, syntheticFrames } from './core.mjs';

/**
 * Feeds `chunks` through a fresh demuxer and buffer; returns the CPU time
 * this process spent (ms; the garbage collector's threads included), which a
 * busy machine inflates far less than the wall time.
 */
export function ingestChunks(core, chunks) {
  const { LogBuffer, DockerLogDemuxer } = core;
  const buffer = new LogBuffer({ timestamps: true });
  const frames = new DockerLogDemuxer();
  const t0 = process.cpuUsage();
  for (const c of chunks) for (const p of frames.push(c)) buffer.append({ text: p.bytes, stream: p.stream });
  buffer.end();
  const cpu = process.cpuUsage(t0);
  if (buffer.endIndex !== chunks.length) throw new Error(`buffer saw ${buffer.endIndex} lines, expected ${chunks.length}`);
  return (cpu.user + cpu.system) / 1000;
}

/**
 * Best lines per CPU second of `rounds` passes over `n` synthetic frames,
 * for each of `cores` ({ label: core }), their passes alternating.
 */
export async function syntheticIngest(n = 300_000, rounds = 5, cores) {
  cores ??= { ours: await loadCore() };
  const chunks = syntheticFrames(n);
  const ms = Object.fromEntries(Object.keys(cores).map((k) => [k, []]));
  for (const core of Object.values(cores)) ingestChunks(core, chunks.slice(0, 20_000)); // warm up
  for (let r = 0; r < rounds; r++) for (const [k, core] of Object.entries(cores)) ms[k].push(ingestChunks(core, chunks));
  return Object.fromEntries(
    Object.entries(ms).map(([k, m]) => {
      const best = Math.min(...m);
      return [k, { lines: n, linesPerSec: Math.round((n / best) * 1000), usPerLine: Math.round((best / n) * 1e4) / 10, ms: m.map(Math.round) }];
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--against');
  const ref = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const cores = { ours: await loadCore() };
  if (ref) cores[ref] = await loadCore(ref);
  const r = await syntheticIngest(Number(args[0] ?? 300_000), Number(args[1] ?? 5), cores);
  for (const [k, v] of Object.entries(r)) {
    console.log(`${k.padEnd(8)} ${v.lines.toLocaleString('en')} frames: best ${v.linesPerSec.toLocaleString('en')} lines per CPU second (${v.usPerLine} us/line); passes ${v.ms.join(' ')} ms CPU`);
  }
  if (ref) console.log(`ours / ${ref}: ${(r.ours.linesPerSec / r[ref].linesPerSec).toFixed(2)}x`);
}
