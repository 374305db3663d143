// Command-line entry of the test cluster, for `npm run demo` and for trying
// it by hand: starts it, deploys the chosen samples, writes the kubeconfig,
// prints how to use it, and removes its containers on Ctrl+C / SIGTERM.
//   node out/test/k8s-server/cli.js [--kubeconfig PATH] [--port N]
//     [--workspace NAME] [--sample-crashloop] [--sample-healthy] [--gpu-pending]
//     [--bare-pods N] [--backoff-ms N] [--repo PATH]
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startTestCluster } from './cluster';
import { azureMlFrontEnd, azureMlService, namespaceOf } from './sample';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The repository folder (holding the sample apps), found upward from this file, so a bundled copy works too. */
function findRepo(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'fixtures', 'apps', 'init-raises', 'score.py'))) return dir;
  }
  throw new Error('cannot find the repository (test/fixtures/apps) above ' + __dirname + '; pass --repo');
}

async function main(): Promise<void> {
  const repo = option('--repo') ? resolve(option('--repo')!) : findRepo();
  const workspace = option('--workspace') ?? 'sample-ws';
  const ns = namespaceOf(workspace);
  const cluster = await startTestCluster({
    port: option('--port') ? Number(option('--port')) : 0,
    kubeconfigPath: option('--kubeconfig') ? resolve(option('--kubeconfig')!) : undefined,
    namespace: ns,
    contextName: 'azureml-demo',
    backoffBaseMs: option('--backoff-ms') ? Number(option('--backoff-ms')) : undefined,
  });
  const has = (f: string) => process.argv.includes(f);
  cluster.apply(azureMlFrontEnd());
  if (has('--sample-crashloop')) {
    cluster.apply(azureMlService({ workspace, service: 'init-raises', appFolder: resolve(repo, 'test/fixtures/apps/init-raises') }));
  }
  if (has('--sample-healthy')) {
    cluster.apply(azureMlService({ workspace, service: 'sample-model', appFolder: resolve(repo, 'sample') }));
  }
  if (has('--gpu-pending')) {
    cluster.apply(azureMlService({ workspace, service: 'gpu-model', appFolder: resolve(repo, 'sample'), requests: { cpu: '1', memory: '4Gi', 'nvidia.com/gpu': '1' } }));
  }
  const bare = Number(option('--bare-pods') ?? 0);
  if (bare > 0) cluster.createBarePods(ns, bare, { isazuremlapp: 'true', azuremlappname: 'bench' });
  process.stdout.write([
    `Test Kubernetes cluster listening at ${cluster.url}`,
    `kubeconfig: ${cluster.kubeconfigPath}`,
    `Try: kubectl --kubeconfig ${cluster.kubeconfigPath} get pods -n ${ns}`,
    'Stop with Ctrl+C (its containers are removed).',
    '',
  ].join('\n'));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void cluster.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`test cluster failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
