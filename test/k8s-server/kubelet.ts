// The kubelet: each pod bound to a node runs as real Docker containers (one
// per container of its spec). It reports container states back into the pod
// status, restarts exited containers by the restart policy with the real
// back-off (immediately once, then base, 2x base, ... up to a cap), which is
// how a crashing init() reaches CrashLoopBackOff with lastState.terminated.
// The run before the current one is kept so `logs --previous` can read it.
// Init containers run first, one after another, each to a successful exit
// (a failing one is restarted with the same back-off, the pod Pending and
// `Init:CrashLoopBackOff` meanwhile), and only then the containers.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { containerCreateOptions, instanceLabel } from './containerSpec';
import type { EventRecorder } from './events';
import { Prober } from './prober';
import { now, type Store, type StoreEvent } from './store';
import { ApiError, type Container, type ContainerState, type ContainerStateTerminated, type Pod, type PodCondition } from './types';

/** Kubelet settings. */
export interface KubeletOptions {
  docker: Docker;
  /** Labels this cluster's containers so they can be found and removed. */
  instance: string;
  /** First back-off delay (the real kubelet: 10 s). */
  backoffBaseMs: number;
  /** Back-off cap (the real kubelet: 300 s). */
  backoffMaxMs: number;
  /** Longest wait for a container to stop on delete (seconds). */
  maxGraceSeconds: number;
}

/** One run of a container. */
export interface ContainerRun { id: string; startedAt: string; pid: number; ip: string; finished?: ContainerStateTerminated; timers: NodeJS.Timeout[] }

interface Slot {
  spec: Container;
  /** An init container: runs to completion before the containers start. */
  init?: boolean;
  restartCount: number;
  current?: ContainerRun;
  previous?: ContainerRun;
  state: ContainerState;
  lastState: ContainerState;
  imageID: string;
  /** The readiness probe's verdict for the current run (true without a probe). */
  ready: boolean;
  timer?: NodeJS.Timeout;
}

interface PodRuntime {
  ns: string; name: string; uid: string; bare: boolean; slots: Map<string, Slot>; deleting: boolean; emptyDirs: Map<string, string>;
  /** Init containers by name, in the order they run. */
  inits: string[];
  /** All init containers have exited 0 (true when there are none). */
  initialized: boolean;
}

/** Where a container is in the pod spec, for events' fieldPath. */
function fieldPathOf(slot: Slot): string {
  return `spec.${slot.init ? 'initContainers' : 'containers'}{${slot.spec.name}}`;
}

/** Annotation that makes a pod run without containers (for large benchmarks). */
export const noContainerAnnotation = 'test.azureml-debug/no-container';

/** Runs pods as Docker containers. */
export class Kubelet {
  private readonly pods = new Map<string, PodRuntime>();
  private readonly unsubscribe: () => void;
  private stopped = false;
  private readonly source = (host?: string) => ({ component: 'kubelet', host });

  private readonly probes: Prober;
  /** Container starts in flight (see begin()). */
  private readonly starting = new Set<Promise<unknown>>();

  constructor(private readonly store: Store, private readonly recorder: EventRecorder, private readonly opts: KubeletOptions) {
    this.unsubscribe = store.subscribe((ev) => this.onChange(ev));
    this.probes = new Prober(recorder, opts.docker);
  }

  private onChange(ev: StoreEvent): void {
    if (ev.resource !== 'pods' || ev.type === 'DELETED') return;
    const pod = ev.object as Pod;
    if (pod.spec.nodeName && !pod.metadata.deletionTimestamp && !this.pods.has(pod.metadata.uid) && !this.stopped) {
      setImmediate(() => this.startPod(pod));
    }
  }

