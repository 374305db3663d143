// Crash causes in the user's language: the core's findings carry English
// text, a stable code and data; the words shown are chosen here from code
// and data. A traceback's exception text is the user's own and is kept.
import type { Finding } from '../core/crash/crashCauses';
import { Strings } from '../platform/localize';

/** The diagnostic message of a finding. */
export function crashMessage(f: Finding): string {
  const d = f.data ?? {};
  switch (f.code) {
    case 'missing-module':
      return d.module && d.package ? Strings.crash.missingModule(d.module, d.package) : f.message;
    case 'oom-killed':
      return d.phase ? Strings.crash.oomKilledIn(d.phase) : Strings.crash.oomKilled();
    case 'insufficient-resources':
      return d.resource && d.nodesLacking !== undefined && d.nodesTotal !== undefined ? Strings.crash.insufficient(d.resource, d.nodesLacking, d.nodesTotal) : f.message;
    case 'schedule-timeout':
      return d.waited ? Strings.crash.scheduleTimeout(d.waited) : f.message;
    case 'image-pull':
      return d.image ? Strings.crash.imagePull(d.image) : f.message;
    case 'keyvault-access':
      return Strings.crash.keyVault();
    case 'overloaded-503':
      return Strings.crash.overloaded();
    case 'timeout-504':
      return d.timeoutMs || /HTTP 504/.test(f.detail ?? '') ? Strings.crash.timeout(d.timeoutMs ?? 60000) : f.message;
    case 'crash-loop':
      return Strings.crash.crashLoop();
    default:
      // init-failed, run-failed, model-not-found: the exception type and text as raised.
      return f.message;
  }
}

/** A few words for the tree node's description. */
export function crashSummary(f: Finding): string {
  const d = f.data ?? {};
  if ((f.code === 'init-failed' || f.code === 'run-failed') && d.exceptionType) return `${f.code === 'init-failed' ? 'init()' : 'run()'}: ${d.exceptionType.split('.').pop()}`;
  if (f.code === 'missing-module' && d.module) return `${d.module} missing`;
  if (f.code === 'insufficient-resources' && d.resource) return `not enough ${d.resource}`;
  return f.code;
}
