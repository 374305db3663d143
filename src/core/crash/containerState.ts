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
const crashLoop = /CrashLoopBackOff|Back-off restarting failed container/;
const oomEvent = /OOMKill(ed|ing)|Memory cgroup out of memory|out of memory: Killed process|was OOM killed/i;
const probeFailed = /\b(Liveness|Readiness) probe failed:?\s*(.*)/;
// How often an event happened: kubectl describe's `(x9 over 11m)`, or `(x9)` after the reason.
const eventCount = /\(x(\d+)(?: over [^)]*)?\)/;
// The kubelet acts on a probe after failureThreshold failures in a row (3 by default): fewer is noise.
const repeatedFailures = 3;

/**
 * An event that says the image is there: "Successfully pulled image", or a
 * line with "Pulled", then "image", then "already present" or "pulled". One
 * search per word and line; as one regular expression with two `.*` it
 * backtracked over every pair of words (cubic in a long event).
 */
function saysPulled(event: string): boolean {
  if (/Successfully pulled image/i.test(event)) return true;
  for (const line of event.split(/[\n\r\u2028\u2029]/)) {
    const pulled = /\bPulled\b/i.exec(line);
    if (!pulled) continue;
    const rest = line.slice(pulled.index + pulled[0].length);
    const image = /\b(?:image|Container image)\b/i.exec(rest);
    if (image && /already present|pulled/i.test(rest.slice(image.index + image[0].length))) return true;
  }
  return false;
}

/**
 * The whole line of `text` holding `word`, or undefined. Found with indexOf:
 * a regular expression of `[^\n]*` around the word tries every start in a
 * line, quadratic in a long one (a 1 MB line without the word took minutes).
 */
function lineHolding(text: string, word: string): string | undefined {
  const at = text.indexOf(word);
  if (at < 0) return undefined;
  const end = text.indexOf('\n', at);
  return text.slice(text.lastIndexOf('\n', at) + 1, end < 0 ? text.length : end);
}

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
    if (saysPulled(e) && !/Failed|Back-off/.test(e)) delete v.imagePull;
  }
  v.probe = probeFailures(input.events ?? []);
  if (!v.probe) delete v.probe;
  if (input.logs) {
    const d = dockerPull.exec(input.logs);
    if (d) v.imagePull ??= { image: d[1] ?? d[2] ?? d[3], evidence: d[0] };
    v.crashLoop ??= lineHolding(input.logs, 'CrashLoopBackOff')?.trim();
  }
  return v;
}
