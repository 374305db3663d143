// Reads what the runtime says about the container rather than what the app
// printed: the waiting/terminated reason and exit code, pod events and the
// Docker CLI's own messages: crash loops, image pulls, out-of-memory kills,
// probes that keep failing.

/** A probe the kubelet saw fail again and again. */
export interface ProbeFailures {
  probe: 'liveness' | 'readiness';
  /** Failures the events count. */
  count: number;
  /** What the last failure said (`Get "http://...": context deadline exceeded`). */
  evidence: string;
}

/** What the container's state and events say, each item only when seen. */
export interface ContainerVerdict {
  crashLoop?: string;
  imagePull?: { image?: string; evidence: string };
  oomKilled?: string;
  probe?: ProbeFailures;
}

const imagePullReasons = /^(ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull|RegistryUnavailable)$/;
const failedPull = /Failed to pull image "([^"]+)"(?::\s*(.*))?/;
const backOffPull = /Back-off pulling image "([^"]+)"/;
const dockerPull = /(?:pull access denied for ([^\s,]+)|Unable to find image '([^']+)' locally|manifest for (\S+) not found|manifest unknown)/;
const pulledOk = /Successfully pulled image|\bPulled\b.*\b(image|Container image)\b.*(already present|pulled)/i;
const crashLoop = /CrashLoopBackOff|Back-off restarting failed container/;
const oomEvent = /OOMKill(ed|ing)|Memory cgroup out of memory|out of memory: Killed process|was OOM killed/i;
const probeFailed = /\b(Liveness|Readiness) probe failed:?\s*(.*)/;
// How often an event happened: kubectl describe's `(x9 over 11m)`, or `(x9)` after the reason.
const eventCount = /\(x(\d+)(?: over [^)]*)?\)/;
// The kubelet acts on a probe after failureThreshold failures in a row (3 by default): fewer is noise.
const repeatedFailures = 3;

/** The probe that kept failing, liveness first (its failures restart the container). */
function probeFailures(events: readonly string[]): ProbeFailures | undefined {
  const seen: Partial<Record<ProbeFailures['probe'], ProbeFailures>> = {};
  for (const e of events) {
    const m = probeFailed.exec(e);
    if (!m) continue;
    const probe = m[1] === 'Liveness' ? 'liveness' : 'readiness';
    const count = Number(eventCount.exec(e.slice(0, m.index))?.[1] ?? 1);
    seen[probe] = { probe, count: (seen[probe]?.count ?? 0) + count, evidence: m[2].trim() };
  }
  return [seen.liveness, seen.readiness].find((p) => p !== undefined && p.count >= repeatedFailures);
}

/** Interprets reason, exit code and events (oldest first); later good news clears earlier trouble. */
export function containerVerdict(input: { reason?: string; exitCode?: number; events?: string[]; logs?: string }): ContainerVerdict {
  const v: ContainerVerdict = {};
  const reason = input.reason?.trim() ?? '';
  // Evidence as the runtime states it (reason and code), not a sentence: the glue words findings.
  const code = input.exitCode !== undefined ? ` (exit code ${input.exitCode})` : '';
  if (reason === 'CrashLoopBackOff') v.crashLoop = `CrashLoopBackOff${code}`;
  if (reason === 'OOMKilled') v.oomKilled = `OOMKilled${code}`;
  if (imagePullReasons.test(reason)) v.imagePull = { evidence: reason };

  for (const e of input.events ?? []) {
    if (crashLoop.test(e)) v.crashLoop = e.trim();
    if (oomEvent.test(e)) v.oomKilled = e.trim();
    const f = failedPull.exec(e) ?? backOffPull.exec(e);
    if (f) {
      // Keep the most informative event: the one with the registry's error.
      const withError = failedPull.test(e) && !/^Error:/.test(f[2] ?? '');
      if (!v.imagePull || withError || !v.imagePull.image) v.imagePull = { image: f[1], evidence: withError || !v.imagePull ? e.trim() : v.imagePull.evidence };
      else v.imagePull.image ??= f[1];
    } else if (/\b(ErrImagePull|ImagePullBackOff)\b/.test(e) && !v.imagePull) {
      v.imagePull = { evidence: e.trim() };
    }
    if (pulledOk.test(e) && !/Failed|Back-off/.test(e)) delete v.imagePull;
  }
  v.probe = probeFailures(input.events ?? []);
  if (!v.probe) delete v.probe;
  if (input.logs) {
    const d = dockerPull.exec(input.logs);
    if (d) v.imagePull ??= { image: d[1] ?? d[2] ?? d[3], evidence: d[0] };
    v.crashLoop ??= /[^\n]*CrashLoopBackOff[^\n]*/.exec(input.logs)?.[0].trim();
  }
  return v;
}
