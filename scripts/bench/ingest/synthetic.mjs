// The ingest path without a daemon: Docker log frames made in memory, in
// chunks of `--batch N` frames (1: as a 'data' listener gets them from the
// engine; more: as a read() of what has arrived does), through the demuxer
// into a LogBuffer (timestamps on), with a reader taking each new entry once
// as the panel's tab does; in this process. The CPU cost of our own code per
// line, free of the engine's noise. `--against REF` also runs the code as
// commit REF has it, alternating passes, so a change is judged against its
// baseline in the same run (`--ours REF2`: commit REF2's code for ours instead
// of the working tree's). Profile with
//   node --cpu-prof --cpu-prof-dir=.test-artifacts/profiles scripts/bench/ingest/synthetic.mjs [frames] [rounds] [--batch N]
import { pathToFileURL } from 'node:url';
import { loadCore, syntheticFrames } from './core.mjs';

/**
 * Feeds `chunks` through a fresh demuxer and buffer; returns the CPU time
 * this process spent (ms; the garbage collector's threads included), which a
 * busy machine inflates far less than the wall time.
 */
export function ingestChunks(core, chunks, lines) {
  const { LogBuffer, DockerLogDemuxer } = core;
  const buffer = new LogBuffer({ timestamps: true });
  const frames = new DockerLogDemuxer();
  let read = 0;
  let chars = 0;
  // The tab's takeUpdate(): every new entry read once, in batches.
  const take = () => {
    for (; read < buffer.endIndex; read++) chars += buffer.at(read).text.length;
  };
  const t0 = process.cpuUsage();
  for (const c of chunks) {
    for (const p of frames.push(c)) buffer.append({ text: p.bytes, stream: p.stream });
    if (buffer.endIndex - read >= 5000) take();
  }
  buffer.end();
  take();
  const cpu = process.cpuUsage(t0);
  if (buffer.endIndex !== lines || chars === 0) throw new Error(`buffer saw ${buffer.endIndex} lines, expected ${lines}`);
  return (cpu.user + cpu.system) / 1000;
}

/** `frames` joined `batch` to a chunk. */
export function batched(frames, batch) {
  if (batch <= 1) return frames;
  const out = [];
  for (let i = 0; i < frames.length; i += batch) out.push(Buffer.concat(frames.slice(i, i + batch)));
  return out;
}

/**
 * Best lines per CPU second of `rounds` passes over `n` synthetic frames,
 * for each of `cores` ({ label: core }), their passes alternating.
 */
export async function syntheticIngest(n = 300_000, rounds = 5, cores, batch = 1) {
  cores ??= { ours: await loadCore() };
  const chunks = batched(syntheticFrames(n), batch);
  const ms = Object.fromEntries(Object.keys(cores).map((k) => [k, []]));
  for (const core of Object.values(cores)) ingestChunks(core, chunks.slice(0, Math.ceil(20_000 / batch)), Math.ceil(20_000 / batch) * batch); // warm up
  for (let r = 0; r < rounds; r++) for (const [k, core] of Object.entries(cores)) ms[k].push(ingestChunks(core, chunks, n));
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
  const b = args.indexOf('--batch');
  const batch = b >= 0 ? Number(args.splice(b, 2)[1]) : 1;
  const o = args.indexOf('--ours');
  const oursRef = o >= 0 ? args.splice(o, 2)[1] : undefined;
  const cores = { ours: await loadCore(oursRef) };
  if (ref) cores[ref] = await loadCore(ref);
  const r = await syntheticIngest(Number(args[0] ?? 300_000), Number(args[1] ?? 5), cores, batch);
  console.log(`${batch} frame(s) a chunk`);
  for (const [k, v] of Object.entries(r)) {
    console.log(`${k.padEnd(8)} ${v.lines.toLocaleString('en')} frames: best ${v.linesPerSec.toLocaleString('en')} lines per CPU second (${v.usPerLine} us/line); passes ${v.ms.join(' ')} ms CPU`);
  }
  if (ref) console.log(`ours / ${ref}: ${(r.ours.linesPerSec / r[ref].linesPerSec).toFixed(2)}x`);
}
