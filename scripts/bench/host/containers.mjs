// The containers scripts/bench/logPanelHost.mjs reads the logs of: the
// project's test image (azureml-debug/rootfs:trixie, scripts/setup/image.sh)
// writing log-shaped lines with coreutils or python, each labelled as an
// Azure ML service (so the extension's tree lists it) and with this run's
// label, which removeAll() removes them by. Arguments go to the docker CLI as
// an array: nothing passes through a shell on this side.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'package.json'));

const run = promisify(execFile);
export const image = process.env.AZUREML_DEBUG_BENCH_IMAGE ?? 'azureml-debug/rootfs:trixie';
/** A line as the inference server logs one (about 90 characters). */
export const lineFormat = '2026-11-30 10:00:00,000 | root | INFO | scored request %.0f in 1.2 ms (batch of 4 rows)';
const waitGo = 'while [ ! -e /tmp/go ]; do sleep 0.02; done';

export class Containers {
  constructor(runLabel) {
    this.runLabel = runLabel;
  }

  /** Starts a container running `cmd`; returns its full id. */
  async start(name, cmd) {
    const { stdout } = await run('docker', ['run', '-d', '--init', '--label', 'com.azureml-debug.test=1', '--label', this.runLabel,
      '--label', `amlServiceName=bench-${name}`, image, ...cmd], { maxBuffer: 1 << 20 });
    return stdout.trim();
  }

  /** `lines` lines, then BENCH-END-<tag>; stays up. */
  history(tag, lines) {
    return this.start(tag, ['sh', '-c', `seq -f '${lineFormat}' 1 ${lines}; echo BENCH-END-${tag}; exec sleep infinity`]);
  }

  /** BENCH-READY-<tag>, then on go(): `lines` lines at once, then BENCH-END-<tag>; stays up. */
  burst(tag, lines) {
    return this.start(tag, ['sh', '-c', `echo BENCH-READY-${tag}; ${waitGo}; echo BURST-START-${tag}; seq -f '${lineFormat}' 1 ${lines}; echo BENCH-END-${tag}; exec sleep infinity`]);
  }

  /** `first` lines then MARK-<tag>; on go(), up to `total` lines then BENCH-END-<tag>. */
  twoStep(tag, first, total) {
    return this.start(tag, ['sh', '-c', `seq -f '${lineFormat}' 1 ${first}; echo MARK-${tag}; ${waitGo}; seq -f '${lineFormat}' ${first + 1} ${total}; echo BENCH-END-${tag}; exec sleep infinity`]);
  }

  /** BENCH-READY-<tag>; on go(), `rate` lines a second for `seconds` (paced every 5 ms), then BENCH-END-<tag>. */
  paced(tag, rate, seconds) {
    const py = [
      'import os, sys, time',
      "while not os.path.exists('/tmp/go'): time.sleep(0.02)",
      `fmt = ${JSON.stringify(lineFormat.replace('%.0f', '%d') + '\n')}`,
      `rate, total = ${rate}, ${rate * seconds}`,
      't0, n = time.time(), 0',
      'while n < total:',
      '    k = min(int((time.time() - t0) * rate) + 1, total) - n',
      '    if k > 0:',
      "        sys.stdout.write(''.join(fmt % (n + i + 1) for i in range(k))); sys.stdout.flush(); n += k",
      '    time.sleep(0.005)',
      `print('BENCH-END-${tag}', flush=True)`,
      'time.sleep(1e9)',
    ].join('\n');
    return this.start(tag, ['sh', '-c', `echo BENCH-READY-${tag}; exec python3 -c "$0"`, py]);
  }

  /** About `rate` lines a second, forever. */
  chatter(tag, rate) {
    const per = Math.max(1, Math.round(rate / 10));
    return this.start(tag, ['sh', '-c', `while :; do seq -f '${lineFormat}' 1 ${per}; sleep 0.1; done`]);
  }

  /**
   * `count` idle containers created and started at once through the engine's
   * API (dockerode, one request each, one burst at a time).
   */
  async startIdle(prefix, count) {
    const Docker = require('dockerode');
    const docker = (this.docker ??= new Docker({ socketPath: '/var/run/docker.sock' }));
    const made = await Promise.all(Array.from({ length: count }, (_, i) => docker.createContainer({
      Image: image, Cmd: ['sleep', 'infinity'], HostConfig: { Init: true },
      Labels: { 'com.azureml-debug.test': '1', [this.runLabel.split('=')[0]]: this.runLabel.split('=')[1], amlServiceName: `bench-${prefix}${i}` },
    })));
    await Promise.all(made.map((c) => c.start()));
    return made.map((c) => c.id);
  }

  /** Starts noting the engine's own time (timeNano, ms) of this run's container starts and removals; stop() gives them. */
  async watchEvents() {
    const Docker = require('dockerode');
    const docker = (this.docker ??= new Docker({ socketPath: '/var/run/docker.sock' }));
    const raw = await docker.getEvents({ filters: { type: ['container'], label: [this.runLabel], event: ['start', 'destroy'] } });
    const at = new Map();
    let pending = '';
    raw.on('data', (b) => {
      pending += b.toString();
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const e = JSON.parse(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        at.set(`${e.id}:${e.Action}`, e.timeNano / 1e6);
      }
    });
    return { stop: () => (raw.destroy(), at) };
  }

  /** Removes `ids` at once through the engine's API. */
  async removeIdle(ids) {
    await Promise.all(ids.map((id) => this.docker.getContainer(id).remove({ force: true })));
  }

  /**
   * `docker logs -f -t` of the container, its output read and dropped as the CLI
   * gives it; `seen` resolves to when (Date.now()) `marker` came through.
   */
  follow(id, marker) {
    const child = spawn('docker', ['logs', '-f', '-t', id], { stdio: ['ignore', 'pipe', 'ignore'] });
    let tail = '';
    const seen = new Promise((resolve, reject) => {
      child.stdout.on('data', (b) => {
        const text = tail + b.toString('latin1');
        if (text.includes(marker)) {
          resolve(Date.now());
          child.kill();
        }
        tail = text.slice(-marker.length);
      });
      child.on('close', () => reject(new Error(`docker logs -f ${id.slice(0, 12)} ended before ${marker}`)));
    });
    seen.catch(() => undefined);
    return { seen, stop: () => child.kill() };
  }

  /** Lets a waiting container go on. */
  async go(id) {
    await run('docker', ['exec', id, 'touch', '/tmp/go']);
  }

  /** Whether the container has logged `marker` yet. */
  async logged(id, marker) {
    const { stdout } = await run('docker', ['logs', '--tail', '5', id]);
    return stdout.includes(marker);
  }

  /** The Docker daemon's time stamp (ms) on the first line holding `marker`. */
  async stampOf(id, marker) {
    const { stdout } = await run('docker', ['logs', '-t', id], { maxBuffer: 1 << 30 });
    const line = stdout.split('\n').find((l) => l.includes(marker));
    if (!line) throw new Error(`${id.slice(0, 12)} never logged ${marker}`);
    return Date.parse(`${line.slice(0, 23)}Z`);
  }

  /** Removes these containers at once. */
  async remove(ids) {
    await run('docker', ['rm', '-f', ...ids]);
  }

  /** Removes every container of this run. */
  async removeAll() {
    const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${this.runLabel}`]);
    const ids = stdout.split('\n').filter(Boolean);
    for (let i = 0; i < ids.length; i += 50) await run('docker', ['rm', '-f', ...ids.slice(i, i + 50)]).catch(() => undefined);
    return ids.length;
  }
}
