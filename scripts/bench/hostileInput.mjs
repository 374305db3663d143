// Benchmark: every reader the extension runs on a user's file or a
// container's output (launch.json, conda YAML, deployment.yml, inferenceconfig
// and deploymentconfig, score.py; container logs, pod events, HTTP bodies),
// fed each hostile shape of its format at the most it reads (its limit, just
// past it, and 4 MiB; 4 MiB where it has none), against a realistic file
// repeated to the same size. Per reader: the largest input measured, the
// slowest case, its time (wall and CPU, best of 3, a fresh input each run) and
// its ratio to the benign file. Issue 17 asks that none throws or holds the
// extension host for more than about a second: the run fails when one does,
// judged on CPU time (a shared machine's load stretches wall time, not CPU).
//
// Every case at full size would take many minutes, so each is first scouted at
// two small sizes (1/64 and 1/32 of it, 8 and 16 KiB at least), its time at
// full size foretold from how it grew (linear, quadratic or between), and the
// three worst foretold are measured at full size with the benign file: the
// worst and the benign best of 3, the other two once (and best of 3 when that
// once is the slowest). A case that ends by no time is stopped (each runs in
// a process of its own, two side by side) and reported, at any size.
// The readers and their inputs: scripts/bench/hostileInput/.
// Run alone: node scripts/bench/hostileInput.mjs [reader name part]   (default export run()).
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fork } from 'node:child_process';

export const title = 'Hostile input: the largest input and slowest case of each reader (issue 17)';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(repo, 'package.json'));

/** Issue 17's "about a second". */
const LIMIT_MS = 1000;
/** A call still running after this is stopped (its process killed) and reported as such. */
const STOP_MS = 20_000;
/** Cases measured at full size per reader and size, after the scouting. */
const FINALISTS = 3;
/** The smaller scouting size: this fraction of the full size, and at least MIN_SCOUT characters. */
const SCOUT = 1 / 64;
const MIN_SCOUT = 8 * 1024;

const entry = `
export { addAttachConfigurationAt, isLaunchEditError } from './src/core/edits/launchJson';
export { azuremlAttachConfiguration } from './src/core/edits/attachConfig';
export { detectFormat } from './src/core/edits/textFormat';
export { minimalReplacement } from './src/core/edits/textChange';
export { readDeployConfig } from './src/core/deploy/deployConfig';
export { inferenceConfigFiles } from './src/core/deploy/inferenceConfigFiles';
export { locateJsonSetting, setJsonSetting, locateYamlSetting, setYamlSetting, locateSdkKeyword, setSdkKeyword } from './src/core/crash/configLocations';
export { prepareTestRequest, describeResponse } from './src/core/deploy/testRequest';
export { checkAzuremlDefaults, addDebugpy, fixAzuremlDefaults, addPipRequirement } from './src/core/edits/condaEnv';
export { readRequirements } from './src/core/deploy/deployEnvironment';
export { looksLikeOnlineDeployment, readOnlineDeployment, readOnlineEndpoint } from './src/core/deploy/onlineDeployment';
export { checkOnlinePaths } from './src/core/deploy/onlinePaths';
export { completionsAt, fieldAt } from './src/core/deploy/onlineCompletion';
export { removeYamlKey } from './src/core/edits/yamlEdits';
export { maxYamlChars } from './src/core/edits/yamlText';
export { maxJsonChars } from './src/core/edits/jsonText';
export { maxScriptChars } from './src/core/edits/pythonKeywords';
export { mergeKubeconfigs } from './src/core/kubernetes/kubeconfig';
export { modelDirReferences } from './src/core/deploy/modelDirPaths';
export { wrapRunInTryExcept } from './src/core/edits/runTryExcept';
export { insertDebugHook, removeDebugHook } from './src/core/edits/scoreHook';
export { analyze, maxAnalyzedChars, maxAnalyzedLines } from './src/core/crash/crashCauses';
export { containerEnd } from './src/core/crash/runitExit';
export { parseProbe, parseExists, referencedNames } from './src/core/crash/modelPathProbe';
export { LogBuffer } from './src/core/logs/logBuffer';
export { DockerLogDemuxer } from './src/core/logs/dockerLogFrames';
export { heldRunLines } from './src/core/logs/readTail';
export { logicalLinesOf } from './src/core/logs/logicalLines';
export { maskSecretsInText, redact } from './src/core/model/secrets';
`;

