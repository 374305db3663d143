// The kubelet's probe workers: a readiness probe decides the container's
// Ready (and so the pod's), a liveness probe that fails failureThreshold
// times in a row kills the container so the restart policy takes over; each
// failure is a Warning `Unhealthy` event, as the kubelet records it.
import type Docker from 'dockerode';
import type { EventRecorder } from './events';
import type { ContainerRun } from './kubelet';
import { probeFailureMessage, runProbe, type Probe } from './probe';
import type { Container, Pod } from './types';

/** What a probe worker may ask of its run. */
export interface ProbeTarget {
  isActive(): boolean;
  setReady(ready: boolean): void;
}

/** Starts the probe workers of one container run. */
export class Prober {
  constructor(private readonly recorder: EventRecorder, private readonly docker: Docker) {}

  /** Starts the readiness and liveness workers of `run` (timers are kept on the run). */
  start(pod: Pod, c: Container, run: ContainerRun, target: ProbeTarget): void {
    if (c.readinessProbe) this.worker('Readiness', pod, c, c.readinessProbe, run, target);
    if (c.livenessProbe) this.worker('Liveness', pod, c, c.livenessProbe, run, target);
  }

  private worker(kind: 'Readiness' | 'Liveness', pod: Pod, c: Container, probe: Probe, run: ContainerRun, target: ProbeTarget): void {
    let failures = 0;
    let successes = 0;
    const source = { component: 'kubelet', host: pod.spec.nodeName };
    const fieldPath = `spec.containers{${c.name}}`;
    const tick = async () => {
      if (!target.isActive()) return;
      const failure = await runProbe(run.pid, probe);
      if (!target.isActive()) return;
      if (!failure) {
        failures = 0;
        successes++;
        if (kind === 'Readiness' && successes >= (probe.successThreshold ?? 1)) target.setReady(true);
      } else {
        successes = 0;
        failures++;
        this.recorder.record(pod, 'Warning', 'Unhealthy', probeFailureMessage(kind, probe, pod.status.podIP ?? run.ip, failure), source, fieldPath);
        if (failures >= (probe.failureThreshold ?? 3)) {
          if (kind === 'Readiness') target.setReady(false);
          else {
            this.recorder.record(pod, 'Normal', 'Killing', `Container ${c.name} failed liveness probe, will be restarted`, source, fieldPath);
            await this.docker.getContainer(run.id).kill().catch(() => undefined);
            return;
          }
        }
      }
      run.timers.push(setTimeout(() => void tick(), (probe.periodSeconds ?? 10) * 1000));
    };
    run.timers.push(setTimeout(() => void tick(), (probe.initialDelaySeconds ?? 0) * 1000));
  }
}
