// Prints where a V8 CPU profile (node --cpu-prof) spent its time: self time
// per function (name, file:line), the top N, as a share of the samples that
// were not idle. For the ingest benchmarks' "where the time goes".
//   node scripts/bench/ingest/profileTop.mjs FILE.cpuprofile [N] [filter]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [file, n = '25', filter] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]);
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url ? `${basename(url)}:${lineNumber + 1}` : ''}`.trim();
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
}
const idle = self.get('(idle)') ?? 0;
self.delete('(idle)');
const busy = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`busy ${(busy / 1000).toFixed(0)} ms (idle ${(idle / 1000).toFixed(0)} ms)`);
for (const [key, us] of [...self.entries()].filter(([k]) => !filter || k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
  console.log(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}