  /** The pod's runtime state, or a 400 in the API server's words when it has not started. */
  runtime(pod: Pod, containerName: string | null): { rt: PodRuntime; slot: Slot } {
    const rt = this.pods.get(pod.metadata.uid);
    const names = pod.spec.containers.map((c) => c.name);
    const inits = (pod.spec.initContainers ?? []).map((c) => c.name);
    let name = containerName;
    if (!name) {
      if (names.length > 1) {
        throw new ApiError(400, 'BadRequest', `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]${inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : ''}`);
      }
      name = names[0];
    }
    if (!names.includes(name) && !inits.includes(name)) throw new ApiError(400, 'BadRequest', `container ${name} is not valid for pod ${pod.metadata.name}`);
    const slot = rt?.slots.get(name);
    if (!rt || !slot || rt.bare) {
      throw new ApiError(400, 'BadRequest', `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
    }
    return { rt, slot };
  }

  /** The running container of a pod (for exec and port-forward), or a 400. */
  running(pod: Pod, containerName: string | null): ContainerRun {
    const { slot } = this.runtime(pod, containerName);
    if (!slot.current || slot.current.finished) {
      throw new ApiError(400, 'BadRequest', `container ${slot.spec.name} is not running (pod ${pod.metadata.name})`);
    }
    return slot.current;
  }

  /** Graceful deletion: mark, stop the containers, then remove the pod object. */
  deletePod(pod: Pod, graceSeconds?: number): void {
    const ns = pod.metadata.namespace ?? 'default';
    const rt = this.pods.get(pod.metadata.uid);
    if (!rt || rt.bare) {
      this.pods.delete(pod.metadata.uid);
      if (this.store.get('pods', ns, pod.metadata.name)) this.store.remove('pods', ns, pod.metadata.name);
      return;
    }
    if (rt.deleting) return;
    rt.deleting = true;
    const grace = Math.min(graceSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30, this.opts.maxGraceSeconds);
    this.store.mutate<Pod>('pods', ns, pod.metadata.name, (p) => {
      p.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      p.metadata.deletionGracePeriodSeconds = grace;
    });
    const work = [...rt.slots.values()].map(async (slot) => {
      clearTimeout(slot.timer);
      slot.current?.timers.forEach((t) => clearTimeout(t));
      if (slot.current && !slot.current.finished) {
        this.recorder.record(pod, 'Normal', 'Killing', `Stopping container ${slot.spec.name}`, this.source(pod.spec.nodeName), fieldPathOf(slot));
      }
      for (const run of [slot.current, slot.previous]) {
        if (run) await this.opts.docker.getContainer(run.id).remove({ force: true, v: true }).catch(() => undefined);
      }
    });
    void Promise.all(work).then(() => {
      this.pods.delete(pod.metadata.uid);
      for (const dir of rt.emptyDirs.values()) rmSync(dir, { recursive: true, force: true });
      if (this.store.get('pods', ns, pod.metadata.name)) this.store.remove('pods', ns, pod.metadata.name);
    });
  }

  /** Stops everything and removes every container this cluster made. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    for (const rt of this.pods.values()) {
      rt.deleting = true;
      for (const s of rt.slots.values()) {
        clearTimeout(s.timer);
        s.current?.timers.forEach((t) => clearTimeout(t));
      }
      for (const dir of rt.emptyDirs.values()) rmSync(dir, { recursive: true, force: true });
    }
    // A start in flight removes its own container once it sees `stopped`.
    await Promise.allSettled([...this.starting]);
    const list = await this.opts.docker.listContainers({ all: true, filters: { label: [`${instanceLabel}=${this.opts.instance}`] } });
    await Promise.all(list.map((c) => this.opts.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  }

  private startPod(pod: Pod): void {
    if (this.pods.has(pod.metadata.uid) || this.stopped) return;
    const bare = pod.metadata.annotations?.[noContainerAnnotation] === 'true';
    const inits = bare ? [] : (pod.spec.initContainers ?? []);
    const rt: PodRuntime = {
      ns: pod.metadata.namespace ?? 'default', name: pod.metadata.name, uid: pod.metadata.uid, bare, slots: new Map(), deleting: false, emptyDirs: new Map(),
      inits: inits.map((c) => c.name), initialized: inits.length === 0,
    };
    this.pods.set(pod.metadata.uid, rt);
    for (const c of inits) rt.slots.set(c.name, { spec: c, init: true, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } }, lastState: {}, imageID: '', ready: false });
    const waiting = inits.length ? 'PodInitializing' : 'ContainerCreating';
    for (const c of pod.spec.containers) {
      rt.slots.set(c.name, { spec: c, restartCount: 0, state: bare ? { running: { startedAt: now() } } : { waiting: { reason: waiting } }, lastState: {}, imageID: '', ready: bare });
    }
    for (const v of pod.spec.volumes ?? []) if (v.emptyDir) rt.emptyDirs.set(v.name, emptyDir());
    this.writeStatus(rt, now());
    if (bare) return;
    this.next(rt);
  }

  /** Starts what runs next: the first init container not yet done, else every container. */
  private next(rt: PodRuntime): void {
    const pending = rt.inits.map((n) => rt.slots.get(n)!).find((s) => s.state.terminated?.exitCode !== 0);
    if (pending) {
      void this.run(rt, pending);
      return;
    }
    rt.initialized = true;
    this.writeStatus(rt);
    for (const slot of rt.slots.values()) if (!slot.init) void this.run(rt, slot);
  }

  /** Starts one run of a container and follows it to its exit. */
  private async run(rt: PodRuntime, slot: Slot): Promise<void> {
    const pod = this.store.get('pods', rt.ns, rt.name) as Pod | undefined;
    if (!pod || rt.deleting) return;
    const host = pod.spec.nodeName;
    const fieldPath = fieldPathOf(slot);
    try {
      // Tracked until the container runs (or will not), so shutdown() can wait
      // for a start in flight instead of leaving its container behind.
      const begun = this.begin(rt, slot, pod);
      this.starting.add(begun);
      const started = await begun.finally(() => this.starting.delete(begun));
      if (!started) return;
      const { container, exited, info } = started;
      const run: ContainerRun = {
        id: info.Id, startedAt: info.State.StartedAt.replace(/\.\d+Z$/, 'Z'), pid: info.State.Pid,
        ip: Object.values(info.NetworkSettings.Networks ?? {})[0]?.IPAddress ?? '', timers: [],
      };
      slot.current = run;
      slot.state = { running: { startedAt: run.startedAt } };
      slot.ready = !slot.spec.readinessProbe;
      this.recorder.record(pod, 'Normal', 'Started', `Started container ${slot.spec.name}`, this.source(host), fieldPath);
      this.writeStatus(rt, undefined, run.ip);
      // An init container has no probes: it only has to finish.
      if (!slot.init) this.probes.start(pod, slot.spec, run, {
        isActive: () => !run.finished && !rt.deleting && !this.stopped,
        setReady: (ready) => {
          if (slot.ready === ready) return;
          slot.ready = ready;
          this.writeStatus(rt);
        },
      });
      const { StatusCode } = (await exited) as { StatusCode: number };
      run.timers.forEach((t) => clearTimeout(t));
      slot.ready = false;
      if (rt.deleting) return;
      const end = await container.inspect().catch(() => undefined);
      const oom = end?.State.OOMKilled ?? false;
      run.finished = {
        exitCode: StatusCode, reason: oom ? 'OOMKilled' : StatusCode === 0 ? 'Completed' : 'Error',
        startedAt: run.startedAt, finishedAt: (end?.State.FinishedAt ?? new Date().toISOString()).replace(/\.\d+Z$/, 'Z'), containerID: `docker://${run.id}`,
      };
      slot.state = { terminated: run.finished };
      this.writeStatus(rt);
      this.afterExit(rt, slot, pod, run.finished);
    } catch (err) {
      if (rt.deleting || this.stopped) return;
      const message = err instanceof Error ? err.message : String(err);
      slot.state = { waiting: { reason: 'CreateContainerError', message } };
      this.recorder.record(pod, 'Warning', 'Failed', `Error: ${message}`, this.source(host), fieldPath);
      this.writeStatus(rt);
      this.later(rt, slot, () => undefined, this.opts.backoffBaseMs);
    }
  }

