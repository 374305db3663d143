// Installs the npm dependencies from the lock file when they are missing or
// older than package-lock.json, so `npm test` and `npm run demo` work in a
// fresh clone with nothing run by hand. Imports only Node built-ins.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Runs `npm ci` in `repo` when node_modules is absent or stale; exits on failure. */
export function ensureDeps(repo) {
  const modules = join(repo, 'node_modules');
  const marker = join(modules, '.package-lock.json');
  const lock = join(repo, 'package-lock.json');
  // A checkout sharing another's node_modules (a git worktree's symlink) has a lock file as new as the
  // checkout: `npm ci` here would empty the other checkout's folder through the link. It is theirs to update.
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) return;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('\n=== npm ci (dependencies missing or older than package-lock.json)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm ci failed: the npm registry must be reachable to install the dependencies.');
    process.exit(1);
  }
}
