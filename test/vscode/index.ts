// The extension-host test entry (the `run()` contract of @vscode/test-electron,
// also used by our code-server runner): runs mocha over the compiled suites
// inside the real extension host and writes a JSON result file, because the
// host exits 0 even when run() rejects.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { progressMarker } from './progressMarker';

/** One test (or hook) outcome, as written to the results file. */
export interface HostTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

/** The results file's shape; scripts/test.mjs reads passed/failed. */
export interface HostResults {
  passed: number;
  failed: number;
  pending: number;
  tests: HostTestResult[];
}

function progress(line: string): void {
  // One plain string: the page console garbles format arguments.
  console.log(`${progressMarker} ${line}`);
}

/** Environment variable naming the file the results are written to. */
export const resultsEnv = 'AZUREML_DEBUG_TEST_RESULTS';

function suiteFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

function writeResults(results: HostResults): void {
  const file = process.env[resultsEnv];
  if (!file) return;
  // Temp name + rename: the runner polls for the file and must never read half of it.
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(results, null, 2));
  fs.renameSync(temp, file);
}

let cacheAtStart: readonly string[] = [];

/**
 * The module cache's keys when run() began, before any suite file loaded:
 * what the host and the extension had loaded on their own.
 */
export function modulesAtStart(): readonly string[] {
  return cacheAtStart;
}

/** Runs every suite under out/test/vscode/suite; rejects when any test failed. */
export async function run(): Promise<void> {
  cacheAtStart = Object.keys(require.cache);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.AZUREML_DEBUG_TEST_TIMEOUT ?? 60000),
    grep: process.env.AZUREML_DEBUG_TEST_GREP || undefined,
  });
  // Tells the runner the host is alive and running suites (so a host that
  // never starts is told apart from a slow suite).
  const resultsFile = process.env[resultsEnv];
  if (resultsFile) fs.writeFileSync(`${resultsFile}.started`, String(process.pid));
  // The restricted-mode pass runs its own folder of suites in an untrusted window.
  const suitesDir = path.join(__dirname, process.env.AZUREML_DEBUG_TEST_SUITES ?? 'suite');
  const files = suiteFiles(suitesDir);
  for (const f of files) mocha.addFile(f);
  const results: HostResults = { passed: 0, failed: 0, pending: 0, tests: [] };
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t: Mocha.Test) => {
        results.passed++;
        results.tests.push({ title: t.fullTitle(), state: 'passed' });
        progress(`ok   ${t.fullTitle()}`);
      });
      // Also fires for failing hooks, which must count as failures too.
      runner.on('fail', (t: Mocha.Runnable, err: Error) => {
        results.failed++;
        results.tests.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) });
        progress(`FAIL ${t.fullTitle()}: ${String(err?.message ?? err).split('\n')[0]}`);
      });
      // A debug session that outlives the test that started it is said where it happened (a later test waiting for no session would be blamed).
      const live = new Map<string, vscode.DebugSession>();
      const subs = [
        vscode.debug.onDidStartDebugSession((s) => live.set(s.id, s)),
        vscode.debug.onDidTerminateDebugSession((s) => live.delete(s.id)),
      ];
      runner.on('test end', (t: Mocha.Test) => {
        if (live.size) progress(`note ${live.size} debug session(s) still running after "${t.fullTitle()}": ${[...live.values()].map((s) => `${s.name} (${s.configuration.request}, parent ${s.parentSession?.name ?? String(s.configuration.__azuremlParentSession ?? 'none')})`).join('; ')}`);
      });
      runner.on('end', () => subs.forEach((d) => d.dispose()));
      runner.on('pending', (t: Mocha.Test) => {
        results.pending++;
        results.tests.push({ title: t.fullTitle(), state: 'pending' });
      });
    });
  } catch (err) {
    // A suite that throws while loading never reaches the runner's events.
    results.failed++;
    results.tests.push({ title: 'loading the suites', state: 'failed', error: (err as Error)?.stack ?? String(err) });
  }
  if (files.length === 0) {
    results.failed++;
    results.tests.push({ title: 'finding the suites', state: 'failed', error: `no *.test.js under ${suitesDir}` });
  }
  writeResults(results);
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
}
