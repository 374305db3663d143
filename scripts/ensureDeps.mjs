// Installs the npm dependencies from the lock file when they are missing or
// older than package-lock.json, so `npm test` and `npm run demo` work in a
// fresh clone with nothing run by hand. Imports only Node built-ins.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Runs `npm ci` in `repo` when node_modules is absent or stale; exits on failure. */
export function ensureDeps(repo) {
  const marker = join(repo, 'node_modules', '.package-lock.json');
  const lock = join(repo, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('\n=== npm ci (dependencies missing or older than package-lock.json)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm ci failed: the npm registry must be reachable to install the dependencies.');
    process.exit(1);
  }
}
