// Runs one mocha tier in its own process (so a tier's open handles cannot hold
// another) and writes {passed, failed, pending} to the file named by argv[3].
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [, , tier, resultsFile] = process.argv;
const timeouts = { unit: 5000, integration: 120000, outage: 120000 };
// AZUREML_DEBUG_TEST_GREP narrows by test title (as in the host tier);
// AZUREML_DEBUG_TEST_FILE by file name (a substring).
const grep = process.env.AZUREML_DEBUG_TEST_GREP;
const only = process.env.AZUREML_DEBUG_TEST_FILE;
const mocha = new Mocha({ timeout: timeouts[tier] ?? 10000, reporter: 'spec', color: !process.env.CI, ...(grep ? { grep } : {}) });
const dir = `out/test/${tier}`;
const files = readdirSync(dir, { recursive: true })
  .filter((f) => f.endsWith('.test.js') && (!only || f.includes(only)))
  .map((f) => join(dir, f))
  .sort();
for (const f of files) mocha.addFile(f);
const runner = mocha.run();
runner.on('end', () => {
  const s = runner.stats;
  writeFileSync(resultsFile, JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending, files: files.length }));
  // Leftover sockets from a failed test must not keep CI waiting.
  setTimeout(() => process.exit(s.failures ? 1 : 0), 200).unref();
});
