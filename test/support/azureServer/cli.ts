// Command-line entry of the test Azure server, for trying it by hand and for
// a later demo: starts it, seeds the sample (real containers), prints its URL
// and a bearer token, and removes the containers on Ctrl+C / SIGTERM.
//   node out/test/support/azureServer/cli.js [--repo PATH]
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TEST_LABEL } from '../docker';
import { seedSample } from './sample';
import { startAzureServer } from './server';

/** The repository folder (holding the sample apps), found upward from this file. */
function findRepo(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'fixtures', 'apps', 'init-raises', 'score.py'))) return dir;
  }
  throw new Error(`cannot find the repository (test/fixtures/apps) above ${__dirname}; pass --repo`);
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--repo');
  const repo = i >= 0 ? resolve(process.argv[i + 1]) : findRepo();
  const server = await startAzureServer();
  const sample = await seedSample(server, repo, [TEST_LABEL]);
  const token = server.issueToken(24 * 3600);
  process.stdout.write([
    `Test Azure server listening at ${server.url}`,
    `Bearer token (24 h): ${token}`,
    `Try: curl -H "Authorization: Bearer <token>" "${server.url}/subscriptions?api-version=2022-12-01"`,
    `Workspace: ${sample.workspaceId}`,
    'Stop with Ctrl+C (its containers are removed).',
    '',
  ].join('\n'));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sample.remove().then(() => server.stop()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
