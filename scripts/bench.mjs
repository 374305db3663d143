// `npm run bench`: runs every benchmark module in scripts/bench/*.mjs (in name
// order; `npm run bench -- bundle` runs one) and prints its facts; `--json
// FILE` also writes them all as JSON. A module's default export (or `run`) is
// `async run(ctx)`, ctx = { root, artifacts, log }: it may print through
// ctx.log and returns its figures, either [label, value] rows (printed here)
// or a plain object. An optional `title` names it. Add one by adding a file.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'scripts', 'bench');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--') && !a.endsWith('.json'));
const jsonAt = process.argv.indexOf('--json');
const ctx = { root, artifacts: join(root, '.test-artifacts'), log: (s) => console.log(`  ${s}`) };

const all = {};
const took = [];
const benchStarted = Date.now();
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
  const name = file.replace(/\.mjs$/, '');
  if (only.length && !only.includes(name)) continue;
  const mod = await import(pathToFileURL(join(dir, file)).href);
  console.log(`\n== ${mod.title ?? name}`);
  const started = Date.now();
  try {
    const run = mod.default ?? mod.run;
    if (typeof run !== 'function') throw new Error(`${file} exports no run function`);
    const result = await run(ctx);
    if (Array.isArray(result)) {
      const width = Math.max(...result.map(([label]) => label.length));
      for (const [label, value] of result) console.log(`  ${label.padEnd(width)}  ${value}`);
      all[name] = Object.fromEntries(result);
    } else {
      all[name] = result ?? {};
    }
  } catch (err) {
    failed++;
    console.log(`  FAILED: ${err.stack ?? err}`);
    all[name] = { error: String(err) };
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  took.push(`${name} ${seconds} s`);
  console.log(`  (${name} took ${seconds} s)`);
}
// The bench is meant to run in under 10 minutes: say where its own time went.
console.log(`\n== bench took ${Math.round((Date.now() - benchStarted) / 1000)} s: ${took.join(', ')}`);
if (jsonAt >= 0 && process.argv[jsonAt + 1]) {
  mkdirSync(dirname(process.argv[jsonAt + 1]), { recursive: true });
  writeFileSync(process.argv[jsonAt + 1], JSON.stringify(all, null, 2));
}
process.exit(failed ? 1 : 0);
