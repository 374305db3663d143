// Benchmark: log ingest at the CLI's speed (issue 18). Our path is the log
// panel's own: a source (src/docker/dockerLogSource.ts, src/kubernetes/
// client/podLogs.ts) into a LogBuffer, a reader taking each entry once.
// - Docker: a container of the sample image prints N lines; ours against raw
//   `docker logs -f -t > /dev/null` on it, passes alternating, best of each;
//   the heap along a pass (after GC: flat = bounded buffer); a third
//   reader, dockerode's stream with the data dropped, Node's HTTP client
//   alone; and the daemon's CPU serving each reader.
// - Kubernetes: a pod of the test cluster prints N lines; ours against
//   `kubectl logs -f --timestamps > /dev/null` through the same cluster.
// - In-process: Docker frames made in memory through the demuxer and the
//   buffer (scripts/bench/ingest/synthetic.mjs): our CPU per line, no engine.
// Each prints lines/s and the ratio; CPU per line beside it (the CLI's and
// ours), as a busy machine moves wall times a lot and CPU times little.
// Run alone: node scripts/bench/logThroughput.mjs [lines]   (default export run()).
// BENCH_LOG_LINES / BENCH_POD_LOG_LINES / BENCH_LOG_ROUNDS change the sizes.
import { pathToFileURL } from 'node:url';
import { bundle, loadCore } from './ingest/core.mjs';
import { dockerIngest } from './ingest/dockerIngest.mjs';
import { podIngest } from './ingest/podIngest.mjs';
import { syntheticIngest } from './ingest/synthetic.mjs';

export const title = 'Log ingest: Docker and pod logs into the buffer against the CLIs';

const fmt = (n) => n.toLocaleString('en');

export default async function run({ lines = Number(process.env.BENCH_LOG_LINES ?? 200_000), log = console.log } = {}) {
  const podLines = Number(process.env.BENCH_POD_LOG_LINES ?? Math.round(lines / 2));
  const rounds = Number(process.env.BENCH_LOG_ROUNDS ?? 3);
  const side = await bundle('ingest', [
    `export { default as Dockerode } from 'dockerode';`,
    `export { dockerLogSource } from './src/docker/dockerLogSource';`,
    `export { podLogSource } from './src/kubernetes/client/podLogs';`,
    `export { kubeConfigFor } from './src/kubernetes/client/index';`,
    `export { mergeKubeconfigs } from './src/core/kubernetes/kubeconfig';`,
    `export { LogBuffer } from './src/core/logs/logBuffer';`,
    `export { ServiceModel } from './src/core/model/serviceModel';`,
    `export { Kubectl, waitFor } from './test/k8s-server/kubectl';`,
  ]);
  const cli = await bundle('k8sCli', [`import './test/k8s-server/cli';`]);
  try {
    const m = (await import(pathToFileURL(side.file).href)).default;
    log(`Docker: ${fmt(lines)} lines, timestamps on, ${rounds} alternating passes`);
    const docker = await dockerIngest(m, { lines, rounds, log });
    log(`Kubernetes (test cluster): ${fmt(podLines)} lines, timestamps on, ${rounds} alternating passes`);
    const pod = await podIngest(m, cli, { lines: podLines, rounds, log });
    // In-process: a hundred frames a chunk, as a read() of a backlog gives them; one, as a log that trickles in.
    const core = await loadCore();
    const batched = (await syntheticIngest(300_000, 5, { ours: core }, 100)).ours;
    const single = (await syntheticIngest(300_000, 5, { ours: core }, 1)).ours;
    return [
      ['docker logs -f -t > /dev/null', `${fmt(docker.rawLinesPerSec)} lines/s (CPU ${docker.rawCpuUsPerLine} us/line)`],
      ['dockerLogSource -> LogBuffer', `${fmt(docker.oursLinesPerSec)} lines/s (CPU ${docker.oursCpuUsPerLine} us/line)`],
      ['  Docker ratio (target >= 1.0x)', `${docker.ratio.toFixed(2)}x`],
      ['  dockerode stream, data dropped (Node\'s HTTP client alone)', `${fmt(docker.nodeLinesPerSec)} lines/s (CPU ${docker.nodeCpuUsPerLine} us/line), ${(docker.nodeLinesPerSec / docker.rawLinesPerSec).toFixed(2)}x of the CLI; ours ${(docker.oursLinesPerSec / docker.nodeLinesPerSec).toFixed(2)}x of it, ${Math.round((docker.oursCpuUsPerLine - docker.nodeCpuUsPerLine) * 10) / 10} us/line of CPU over it`],
      ...(docker.daemonUsPerLine.raw === undefined ? [] : [['  the Docker daemon\'s CPU serving each', `CLI ${docker.daemonUsPerLine.raw} us/line, ours ${docker.daemonUsPerLine.ours}, dockerode alone ${docker.daemonUsPerLine.node} (medians; 2 cores here: a reader's CPU comes off the daemon's)`]]),
      ['  heap (after GC) before / after', `${docker.heapBeforeMB} MB / ${docker.heapAfterMB} MB; buffer holds ${fmt(docker.bufferHeld)} of ${fmt(docker.bufferCapacity)}`],
      ['  heap along the stream', docker.heapSamples.map((s) => `${Math.round(s.lines / 1000)}k:${s.heapMB}MB`).join(' ')],
      ['kubectl logs -f --timestamps > /dev/null', `${fmt(pod.rawLinesPerSec)} lines/s (CPU ${pod.rawCpuUsPerLine} us/line)`],
      ['podLogSource -> LogBuffer', `${fmt(pod.oursLinesPerSec)} lines/s (CPU ${pod.oursCpuUsPerLine} us/line)`],
      ['  pod ratio (target >= 1.0x)', `${pod.ratio.toFixed(2)}x`],
      ['in-process frames -> LogBuffer (no engine)', `${fmt(batched.linesPerSec)} lines per CPU second (${batched.usPerLine} us/line) 100 frames a chunk; ${fmt(single.linesPerSec)} (${single.usPerLine} us/line) one a chunk`],
    ];
  } finally {
    side.remove();
    cli.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await run({ lines: Number(process.argv[2] ?? process.env.BENCH_LOG_LINES ?? 200_000) });
  for (const [k, v] of rows) console.log(`${k.padEnd(44)} ${v}`);
  process.exit(0);
}