  /** Creates and starts one run's container; undefined when it did not start (no image, deleting, stopped). */
  private async begin(rt: PodRuntime, slot: Slot, pod: Pod): Promise<{ container: Docker.Container; exited: Promise<unknown>; info: Docker.ContainerInspectInfo } | undefined> {
    const docker = this.opts.docker;
    const host = pod.spec.nodeName;
    const fieldPath = fieldPathOf(slot);
    const image = await docker.getImage(slot.spec.image).inspect().catch(() => undefined);
    if (!image) {
      slot.state = { waiting: { reason: 'ErrImagePull', message: `image "${slot.spec.image}" not found: the test cluster cannot pull images` } };
      this.recorder.record(pod, 'Warning', 'Failed', `Failed to pull image "${slot.spec.image}": image not present on the node and no registry is reachable`, this.source(host), fieldPath);
      this.writeStatus(rt);
      this.later(rt, slot, () => {
        slot.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${slot.spec.image}"` } };
        this.recorder.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${slot.spec.image}"`, this.source(host), fieldPath);
        this.writeStatus(rt);
      }, this.opts.backoffBaseMs);
      return undefined;
    }
    slot.imageID = `docker://${image.Id}`;
    this.recorder.record(pod, 'Normal', 'Pulled', `Container image "${slot.spec.image}" already present on machine`, this.source(host), fieldPath);
    const container = await docker.createContainer(containerCreateOptions(pod, slot.spec, slot.restartCount, this.opts.instance, rt.emptyDirs));
    this.recorder.record(pod, 'Normal', 'Created', `Created container: ${slot.spec.name}`, this.source(host), fieldPath);
    if (rt.deleting || this.stopped) {
      await container.remove({ force: true });
      return undefined;
    }
    await container.start();
    // After start, 'not-running' also answers at once for a run that already exited.
    const exited = container.wait({ condition: 'not-running' });
    if (rt.deleting || this.stopped) {
      exited.catch(() => undefined);
      await container.remove({ force: true, v: true }).catch(() => undefined);
      return undefined;
    }
    return { container, exited, info: await container.inspect() };
  }