/** Compiles the core readers on the fly (esbuild), so the bench needs no prior build; returns the bundle's path. */
async function bundle(dir) {
  const esbuild = require('esbuild');
  const out = await esbuild.build({
    stdin: { contents: entry, resolveDir: repo, loader: 'ts' },
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, logLevel: 'error', absWorkingDir: repo,
    // As esbuild.mjs: jsonc-parser's UMD "main" requires its parts dynamically, which a bundle cannot follow.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  });
  const file = join(dir, 'readers.cjs');
  writeFileSync(file, out.outputFiles[0].text);
  return file;
}

// ---- the runner process: builds each input, times the reader on it ---------

async function serve() {
  const lib = require(process.env.AZUREML_DEBUG_HOSTILE_READERS);
  const { readers, casesOf, caps, NO_CAP } = await import('./hostileInput/readers.mjs');
  // The limits measured at are the ones src/ sets.
  const kubeCap = /const maxKubeconfigChars = 2 \* 1024 \* 1024;/.test(readFileSync(join(repo, 'src/core/kubernetes/kubeconfig.ts'), 'utf8'));
  const same = lib.maxYamlChars === caps.yaml && lib.maxJsonChars === caps.json && lib.maxScriptChars === caps.script && lib.maxAnalyzedChars === caps.analyzeChars && kubeCap;
  if (!same) throw new Error('a reader limit in src/ changed: update caps in scripts/bench/hostileInput/readers.mjs');
  // A fresh, flat string of the same characters (as an editor's getText() gives), not a rope of repeats.
  const fresh = (s) => Buffer.from(s, 'utf16le').toString('utf16le');
  process.on('message', ({ op, reader, kase, size, runs }) => {
    if (op === 'plan') {
      return process.send(readers.map((r) => ({ name: r.name, cap: r.cap, cases: casesOf(r).map(([n]) => n), generic: casesOf(r).filter(([, , g]) => g).map(([n]) => n), sizes: sizesOf(r.cap, NO_CAP) })));
    }
    const r = readers[reader];
    const make = kase === -1 ? r.benign : casesOf(r)[kase][1];
    let wall = Infinity;
    let cpu = Infinity;
    let done = 0;
    let chars = 0;
    let threw;
    for (let i = 0; i < runs; i++) {
      const text = fresh(make(size));
      chars = text.length;
      const input = r.input ? r.input(text, lib) : text;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      try {
        r.call(lib, input);
      } catch (err) {
        threw = String(err?.stack ?? err).split('\n').slice(0, 3).join(' | ');
        break;
      }
      const t = performance.now() - t0;
      const c = process.cpuUsage(c0);
      wall = Math.min(wall, t);
      cpu = Math.min(cpu, (c.user + c.system) / 1000);
      done++;
      // Once is enough to know a case is far too slow.
      if (cpu > 2 * LIMIT_MS) break;
    }
    process.send({ wall: done ? wall : undefined, cpu: done ? cpu : undefined, runs: done, chars, threw });
  });
}

/** Sizes a reader is measured at: its limit, just past it, and 4 MiB; 4 MiB alone where it has none. */
function sizesOf(cap, noCap) {
  if (cap === undefined) return [noCap];
  return [...new Set([cap, cap + 1, Math.max(cap + 1, noCap)])];
}

// ---- the main thread: one call at a time, stopped when it never ends -------

class Runner {
  constructor(bundlePath) {
    this.bundlePath = bundlePath;
    this.start();
  }
  start() {
    // A process, not a worker thread: process.cpuUsage() is the whole process's, so each runner's CPU times are its own.
    this.worker = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, AZUREML_DEBUG_HOSTILE_READERS: this.bundlePath }, execArgv: ['--max-old-space-size=4096'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }
  /**
   * The worker's answer; { stopped: true } when it gave none within `stopMs`,
   * { threw } when it died (out of memory, say). Either way it is replaced.
   */
  ask(message, stopMs = STOP_MS) {
    return new Promise((resolveP) => {
      const worker = this.worker;
      const settle = (v, replace) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (replace) {
          worker.kill('SIGKILL');
          this.start();
        }
        resolveP(v);
      };
      const onMessage = (v) => settle(v, false);
      const onError = (err) => settle({ threw: `the worker died: ${err.message}` }, true);
      const onExit = (code) => settle({ threw: `the worker exited (${code})` }, true);
      const timer = setTimeout(() => settle({ stopped: true }, true), stopMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.send(message);
    });
  }
  close() {
    this.worker.kill();
  }
}

/** 4 MiB, 128 KiB, 128 KiB + 1 (a limit and just past it read apart). */
function size(n) {
  const unit = n >= 1048576 ? [1048576, 'MiB'] : [1024, 'KiB'];
  const whole = Math.floor(n / unit[0]);
  const rest = n - whole * unit[0];
  return rest === 0 ? `${whole} ${unit[1]}` : rest < 1024 ? `${whole} ${unit[1]} + ${rest}` : `${+(n / unit[0]).toFixed(2)} ${unit[1]}`;
}
const msText = (ms) => (ms === undefined ? '-' : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
/** How a case ends up ranked: stopped first, then thrown, then by CPU time. */
const rank = (m) => (m.stopped ? Infinity : m.threw ? Number.MAX_VALUE : m.cpu ?? 0);
/** Its time at full size foretold from two scouting times at `small` and twice that: grown as it grew, between linear and cubic. */
function foretold(atSmall, atDouble, scale) {
  if (atSmall.stopped || atDouble.stopped || atSmall.threw || atDouble.threw) return Infinity;
  const growth = Math.log2(Math.max(atDouble.cpu, 0.5) / Math.max(atSmall.cpu, 0.5));
  return atDouble.cpu * scale ** Math.min(3, Math.max(1, growth));
}

/**
 * Measures one reader at one size: all its cases scouted (or, past its
 * limit, where it only refuses, the shapes of any text measured outright),
 * the worst foretold and the benign file at full size, best of 3.
 */
async function measureSize(runner, i, reader, at, log) {
  const past = reader.cap !== undefined && at > reader.cap;
  const cases = reader.cases.map((name, k) => ({ name, k })).filter((c) => !past || reader.generic.includes(c.name));
  let finalists = cases;
  const scouted = [];
  if (!past) {
    const small = Math.min(Math.floor(at / 2), Math.max(MIN_SCOUT, Math.floor(at * SCOUT)));
    for (const c of cases) {
      const once = await runner.ask({ reader: i, kase: c.k, size: small, runs: 1 });
      // Best of 2 at the size the guess grows from: a collection or a compilation in one small run misleads it.
      const twice = await runner.ask({ reader: i, kase: c.k, size: 2 * small, runs: 2 });
      scouted.push({ ...c, once, twice, guess: foretold(once, twice, at / (2 * small)) });
    }
    scouted.sort((a, b) => b.guess - a.guess);
    finalists = scouted.slice(0, FINALISTS);
  }
  const benign = await runner.ask({ reader: i, kase: -1, size: at, runs: 3 });
  const measured = [];
  for (const c of finalists) measured.push({ kase: c.name, k: c.k, size: at, ...(await runner.ask({ reader: i, kase: c.k, size: at, runs: measured.length ? 1 : 3 })) });
  // The slowest of them is known best of 3, whichever it turns out to be.
  const slowest = measured.reduce((a, b) => (rank(b) > rank(a) ? b : a), measured[0]);
  if (slowest && slowest.runs === 1) Object.assign(slowest, await runner.ask({ reader: i, kase: slowest.k, size: at, runs: 3 }));
  // A case that stopped or threw while scouting is a finding at that size, whatever it does at full size.
  for (const s of scouted) {
    for (const m of [s.once, s.twice]) if (m.stopped || m.threw) measured.push({ kase: s.name, size: m.chars || at, ...m });
  }
  log(`  ${reader.name} @ ${size(at)}: benign ${msText(benign.cpu)} CPU; ${measured.map((m) => `"${m.kase}" ${m.stopped ? 'stopped' : m.threw ? 'threw' : `${msText(m.cpu)} CPU`}`).join(', ')}`);
  return { benign, measured, count: cases.length };
}

/** Returns the figures per reader; prints the table; throws when a case threw, was stopped or took over a second of CPU. */
export default async function run({ log = console.log, only = process.env.BENCH_HOSTILE } = {}) {
  const began = performance.now();
  const load = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
  const readersFile = await bundle(dir);
  // One runner per core, each taking the next reader: the limit is judged on
  // each process's own CPU time, which the other's work beside it hardly moves.
  const runners = Array.from({ length: Math.max(1, Math.min(2, availableParallelism())) }, () => new Runner(readersFile));
  const rows = [];
  const failures = [];
  try {
    const plan = await runners[0].ask({ op: 'plan' }, 60_000);
    const queue = [...plan.entries()].filter(([, reader]) => !only || reader.name.toLowerCase().includes(only.toLowerCase()));
    await Promise.all(runners.map(async (runner) => {
      for (let next = queue.shift(); next; next = queue.shift()) rows[next[0]] = await measureReader(runner, next[0], next[1], failures, log);
    }));
  } finally {
    for (const runner of runners) runner.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return report(rows.filter(Boolean), failures, began, load, log);
}

/** One reader at each of its sizes: its row, its failures pushed onto `failures`. */
async function measureReader(runner, i, reader, failures, log) {
  const all = [];
  let count = 0;
  for (const at of reader.sizes) {
    const { benign, measured, count: n } = await measureSize(runner, i, reader, at, log);
    count += n;
    for (const m of measured) {
      all.push({ ...m, benign });
      const where = `${reader.name}: "${m.kase}" at ${size(m.chars || m.size)}`;
      if (m.stopped) failures.push(`${where} still running after ${STOP_MS / 1000} s (stopped)`);
      else if (m.threw) failures.push(`${where} threw: ${m.threw}`);
      else if (m.cpu > LIMIT_MS) failures.push(`${where} took ${msText(m.cpu)} of CPU (${msText(m.wall)} wall)`);
    }
  }
  const worst = all.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  return {
    reader: reader.name,
    readsAtMost: reader.cap,
    largestChars: Math.max(...all.map((m) => m.chars || m.size)),
    cases: count,
    slowestCase: worst.kase,
    slowestChars: worst.chars || worst.size,
    stopped: worst.stopped ? STOP_MS : undefined,
    threw: worst.threw,
    wallMs: worst.wall,
    cpuMs: worst.cpu,
    benignWallMs: worst.benign.wall,
    benignCpuMs: worst.benign.cpu,
    ratio: worst.cpu !== undefined && worst.benign.cpu ? worst.cpu / worst.benign.cpu : undefined,
  };
}

/** Prints the table and the summary; throws when a reader failed. */
function report(rows, failures, began, load, log) {
  printTable(rows, log);
  const seconds = (performance.now() - began) / 1000;
  log(`${rows.reduce((s, r) => s + r.cases, 0)} hostile cases over ${rows.length} readers in ${seconds.toFixed(0)} s; load average ${load.toFixed(1)} on this machine when it began`);
  log(`time: best of 3 at full size (CPU of the process while the reader ran; wall beside it); the limit, ${LIMIT_MS} ms, is on CPU`);
  if (failures.length) throw new Error(`readers past issue 17's limit:\n  ${failures.join('\n  ')}`);
  return { limitMs: LIMIT_MS, seconds: Math.round(seconds), loadAverage: load, readers: rows };
}

function printTable(rows, log) {
  const table = [['reader', 'largest input', 'slowest case', 'CPU', 'wall', 'benign CPU', 'ratio']];
  for (const r of rows) {
    table.push([
      r.reader,
      `${size(r.largestChars)}${r.readsAtMost ? ` (reads <= ${size(r.readsAtMost)})` : ''}`,
      `${r.slowestCase} @ ${size(r.slowestChars)}`,
      r.stopped ? `> ${r.stopped / 1000} s` : r.threw ? 'THREW' : msText(r.cpuMs),
      r.stopped || r.threw ? '-' : msText(r.wallMs),
      msText(r.benignCpuMs),
      r.ratio === undefined ? '-' : `${r.ratio.toFixed(r.ratio < 10 ? 1 : 0)}x`,
    ]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  log('');
  for (const row of table) log(row.map((cell, c) => (c >= 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
  log('');
}

if (process.env.AZUREML_DEBUG_HOSTILE_READERS) {
  void serve();
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run({ only: process.argv[2] }).then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
}