  private afterExit(rt: PodRuntime, slot: Slot, pod: Pod, finished: ContainerStateTerminated): void {
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (slot.init && finished.exitCode === 0) {
      this.next(rt);
      return;
    }
    // A failed init container is run again unless the pod never restarts (then the pod has failed).
    if (policy === 'Never' || (policy === 'OnFailure' && finished.exitCode === 0)) return;
    // The first restart is immediate; later ones wait base * 2^(n-1), capped.
    const delay = slot.restartCount === 0 ? 0 : Math.min(this.opts.backoffBaseMs * 2 ** (slot.restartCount - 1), this.opts.backoffMaxMs);
    if (delay > 0) {
      const who = `${rt.name}_${rt.ns}(${rt.uid})`;
      slot.lastState = { terminated: finished };
      slot.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(delay)} restarting failed container=${slot.spec.name} pod=${who}` } };
      this.recorder.record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${slot.spec.name} in pod ${who}`, this.source(pod.spec.nodeName), fieldPathOf(slot));
      this.writeStatus(rt);
    }
    this.later(rt, slot, () => undefined, delay);
  }

  /** Runs `before` now, then a new run of the container after `delay`. */
  private later(rt: PodRuntime, slot: Slot, before: () => void, delay: number): void {
    before();
    slot.timer = setTimeout(() => {
      if (rt.deleting || this.stopped) return;
      const old = slot.previous;
      if (slot.current) {
        slot.previous = slot.current;
        slot.lastState = slot.current.finished ? { terminated: slot.current.finished } : slot.lastState;
        slot.current = undefined;
        slot.restartCount += 1;
      }
      if (old) void this.opts.docker.getContainer(old.id).remove({ force: true, v: true }).catch(() => undefined);
      void this.run(rt, slot);
    }, delay);
  }

  /** Rebuilds the pod status from the slots and stores it. */
  private writeStatus(rt: PodRuntime, startTime?: string, podIP?: string): void {
    const ts = now();
    this.store.mutate<Pod>('pods', rt.ns, rt.name, (p) => {
      const statusOf = (c: Container) => {
        const s = rt.slots.get(c.name)!;
        const id = s.current?.id ?? s.previous?.id;
        return {
          name: c.name, image: c.image, imageID: s.imageID, ...(id ? { containerID: `docker://${id}` } : {}),
          ready: !!s.state.running && s.ready, started: !!s.state.running, restartCount: s.restartCount, state: s.state, lastState: s.lastState,
        };
      };
      const statuses = p.spec.containers.map(statusOf);
      const initStatuses = rt.bare ? [] : (p.spec.initContainers ?? []).map((c) => ({ ...statusOf(c), ready: !!rt.slots.get(c.name)!.state.terminated && rt.slots.get(c.name)!.state.terminated!.exitCode === 0 }));
      const apps = [...rt.slots.values()].filter((s) => !s.init);
      const allReady = statuses.every((s) => s.ready);
      const anyStarted = apps.some((s) => s.current || s.previous) || rt.bare;
      const initFailed = initStatuses.some((s) => s.state.terminated && s.state.terminated.exitCode !== 0);
      const terminal = p.spec.restartPolicy === 'Never' && initFailed ? true : apps.every((s) => s.state.terminated) && p.spec.restartPolicy !== 'Always';
      p.status.phase = terminal
        ? (!initFailed && apps.every((s) => s.state.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed')
        : rt.initialized && anyStarted ? 'Running' : 'Pending';
      p.status.hostIP = '10.224.0.4';
      if (startTime) p.status.startTime = startTime;
      if (podIP) p.status.podIP = podIP;
      if (rt.bare && !p.status.podIP) p.status.podIP = `10.244.${(hash(rt.uid) >> 8) & 255}.${hash(rt.uid) & 255}`;
      if (p.status.podIP) p.status.podIPs = [{ ip: p.status.podIP }];
      const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
      const incomplete = initStatuses.filter((s) => !s.ready).map((s) => s.name);
      const cond = (type: string, ok: boolean): PodCondition => {
        const prev = p.status.conditions?.find((c) => c.type === type);
        const status = ok ? 'True' : 'False';
        const why = type === 'Initialized'
          ? { reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]` }
          : { reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
        return {
          type, status, lastProbeTime: null, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : ts,
          ...(ok || type === 'PodScheduled' ? {} : why),
        };
      };
      p.status.conditions = [cond('PodReadyToStartContainers', true), cond('Initialized', rt.initialized), cond('Ready', allReady), cond('ContainersReady', allReady), cond('PodScheduled', true)];
      if (initStatuses.length) p.status.initContainerStatuses = initStatuses;
      p.status.containerStatuses = statuses;
    });
  }
}

/**
 * An emptyDir volume's host folder, mode 0777 as the real kubelet makes it:
 * mkdtemp's 0700 would shut out an image's non-root user (Azure ML's dockeruser).
 */
function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-emptydir-'));
  chmodSync(dir, 0o777);
  return dir;
}

/** A Go time.Duration string (10s, 1m20s, 5m0s), as the back-off message prints it. */
function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${s % 60}s`;
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}
